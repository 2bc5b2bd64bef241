using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Neo.Compiler;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Options;
using Neo.Hosting;
using Neo.Runtime;
using Neo.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Neo.Tests.Robustness;

/// <summary>
/// Mutates the shared models thousands of times (<see cref="ModelMutator"/>) and compiles every mutant:
/// each must give a successful build or coded, documented diagnostics, never an exception, NEO1300, or a
/// hang. Some mutants that build are also generated, compiled by Roslyn and run, and where ONNX Runtime
/// accepts the same mutant, both must compute the same outputs. Every mutant is made from its index
/// alone, so a failure names the index that reproduces it (NEO_FUZZ_FIRST=index NEO_FUZZ_ITERATIONS=1).
/// </summary>
public sealed class FuzzTests
{
    private static readonly TimeSpan PerCompileLimit = TimeSpan.FromSeconds(20);

    private readonly ITestOutputHelper _log;

    public FuzzTests(ITestOutputHelper log) => _log = log;

    /// <summary>Every seed builds, so mutants of it reach the passes, lowering and planning, not only the importer.</summary>
    [Fact]
    public void EverySeedModelBuilds()
    {
        foreach ((string name, byte[] bytes) in Seeds())
        {
            CompileResult result = NeoCompiler.Compile(new CompileRequest { ModelPath = name + ".onnx", ModelBytes = bytes, ClassName = "Fuzz", Namespace = "Tests" });
            Assert.True(result.Success, $"{name}: {string.Join("; ", result.Diagnostics)}");
        }
    }

