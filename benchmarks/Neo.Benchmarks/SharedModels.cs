using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Neo.Compiler.IR;
using Neo.Compiler.Onnx;

namespace Neo.Benchmarks;

/// <summary>The evaluation models in ../shared/models: each ONNX case with its compile shapes and stored inputs.</summary>
public sealed class SharedModel
{
    private SharedModel(string directory, string shapes, List<(string Name, TensorData Value)> inputs)
    {
        Directory = directory;
        Shapes = shapes;
        Inputs = inputs;
    }

    public string Name => Path.GetFileName(Directory);

    public string Directory { get; }

    public string ModelPath => Path.Combine(Directory, "model.onnx");

    /// <summary>The NeoModel Shapes value from case.json.</summary>
    public string Shapes { get; }

    public List<(string Name, TensorData Value)> Inputs { get; }

    /// <summary>../shared/models from the repository root (found by walking up from the working directory or the binary).</summary>
    public static string Root()
    {
        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (DirectoryInfo? d = new(start); d is not null; d = d.Parent)
            {
                string candidate = Path.Combine(d.FullName, "..", "shared", "models");
                if (File.Exists(Path.Combine(d.FullName, "Neo.Build.sln")) && System.IO.Directory.Exists(candidate))
                {
                    return Path.GetFullPath(candidate);
                }
            }
        }

        throw new DirectoryNotFoundException("../shared/models was not found beside the repository.");
    }

    /// <summary>The ONNX cases, by name (tree-ensemble cases have no ONNX model for ONNX Runtime to run).</summary>
    public static IEnumerable<string> OnnxNames() =>
        System.IO.Directory.GetDirectories(Root())
            .Where(d => File.Exists(Path.Combine(d, "model.onnx")))
            .Select(Path.GetFileName)
            .OrderBy(n => n, StringComparer.Ordinal)!;

    /// <summary>
    /// Held-out models of the same classes, made by the test scripts into artifacts/ (tests/scripts/make_heldout.py,
    /// make_real_models.py; the test run makes them): their names, where present.
    /// </summary>
    public static IEnumerable<string> HeldOutNames() =>
        HeldOutRoots()
            .Where(System.IO.Directory.Exists)
            .SelectMany(System.IO.Directory.GetDirectories)
            .Where(d => File.Exists(Path.Combine(d, "model.onnx")) && File.Exists(Path.Combine(d, "test_data_set_0", "input_0.pb")))
            .Select(Path.GetFileName)
            .OrderBy(n => n, StringComparer.Ordinal)!;

    private static IEnumerable<string> HeldOutRoots()
    {
        string repo = Environment.CurrentDirectory;
        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (DirectoryInfo? d = new(start); d is not null; d = d.Parent)
            {
                if (File.Exists(Path.Combine(d.FullName, "Neo.Build.sln")))
                {
                    repo = d.FullName;
                    break;
                }
            }
        }

        return new[] { Path.Combine(repo, "artifacts", "heldout"), Path.Combine(repo, "artifacts", "real") };
    }

    public static SharedModel Load(string name)
    {
        string directory = Path.Combine(Root(), name);
        if (!System.IO.Directory.Exists(directory))
        {
            directory = HeldOutRoots().Select(r => Path.Combine(r, name)).FirstOrDefault(System.IO.Directory.Exists)
                ?? throw new DirectoryNotFoundException($"{name}: neither in ../shared/models nor made under artifacts/ (run the tests, or tests/scripts/make_heldout.py).");
        }
        string shapes = "";
        string json = Path.Combine(directory, "case.json");
        if (File.Exists(json))
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(json));
            if (doc.RootElement.TryGetProperty("shapes", out JsonElement s))
            {
                shapes = string.Join(";", s.EnumerateObject().Select(p => p.Name + "=" + string.Join("x", p.Value.EnumerateArray().Select(d => d.GetInt32()))));
            }
        }

        var inputs = new List<(string, TensorData)>();
        string data = Path.Combine(directory, "test_data_set_0");
        for (int i = 0; File.Exists(Path.Combine(data, $"input_{i}.pb")); i++)
        {
            inputs.Add(OnnxTensors.ReadFile(Path.Combine(data, $"input_{i}.pb")));
        }

        return new SharedModel(directory, shapes, inputs);
    }
}
