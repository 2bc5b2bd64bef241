using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Neo.Compiler.IR;
using Neo.Compiler.Options;
using Neo.Hosting;
using Neo.Runtime;

namespace Neo.Tests.Infrastructure;

/// <summary>A model built in a test, with the inputs to run it on.</summary>
public sealed record ReferenceCase(string Name, byte[] Model, params (string Name, TensorData Value)[] Inputs);

/// <summary>
/// Runs models through Neo (all of a test class's cases in one Roslyn compilation) and through ONNX
/// Runtime, and compares every output: max|got - expected| / max|expected| ≤ 1e-4 for floats (the project's
/// tolerance for float32 networks), exact for integers and bools.
/// </summary>
public static class OnnxRuntimeReference
{
    public const double Tolerance = 1e-4;

    /// <summary>Builds every case with Neo; returns, per case, null when all outputs match ONNX Runtime, else what differs.</summary>
    public static IReadOnlyList<string?> Compare(IReadOnlyList<ReferenceCase> cases)
    {
        var requests = cases.Select((c, i) => new CompileRequest
        {
            ModelPath = c.Name + ".onnx",
            ModelBytes = c.Model,
            ClassName = "Case" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Namespace = "Neo.Tests.Reference",
        }).ToList();
        IReadOnlyList<BatchEntry> built = InMemoryModelBatch.Build(requests);
        var results = new string?[cases.Count];
        for (int i = 0; i < cases.Count; i++)
        {
            try
            {
                results[i] = built[i].Model is null ? built[i].FailedStep + ": " + string.Join("\n", built[i].Errors) : CompareOne(cases[i], built[i].Model!);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                results[i] = e.GetType().Name + ": " + e.Message;
            }
        }

        return results;
    }

    /// <summary>Builds and compares every case once, when a test first asks: per case name, null or what differs.</summary>
    public static Lazy<Dictionary<string, string?>> CompareOnce(Func<IEnumerable<ReferenceCase>> cases) => new(() =>
    {
        List<ReferenceCase> list = cases().ToList();
        IReadOnlyList<string?> r = Compare(list);
        return list.Select((c, i) => (c.Name, r[i])).ToDictionary(p => p.Name, p => p.Item2);
    });

    /// <summary>One theory row per case: its name.</summary>
    public static IEnumerable<object[]> Names(IEnumerable<ReferenceCase> cases) => cases.Select(c => new object[] { c.Name });

    /// <summary>Fails with the difference unless case <paramref name="name"/> matched ONNX Runtime.</summary>
    public static void AssertMatches(Lazy<Dictionary<string, string?>> results, string name)
    {
        string? diff = results.Value[name];
        Xunit.Assert.True(diff is null, $"{name}: {diff}");
    }

    private static string? CompareOne(ReferenceCase c, InMemoryModel built)
    {
        using INeoModel model = built.Create();
        Array[] inputs = model.Signature.Inputs.Select(info => c.Inputs.Single(i => i.Name == info.Name).Value.Data).ToArray();
        Array[] outputs = model.Signature.Outputs.Select(o => Array.CreateInstance(o.ElementType, o.Length)).ToArray();
        model.Run(inputs, outputs);

        IReadOnlyDictionary<string, (Array Data, int[] Shape)> expected = Run(c.Model, c.Inputs);
        for (int k = 0; k < outputs.Length; k++)
        {
            TensorInfo info = model.Signature.Outputs[k];
            (Array want, int[] shape) = expected[info.Name];
            if (!shape.SequenceEqual(info.Shape))
            {
                return $"output '{info.Name}' has shape {Shapes.Format(info.Shape)}, ONNX Runtime {Shapes.Format(shape)}";
            }

            string? diff = Difference(outputs[k], want);
            if (diff is not null)
            {
                return $"output '{info.Name}': {diff}";
            }
        }

        return null;
    }

    /// <summary>Runs <paramref name="model"/> in ONNX Runtime; every output by name, with its shape.</summary>
    public static IReadOnlyDictionary<string, (Array Data, int[] Shape)> Run(byte[] model, IEnumerable<(string Name, TensorData Value)> inputs)
    {
        using var session = new InferenceSession(model);
        var feeds = inputs.Select(i => ToOrt(i.Name, i.Value)).ToList();
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = session.Run(feeds);
        return results.ToDictionary(r => r.Name, FromOrt);
    }

    /// <summary>Null when equal within the tolerance.</summary>
    public static string? Difference(Array got, Array want)
    {
        if (got.Length != want.Length)
        {
            return $"{got.Length} elements, expected {want.Length}";
        }

        if (got is float[] g && want is float[] w)
        {
            double err = Infrastructure.Tolerance.RelativeError(g, w);
            return err <= Tolerance ? null : $"relative error {err:E3} exceeds {Tolerance:E1}";
        }

        for (int i = 0; i < got.Length; i++)
        {
            if (!Equals(got.GetValue(i), want.GetValue(i)))
            {
                return $"element {i} is {got.GetValue(i)}, expected {want.GetValue(i)}";
            }
        }

        return null;
    }

    private static NamedOnnxValue ToOrt(string name, TensorData v) => v.Type switch
    {
        // By element type, not array type: the runtime lets a sbyte[] pass for a byte[].
        DataType.Float32 => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(v.As<float>(), v.Shape)),
        DataType.Int64 => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<long>(v.As<long>(), v.Shape)),
        DataType.Int32 => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<int>(v.As<int>(), v.Shape)),
        DataType.UInt8 => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<byte>(v.As<byte>(), v.Shape)),
        DataType.Int8 => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<sbyte>(v.As<sbyte>(), v.Shape)),
        DataType.Bool => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<bool>(v.As<bool>(), v.Shape)),
        DataType.Float64 => NamedOnnxValue.CreateFromTensor(name, new DenseTensor<double>(v.As<double>(), v.Shape)),
        _ => throw new NotSupportedException(v.Type.ToString()),
    };

    private static (Array Data, int[] Shape) FromOrt(DisposableNamedOnnxValue v) => v.Value switch
    {
        DenseTensor<float> t => (t.Buffer.ToArray(), t.Dimensions.ToArray()),
        DenseTensor<sbyte> t => (t.Buffer.ToArray(), t.Dimensions.ToArray()),
        DenseTensor<long> t => (t.Buffer.ToArray(), t.Dimensions.ToArray()),
        DenseTensor<int> t => (t.Buffer.ToArray(), t.Dimensions.ToArray()),
        DenseTensor<byte> t => (t.Buffer.ToArray(), t.Dimensions.ToArray()),
        DenseTensor<bool> t => (t.Buffer.ToArray(), t.Dimensions.ToArray()),
        DenseTensor<double> t => (t.Buffer.ToArray(), t.Dimensions.ToArray()),
        _ => throw new NotSupportedException(v.Value.GetType().Name),
    };

    /// <summary>A seed that depends only on <paramref name="name"/> (string hashes differ between processes).</summary>
    public static int Seed(string name)
    {
        uint h = 2166136261;
        foreach (char c in name)
        {
            h = (h ^ c) * 16777619;
        }

        return (int)(h & 0x7fffffff);
    }

    /// <summary>Seeded uniform floats in [-scale, scale].</summary>
    public static TensorData Random(Random random, float scale, params int[] shape)
    {
        var data = new float[Shapes.Size(shape)];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (float)(((random.NextDouble() * 2) - 1) * scale);
        }

        return TensorData.FromFloats(shape, data);
    }
}