    [Fact]
    public void MutatedModelsGiveOnlyCodedDiagnosticsOrCorrectCode()
    {
        int first = Setting("NEO_FUZZ_FIRST", 0);
        int iterations = Setting("NEO_FUZZ_ITERATIONS", 5000);
        var budget = TimeSpan.FromSeconds(Setting("NEO_FUZZ_SECONDS", 60));
        int maxHosted = Setting("NEO_FUZZ_HOSTED", 8);
        var hostBudget = TimeSpan.FromSeconds(Setting("NEO_FUZZ_HOST_SECONDS", 30));
        var candidates = new Dictionary<string, List<(int Index, string Id, CompileRequest Request, byte[] Mutant)>>(StringComparer.Ordinal);
        List<(string Name, byte[] Bytes)> seeds = Seeds();
        string failureDir = Path.Combine(Path.GetTempPath(), "neo-fuzz-failures");
        var failures = new List<string>();
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        int ran = 0, hosted = 0, agreed = 0, ortRefused = 0;
        var clock = Stopwatch.StartNew();
        TimeSpan slowest = TimeSpan.Zero;
        for (int i = first; i < first + iterations && clock.Elapsed < budget; i++)
        {
            (string name, byte[] seed) = seeds[i % seeds.Count];
            byte[] mutant = ModelMutator.Mutate(seed, new Random(i));
            string id = $"#{i} ({name})";
            ran++;
            var request = new CompileRequest { ModelPath = name + ".onnx", ModelBytes = mutant, ClassName = "Fuzz", Namespace = "Tests" };
            CompileResult result;
            var one = Stopwatch.StartNew();
            try
            {
                result = NeoCompiler.Compile(request);
            }
            catch (Exception e)
            {
                failures.Add($"{id}: Compile threw {e.GetType().Name}: {e.Message}");
                Save(failureDir, i, mutant);
                continue;
            }

            slowest = one.Elapsed > slowest ? one.Elapsed : slowest;
            if (one.Elapsed > PerCompileLimit)
            {
                failures.Add($"{id}: took {one.Elapsed.TotalSeconds:0.0} s");
                Save(failureDir, i, mutant);
            }

            string outcome = result.Success ? "built" : string.Join("+", result.Diagnostics.Where(d => d.IsError).Select(d => d.Code).Distinct().OrderBy(c => c, StringComparer.Ordinal));
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            foreach (NeoDiagnostic d in result.Diagnostics)
            {
                if (d.Code == DiagnosticCodes.InternalError || !DiagnosticsAssert.DocumentedCodes.Contains(d.Code) || d.File != request.ModelPath)
                {
                    failures.Add($"{id}: {d}");
                    Save(failureDir, i, mutant);
                }
            }

            if (!result.Success && !result.Diagnostics.Any(d => d.IsError))
            {
                failures.Add($"{id}: failed without an error");
            }

            if (result.Success && i % 3 == 0)
            {
                List<(int, string, CompileRequest, byte[])> list = candidates.TryGetValue(name, out var l) ? l : candidates[name] = new();
                if (list.Count < maxHosted)
                {
                    list.Add((i, id, request, mutant));
                }
            }
        }

        // Then some that built are generated, compiled by Roslyn and run (a second or two each), one per
        // seed model first so that every model's code paths are exercised.
        var fuzzing = clock.Elapsed;
        var chosen = Enumerable.Range(0, maxHosted)
            .SelectMany(k => candidates.Values.Where(l => l.Count > k).Select(l => l[k]))
            .Take(maxHosted)
            .ToList();
        foreach ((int index, string id, CompileRequest request, byte[] mutant) in chosen)
        {
            if (clock.Elapsed - fuzzing > hostBudget && hosted > 0)
            {
                break;
            }

            hosted++;
            string? problem = RunAndCompare(request, mutant, ref agreed, ref ortRefused);
            if (problem is not null)
            {
                failures.Add($"{id}: {problem}");
                Save(failureDir, index, mutant);
            }
        }

        _log.WriteLine($"{ran} mutants compiled in {fuzzing.TotalSeconds:0.0} s (slowest {slowest.TotalMilliseconds:0} ms); {hosted} that built were run in {(clock.Elapsed - fuzzing).TotalSeconds:0.0} s, {agreed} agree with ONNX Runtime, {ortRefused} refused by it");
        foreach (KeyValuePair<string, int> kv in outcomes.OrderByDescending(kv => kv.Value))
        {
            _log.WriteLine($"  {kv.Value,5}  {kv.Key}");
        }

        Assert.True(failures.Count == 0, $"{failures.Count} mutants broke the rules (saved to {failureDir}):\n{string.Join("\n", failures.Take(40))}");
        Assert.True(ran >= Math.Min(iterations, 200), $"only {ran} mutants ran in the time budget");
        Assert.True(outcomes.GetValueOrDefault("built") > 0 || iterations < 50, "no mutant built: the mutations are too destructive to test the later stages");
    }

    /// <summary>Generates, compiles and runs a mutant that built; compares with ONNX Runtime when it accepts the mutant too.</summary>
    private static string? RunAndCompare(CompileRequest request, byte[] mutant, ref int agreed, ref int ortRefused)
    {
        INeoModel model;
        try
        {
            model = InMemoryModel.Build(request).Create();
        }
        catch (ModelBuildException e)
        {
            return "the compiler accepted it but the generated code did not build: " + e.Message;
        }

        using (model)
        {
            var rng = new Random(mutant.Length);
            Array[] inputs = model.Signature.Inputs.Select(i => RandomArray(i.ElementType, i.Length, rng)).ToArray();
            Array[] outputs = model.Signature.Outputs.Select(o => Array.CreateInstance(o.ElementType, o.Length)).ToArray();
            try
            {
                model.Run(inputs, outputs);
            }
            catch (NeoRuntimeException)
            {
                return null; // A coded run-time error (an index out of range in the random inputs).
            }
            catch (Exception e)
            {
                return $"the built model threw {e.GetType().Name} at run time: {e.Message}";
            }

            InferenceSession session;
            try
            {
                session = new InferenceSession(mutant);
            }
            catch (OnnxRuntimeException)
            {
                ortRefused++; // Neo is more lenient (it ignores attributes an operator does not define, for example).
                return null;
            }

            using (session)
            {
                IReadOnlyList<NamedOnnxValue> feeds;
                try
                {
                    feeds = model.Signature.Inputs.Select((info, k) => Feed(info, inputs[k])).ToList();
                }
                catch (NotSupportedException)
                {
                    return null;
                }

                Dictionary<string, Array> expected;
                try
                {
                    using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = session.Run(feeds);
                    expected = results.GroupBy(r => r.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => ToArray(g.First()), StringComparer.Ordinal);
                }
                catch (OnnxRuntimeException)
                {
                    ortRefused++;
                    return null;
                }

                for (int o = 0; o < outputs.Length; o++)
                {
                    string name = model.Signature.Outputs[o].Name;
                    if (!expected.TryGetValue(name, out Array? want) || want.Length == 0 && outputs[o].Length == 0)
                    {
                        continue;
                    }

                    if (Compare(outputs[o], want) is { } difference)
                    {
                        return $"output '{name}' differs from ONNX Runtime: {difference}";
                    }
                }

                agreed++;
                return null;
            }
        }
    }

