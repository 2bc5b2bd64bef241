// Classifies the 143 held-back rows of the Wisconsin breast-cancer table with an XGBoost model that Neo
// compiled at build time: the whole table in one call, then row by row, and checks XGBoost's probabilities.
using System.Diagnostics;
using System.Globalization;
using BreastCancer;

string Here(string file) => Path.Combine(AppContext.BaseDirectory, file);
var rows = File.ReadLines(Here("breast_cancer_test.csv")).Skip(1)
    .Select(line => line.Split(',').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray())
    .ToList();
float[] expected = File.ReadLines(Here("breast_cancer_test_prob.csv")).Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();
int[] labels = rows.Select(r => (int)r[0]).ToArray();
float[] features = rows.SelectMany(r => r.Skip(1)).ToArray();

using var model = new Tumors();

// The whole table at once: Predict(features, rows) takes any number of rows.
Tumors.Outputs all = model.Predict(features, rows.Count);
int correct = labels.Where((label, i) => (all.Prediction[i] > 0.5f ? 1 : 0) == label).Count();
double worst = all.Prediction.Zip(expected, (p, e) => Math.Abs(p - e)).Max();

// One row at a time, allocating nothing: the single-row form of the generated class.
var probability = new float[Tumors.PredictionLength];
var margin = new float[Tumors.MarginLength];
// Warm up for a second first: the JIT compiles hot methods again, optimized, after they have run a while.
var warmup = Stopwatch.StartNew();
while (warmup.ElapsedMilliseconds < 1000)
{
    PredictEachRow();
}

const int Passes = 20;

var clock = Stopwatch.StartNew();
for (int pass = 0; pass < Passes; pass++)
{
    PredictEachRow();
}

clock.Stop();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Accuracy: {100.0 * correct / rows.Count:0.00}% ({correct}/{rows.Count})"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Largest difference from XGBoost's probabilities: {worst:E1}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Mean latency: {clock.Elapsed.TotalMicroseconds / (Passes * rows.Count):0.00} µs per row"));

void PredictEachRow()
{
    for (int i = 0; i < rows.Count; i++)
    {
        model.Predict(features.AsSpan(i * Tumors.FeaturesPerRow, Tumors.FeaturesPerRow), probability, margin);
    }
}
