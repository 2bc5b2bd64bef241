// samples/DigitClassifier/Program.cs on ONNX Runtime: the 450 held-back digits, accuracy and latency.
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;

string csv = Path.Combine(AppContext.BaseDirectory, "digits_test.csv");
var rows = File.ReadLines(csv).Skip(1)
    .Select(line => line.Split(','))
    .Select(f => (Label: int.Parse(f[0], CultureInfo.InvariantCulture), Pixels: f.Skip(1).Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray()))
    .ToList();

using var session = new InferenceSession(Path.Combine(AppContext.BaseDirectory, "digits.onnx"));
using var runOptions = new RunOptions();
var pixels = new float[64];
var logits = new float[10];
using var input = OrtValue.CreateTensorValueFromMemory(pixels, new long[] { 1, 1, 8, 8 });
using var output = OrtValue.CreateTensorValueFromMemory(logits, new long[] { 1, 10 });
string[] inputNames = { "pixels" };
string[] outputNames = { "logits" };
OrtValue[] inputValues = { input };
OrtValue[] outputValues = { output };

// Warm up once, then time every prediction (each copies its row into the pinned input tensor).
rows[0].Pixels.CopyTo(pixels, 0);
session.Run(runOptions, inputNames, inputValues, outputNames, outputValues);
int correct = 0;
var clock = Stopwatch.StartNew();
foreach (var (label, row) in rows)
{
    row.CopyTo(pixels, 0);
    session.Run(runOptions, inputNames, inputValues, outputNames, outputValues);
    if (ArgMax(logits) == label)
    {
        correct++;
    }
}

clock.Stop();
double accuracy = 100.0 * correct / rows.Count;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Accuracy: {accuracy:0.00}% ({correct}/{rows.Count})"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Mean latency: {clock.Elapsed.TotalMicroseconds / rows.Count:0.0} µs per prediction"));

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