    private static string? Compare(Array got, Array want)
    {
        if (got.Length != want.Length)
        {
            return $"{got.Length} values, ONNX Runtime has {want.Length}";
        }

        double[] g = got.Cast<object>().Select(ToDouble).ToArray();
        double[] w = want.Cast<object>().Select(ToDouble).ToArray();
        double scale = w.Where(v => !double.IsNaN(v) && !double.IsInfinity(v)).Select(Math.Abs).DefaultIfEmpty(0).Max();
        for (int i = 0; i < g.Length; i++)
        {
            if (double.IsNaN(w[i]) || double.IsInfinity(w[i]) || double.IsNaN(g[i]) || double.IsInfinity(g[i]))
            {
                if (!g[i].Equals(w[i]))
                {
                    return $"value {i} is {g[i]}, ONNX Runtime has {w[i]}";
                }

                continue;
            }

            if (Math.Abs(g[i] - w[i]) > 1e-4 * Math.Max(scale, 1e-6))
            {
                return $"value {i} is {g[i]}, ONNX Runtime has {w[i]} (scale {scale})";
            }
        }

        return null;
    }

    private static double ToDouble(object v) => v switch
    {
        float f => f,
        double d => d,
        Half h => (double)h,
        bool b => b ? 1 : 0,
        _ => Convert.ToDouble(v, CultureInfo.InvariantCulture),
    };

    private static Array RandomArray(Type type, int length, Random rng)
    {
        Array a = Array.CreateInstance(type, length);
        for (int i = 0; i < length; i++)
        {
            object v = type == typeof(float) ? (float)((rng.NextDouble() * 4) - 2)
                : type == typeof(double) ? (rng.NextDouble() * 4) - 2
                : type == typeof(bool) ? rng.Next(2) == 1
                : Convert.ChangeType(rng.Next(0, 4), type, CultureInfo.InvariantCulture);
            a.SetValue(v, i);
        }

        return a;
    }

    private static NamedOnnxValue Feed(TensorInfo info, Array data)
    {
        int[] shape = info.Shape.ToArray();
        return data switch
        {
            float[] f => NamedOnnxValue.CreateFromTensor(info.Name, new DenseTensor<float>(f, shape)),
            double[] d => NamedOnnxValue.CreateFromTensor(info.Name, new DenseTensor<double>(d, shape)),
            long[] l => NamedOnnxValue.CreateFromTensor(info.Name, new DenseTensor<long>(l, shape)),
            int[] n => NamedOnnxValue.CreateFromTensor(info.Name, new DenseTensor<int>(n, shape)),
            bool[] b => NamedOnnxValue.CreateFromTensor(info.Name, new DenseTensor<bool>(b, shape)),
            _ => throw new NotSupportedException(),
        };
    }

