using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Neo.Compiler.IR;
using Neo.Compiler.Onnx;

namespace Neo.Tests.Infrastructure;

/// <summary>A case in the ONNX backend-test layout: a model, the shapes to compile for, inputs and reference outputs.</summary>
public sealed class ModelCase
{
    private ModelCase(string directory)
    {
        Directory = directory;
        Name = Path.GetFileName(directory);
    }

    public string Directory { get; }

    public string Name { get; }

    public string ModelPath => Path.Combine(Directory, "model.onnx");

    /// <summary>The Shapes metadata built from case.json (empty when there is none).</summary>
    public string Shapes { get; private set; } = "";

    public List<(string Name, TensorData Value)> Inputs { get; } = new();

    public List<(string Name, TensorData Value)> Outputs { get; } = new();

    public static ModelCase Load(string directory, string dataSet = "test_data_set_0")
    {
        var c = new ModelCase(directory);
        string json = Path.Combine(directory, "case.json");
        if (File.Exists(json))
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(json));
            if (doc.RootElement.TryGetProperty("shapes", out JsonElement shapes))
            {
                c.Shapes = string.Join(";", shapes.EnumerateObject().Select(p => p.Name + "=" + string.Join("x", p.Value.EnumerateArray().Select(d => d.GetInt32()))));
            }
        }

        string data = Path.Combine(directory, dataSet);
        for (int i = 0; File.Exists(Path.Combine(data, $"input_{i}.pb")); i++)
        {
            c.Inputs.Add(OnnxTensors.ReadFile(Path.Combine(data, $"input_{i}.pb")));
        }

        for (int i = 0; File.Exists(Path.Combine(data, $"output_{i}.pb")); i++)
        {
            c.Outputs.Add(OnnxTensors.ReadFile(Path.Combine(data, $"output_{i}.pb")));
        }

        return c;
    }

    /// <summary>The shared cases that hold an ONNX model.</summary>
    public static IEnumerable<string> SharedOnnxCases() =>
        System.IO.Directory.GetDirectories(TestPaths.SharedModels)
            .Where(d => File.Exists(Path.Combine(d, "model.onnx")))
            .Select(Path.GetFileName)
            .OrderBy(n => n, StringComparer.Ordinal)!;
}
