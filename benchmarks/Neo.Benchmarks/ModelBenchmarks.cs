using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;
using Neo.Compiler.IR;
using Neo.Compiler.Options;
using Neo.Hosting;
using Neo.Runtime;

namespace Neo.Benchmarks;

/// <summary>
/// One prediction of a shared model by Neo (compiled in memory by the real compiler and generator) and by
/// ONNX Runtime (CPU provider, all graph optimizations, pre-bound input and output buffers), in the same
/// process, on the same inputs, with the same thread count.
/// </summary>
public class ModelBenchmarks
{
    private INeoModel? _neo;
    private Array[] _neoInputs = Array.Empty<Array>();
    private Array[] _neoOutputs = Array.Empty<Array>();
    private InferenceSession? _ort;
    private RunOptions? _runOptions;
    private string[] _ortInputNames = Array.Empty<string>();
    private string[] _ortOutputNames = Array.Empty<string>();
    private OrtValue[] _ortInputs = Array.Empty<OrtValue>();
    private OrtValue[] _ortOutputs = Array.Empty<OrtValue>();

    /// <summary>The models that compile with Neo today (set by Program before the run).</summary>
    public static IReadOnlyList<string> Models { get; set; } = Array.Empty<string>();

    public static IEnumerable<string> ModelNames() => Models;

    [ParamsSource(nameof(ModelNames))]
    public string Model { get; set; } = "";

    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Whether ORT's intra-op workers spin between runs (its default); --ort-no-spin turns it off.</summary>
    public static bool OrtSpinning { get; set; } = true;

    [GlobalSetup]
    public void Setup()
    {
        SharedModel m = SharedModel.Load(Model);
        InMemoryModel built = InMemoryModel.Build(new CompileRequest { ModelPath = m.ModelPath, Shapes = m.Shapes, ClassName = "BenchModel", Namespace = "Neo.Benchmarks.Generated" });
        _neo = built.Create(new ModelOptions { Threads = Threads });
        _neoInputs = m.Inputs.Select(i => i.Value.Data).ToArray();
        _neoOutputs = _neo.Signature.Outputs.Select(o => Array.CreateInstance(o.ElementType, o.Length)).ToArray();

        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = Threads,
            InterOpNumThreads = 1,
        };
        if (!OrtSpinning)
        {
            options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        }

        if (Environment.GetEnvironmentVariable("NEO_ORT_PROFILE") is { Length: > 0 } profilePrefix)
        {
            // The prefix first: setting EnableProfiling starts profiling with the prefix it has then.
            options.ProfileOutputPathPrefix = profilePrefix;
            options.EnableProfiling = true;
        }

        _ort = new InferenceSession(m.ModelPath, options);
        _runOptions = new RunOptions();
        _ortInputNames = _ort.InputMetadata.Keys.ToArray();
        _ortInputs = m.Inputs.Select(i => ToOrtValue(i.Value)).ToArray();
        _ortOutputNames = _ort.OutputMetadata.Keys.ToArray();
        _ortOutputs = _neo.Signature.Outputs.Select((o, i) => ToOrtValue(new TensorData(DataType.Float32, o.Shape.ToArray(), new float[o.Length]))).ToArray();
        if (_ortOutputNames.Length != _ortOutputs.Length || _ortInputNames.Length != _ortInputs.Length)
        {
            throw new InvalidOperationException($"{Model}: Neo and ONNX Runtime disagree on the signature.");
        }
    }

    private static OrtValue ToOrtValue(TensorData t)
    {
        long[] shape = t.Shape.Select(d => (long)d).ToArray();
        return t.Data switch
        {
            float[] f => OrtValue.CreateTensorValueFromMemory(f, shape),
            long[] l => OrtValue.CreateTensorValueFromMemory(l, shape),
            int[] i => OrtValue.CreateTensorValueFromMemory(i, shape),
            _ => throw new NotSupportedException($"input element type {t.Type}"),
        };
    }

    [Benchmark(Baseline = true, Description = "OnnxRuntime")]
    public void Ort() => _ort!.Run(_runOptions, _ortInputNames, _ortInputs, _ortOutputNames, _ortOutputs);

    [Benchmark(Description = "Neo")]
    public void Neo() => _neo!.Run(_neoInputs, _neoOutputs);

    [GlobalCleanup]
    public void Cleanup()
    {
        _neo?.Dispose();
        foreach (OrtValue v in _ortInputs.Concat(_ortOutputs))
        {
            v.Dispose();
        }

        _runOptions?.Dispose();
        _ort?.Dispose();
    }
}