    private static Array ToArray(DisposableNamedOnnxValue v) => v.Value switch
    {
        Tensor<float> t => t.ToArray(),
        Tensor<double> t => t.ToArray(),
        Tensor<long> t => t.ToArray(),
        Tensor<int> t => t.ToArray(),
        Tensor<bool> t => t.ToArray(),
        _ => Array.Empty<float>(),
    };

    /// <summary>The models mutants are made from: small shared models (so thousands fit the budget) and one with every operator family.</summary>
    private static List<(string Name, byte[] Bytes)> Seeds()
    {
        var seeds = new List<(string, byte[])>();
        foreach (string c in new[] { "mlp_tabular", "lenet_mnist", "lstm_text", "tiny_bert" })
        {
            seeds.Add((c, File.ReadAllBytes(Path.Combine(TestPaths.SharedModels, c, "model.onnx"))));
        }

        seeds.Add(("digits", File.ReadAllBytes(Path.Combine(TestPaths.Shared, "samples", "digits.onnx"))));
        seeds.Add(("mixed", MixedOperators()));
        seeds.Add(("recurrent", RecurrentAndControlFlow()));
        return seeds;
    }

    /// <summary>
    /// A small model through the operators that came later: ConvTranspose, Resize, int8 quantization, GRU
    /// and a Loop unrolled at build time, so mutants reach their attribute and shape checks.
    /// </summary>
    internal static byte[] RecurrentAndControlFlow()
    {
        var body = new OnnxBuilder(13)
            .Input("i", DataType.Int64).Input("cond_in", DataType.Bool).Input("h_in", DataType.Float32, 1, 1, 3)
            .Node("Cast", new[] { "i" }, new[] { "fi" }, "cast_i", ("to", (long)DataType.Float32))
            .Node("Add", new[] { "h_in", "fi" }, new[] { "sum" }, "add_i")
            .Node("Tanh", new[] { "sum" }, new[] { "h_out" }, "tanh")
            .Node("Identity", new[] { "cond_in" }, new[] { "cond_out" }, "keep_going")
            .OutputAnyShape("cond_out", DataType.Bool).Output("h_out", DataType.Float32, 1, 1, 3).Output("h_out2", DataType.Float32, 1, 1, 3);
        body.Node("Neg", new[] { "h_out" }, new[] { "h_out2" }, "neg");
        return new OnnxBuilder(13)
            .Input("x", DataType.Float32, 1, 2, 4, 4)
            .Initializer("wt", new[] { 2, 2, 2, 2 }, Enumerable.Range(0, 16).Select(i => ((i % 5) - 2) / 4f).ToArray())
            .Node("ConvTranspose", new[] { "x", "wt" }, new[] { "up" }, "deconv", ("strides", new long[] { 2, 2 }))
            .Initializer("sizes", new[] { 4 }, new long[] { 1, 2, 4, 4 })
            .Node("Resize", new[] { "up", "", "", "sizes" }, new[] { "down" }, "resize", ("mode", "linear"))
            .Initializer("qs", Array.Empty<int>(), new[] { 0.05f })
            .Initializer("qz", new TensorData(DataType.UInt8, Array.Empty<int>(), new byte[] { 128 }))
            .Node("QuantizeLinear", new[] { "down", "qs", "qz" }, new[] { "q" }, "quantize")
            .Node("DequantizeLinear", new[] { "q", "qs", "qz" }, new[] { "dq" }, "dequantize")
            .Initializer("seq_shape", new[] { 3 }, new long[] { 4, 1, 8 })
            .Node("Reshape", new[] { "dq", "seq_shape" }, new[] { "seq" }, "to_sequence")
            .Initializer("gw", new[] { 1, 9, 8 }, Enumerable.Range(0, 72).Select(i => ((i % 9) - 4) / 10f).ToArray())
            .Initializer("gr", new[] { 1, 9, 3 }, Enumerable.Range(0, 27).Select(i => ((i % 7) - 3) / 10f).ToArray())
            .Node("GRU", new[] { "seq", "gw", "gr" }, new[] { "ys", "yh" }, "gru", ("hidden_size", 3L))
            .Initializer("trips", Array.Empty<int>(), new[] { 3L })
            .Initializer("go", new TensorData(DataType.Bool, Array.Empty<int>(), new[] { true }))
            .Node("Loop", new[] { "trips", "go", "yh" }, new[] { "h", "hs" }, "loop", ("body", body))
            .OutputAnyShape("ys", DataType.Float32)
            .OutputAnyShape("h", DataType.Float32)
            .OutputAnyShape("hs", DataType.Float32)
            .ToBytes();
    }

