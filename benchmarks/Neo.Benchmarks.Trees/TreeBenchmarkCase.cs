using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Onnx;
using Neo.Compiler.Trees;
using Neo.Compiler.Trees.XGBoost;

namespace Neo.Benchmarks.Trees;

/// <summary>One case of cases.json: the XGBoost model, its rows, and the ONNX twin of its trees if there is one.</summary>
public sealed class TreeBenchmarkCase
{
    private TreeBenchmarkCase(string name, string model, string data, string? onnx)
    {
        Name = name;
        ModelPath = model;
        DataDirectory = data;
        OnnxPath = onnx;
    }

    public string Name { get; }

    public string ModelPath { get; }

    public string DataDirectory { get; }

    public string? OnnxPath { get; }

    public static string RepoRoot { get; } = FindRepoRoot();

    public static IReadOnlyList<TreeBenchmarkCase> All { get; } = Load();

    public static TreeBenchmarkCase Get(string name) => All.First(c => c.Name == name);

    /// <summary>Every case, or those NEO_TREE_BENCH_CASES names (comma-separated).</summary>
    public static IEnumerable<TreeBenchmarkCase> Selected =>
        Environment.GetEnvironmentVariable("NEO_TREE_BENCH_CASES") is { Length: > 0 } names
            ? All.Where(c => names.Split(',').Contains(c.Name))
            : All;

    /// <summary>The batch sizes: 4,096 and 1, or NEO_TREE_BENCH_ROWS (for example "4096") for a shorter run.</summary>
    public static IEnumerable<int> RowCounts() =>
        Environment.GetEnvironmentVariable("NEO_TREE_BENCH_ROWS") is { Length: > 0 } rows
            ? rows.Split(',').Select(r => int.Parse(r, System.Globalization.CultureInfo.InvariantCulture))
            : new[] { 4096, 1 };

    /// <summary>The case's rows repeated to <paramref name="rows"/> rows, as xgboost_predict.py builds them.</summary>
    public float[] Batch(int rows, out int features)
    {
        (string _, TensorData x) = OnnxTensors.ReadFile(Path.Combine(DataDirectory, "test_data_set_0", "input_0.pb"));
        features = x.Shape[1];
        float[] source = x.As<float>();
        var batch = new float[rows * features];
        for (int r = 0; r < rows; r++)
        {
            Array.Copy(source, (r % x.Shape[0]) * features, batch, r * features, features);
        }

        return batch;
    }

    /// <summary>The model's trees in Neo's tree IR (what the branch-code baseline is generated from).</summary>
    public TreeEnsemble Ensemble()
    {
        var diagnostics = new DiagnosticBag(ModelPath);
        Model model = new XGBoostImporter().Import(File.ReadAllBytes(ModelPath), ModelPath, null, diagnostics)
            ?? throw new InvalidOperationException(string.Join("\n", diagnostics.Items));
        return TreeEnsembleOperator.Ensemble(model.Graph.Nodes[0]);
    }

    private static List<TreeBenchmarkCase> Load()
    {
        string spec = Path.Combine(RepoRoot, "benchmarks", "Neo.Benchmarks.Trees", "cases.json");
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(spec));
        var cases = new List<TreeBenchmarkCase>();
        foreach (JsonElement c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            string model = Path.GetFullPath(Path.Combine(RepoRoot, c.GetProperty("model").GetString()!));
            if (!File.Exists(model))
            {
                Console.Error.WriteLine($"Skipping {c.GetProperty("name").GetString()}: {model} is missing (run tests/data/trees/make_cases.py --bench).");
                continue;
            }

            string? onnx = c.TryGetProperty("onnx", out JsonElement o) ? Path.GetFullPath(Path.Combine(RepoRoot, o.GetString()!)) : null;
            cases.Add(new TreeBenchmarkCase(
                c.GetProperty("name").GetString()!,
                model,
                Path.GetFullPath(Path.Combine(RepoRoot, c.GetProperty("data").GetString()!)),
                onnx is not null && File.Exists(onnx) ? onnx : null));
        }

        return cases;
    }

    private static string FindRepoRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Neo.Build.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("Cannot find Neo.Build.sln above " + AppContext.BaseDirectory);
    }
}
