// Classifies the 450 held-back rows of scikit-learn's digits with a CNN that Neo compiled at build time.
using System.Diagnostics;
using System.Globalization;
using DigitClassifier;

string csv = Path.Combine(AppContext.BaseDirectory, "digits_test.csv");
var rows = File.ReadLines(csv).Skip(1)
    .Select(line => line.Split(','))
    .Select(f => (Label: int.Parse(f[0], CultureInfo.InvariantCulture), Pixels: f.Skip(1).Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray()))
    .ToList();

using var model = new Digits();
var logits = new float[Digits.LogitsLength];

// Warm up once (JIT), then time every prediction.
model.Predict(rows[0].Pixels, logits);
int correct = 0;
var clock = Stopwatch.StartNew();
foreach (var (label, pixels) in rows)
{
    model.Predict(pixels, logits);
    if (ArgMax(logits) == label)
    {
        correct++;
    }
}

clock.Stop();
double accuracy = 100.0 * correct / rows.Count;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Accuracy: {accuracy:0.00}% ({correct}/{rows.Count})"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Mean latency: {clock.Elapsed.TotalMicroseconds / rows.Count:0.0} µs per prediction"));
Console.WriteLine($"Vector path: {Neo.Runtime.RuntimeInfo.VectorPath}");

static int ArgMax(ReadOnlySpan<float> values)
{
    int best = 0;
    for (int i = 1; i < values.Length; i++)
    {
        if (values[i] > values[best])
        {
            best = i;
        }
    }

    return best;
}