    /// <summary>A small model that touches every operator family Neo had when this test was written.</summary>
    private static byte[] MixedOperators() => new OnnxBuilder()
        .Input("x", DataType.Float32, 1, 2, 6, 6)
        .Initializer("w", new[] { 3, 2, 3, 3 }, Enumerable.Range(0, 54).Select(i => ((i % 7) - 3) / 10f).ToArray())
        .Initializer("b", new[] { 3 }, new[] { 0.1f, -0.2f, 0.3f })
        .Node("Conv", new[] { "x", "w", "b" }, new[] { "c" }, "conv", ("pads", new long[] { 1, 1, 1, 1 }), ("strides", new long[] { 1, 1 }))
        .Node("Relu", new[] { "c" }, new[] { "r" })
        .Node("MaxPool", new[] { "r" }, new[] { "p" }, "pool", ("kernel_shape", new long[] { 2, 2 }), ("strides", new long[] { 2, 2 }))
        .Node("AveragePool", new[] { "p" }, new[] { "a" }, "avg", ("kernel_shape", new long[] { 2, 2 }), ("pads", new long[] { 0, 0, 1, 1 }))
        .Node("GlobalAveragePool", new[] { "a" }, new[] { "g" })
        .Node("Flatten", new[] { "g" }, new[] { "f" }, "flatten", ("axis", 1L))
        .Initializer("gw", new[] { 3, 4 }, Enumerable.Range(0, 12).Select(i => i / 12f).ToArray())
        .Initializer("gb", new[] { 4 }, new[] { 0f, 1f, 2f, 3f })
        .Node("Gemm", new[] { "f", "gw", "gb" }, new[] { "m" }, "gemm", ("alpha", 0.5f), ("beta", 1f))
        .Initializer("lo", Array.Empty<int>(), new[] { -0.5f })
        .Initializer("hi", Array.Empty<int>(), new[] { 6f })
        .Node("Clip", new[] { "m", "lo", "hi" }, new[] { "k" })
        .Node("Shape", new[] { "k" }, new[] { "s" })
        .Initializer("zero", new[] { 1 }, new long[] { 0 })
        .Node("Gather", new[] { "s", "zero" }, new[] { "n" }, "gather", ("axis", 0L))
        .Initializer("rest", new[] { 1 }, new long[] { -1 })
        .Node("Concat", new[] { "n", "rest" }, new[] { "shape" }, "concat", ("axis", 0L))
        .Node("Reshape", new[] { "k", "shape" }, new[] { "k2" })
        .Initializer("ax", new[] { 1 }, new long[] { 0 })
        .Node("Unsqueeze", new[] { "k2", "ax" }, new[] { "u" })
        .Node("Softmax", new[] { "u" }, new[] { "sm" }, "softmax", ("axis", -1L))
        .Node("Sigmoid", new[] { "sm" }, new[] { "sg" })
        .Node("Mul", new[] { "sg", "sm" }, new[] { "y" })
        .Node("Cast", new[] { "y" }, new[] { "yd" }, "cast", ("to", 11L))
        .Output("y", DataType.Float32, 1, 1, 4)
        .Output("yd", DataType.Float64, 1, 1, 4)
        .ToBytes();

    private static void Save(string dir, int index, byte[] mutant)
    {
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, index.ToString(CultureInfo.InvariantCulture) + ".onnx"), mutant);
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : fallback;
}
