using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;
using Neo.Compiler.Options;
using Neo.Hosting;
using Neo.Runtime;

namespace Neo.Benchmarks.Trees;

/// <summary>
/// Neo's compiled model (the generated class, through INeoModel.Run) against XGBoost's own predictor (in
/// process, see <see cref="XGBoostNative"/>) and the same trees as generated branch code, for a batch of
/// 4,096 rows and for one row. One thread.
/// </summary>
public class TreeBenchmarks
{
    private XGBoostNative _xgboost = null!;
    private INeoModel _neo = null!;
    private Array[] _inputs = null!;
    private Array[] _outputs = null!;
    private BranchCodeBaseline.Predictor _branch = null!;
    private float[] _features = null!;
    private float[] _margin = null!;

    public static IEnumerable<string> Cases => TreeBenchmarkCase.Selected.Select(c => c.Name);

    [ParamsSource(nameof(Cases))]
    public string Case { get; set; } = "";

    /// <summary>4,096 and 1, or the counts in NEO_TREE_BENCH_ROWS (comma-separated) for a shorter run.</summary>
    public static IEnumerable<int> RowCounts => TreeBenchmarkCase.RowCounts();

    [ParamsSource(nameof(RowCounts))]
    public int Rows { get; set; }

    [GlobalSetup(Targets = new[] { nameof(Neo), nameof(XGBoost) })]
    public void Setup() => Prepare(branchCode: false);

    // Compiling the branch-code baseline takes Roslyn long on deep models; only its own benchmark pays for it.
    [GlobalSetup(Target = nameof(BranchCode))]
    public void SetupBranchCode() => Prepare(branchCode: true);

    private void Prepare(bool branchCode)
    {
        TreeBenchmarkCase c = TreeBenchmarkCase.Get(Case);
        _features = c.Batch(Rows, out int features);
        InMemoryModel built = InMemoryModel.Build(new CompileRequest { ModelPath = c.ModelPath, Shapes = $"features={Rows}x{features}", ClassName = "Bench", Namespace = "Neo.Benchmarks.Trees" });
        _neo = built.Create(new ModelOptions { Threads = 1 });
        _inputs = new Array[] { _features };
        _outputs = _neo.Signature.Outputs.Select(o => Array.CreateInstance(o.ElementType, o.Length)).ToArray();
        _xgboost = new XGBoostNative(c.ModelPath, _features, Rows, features);
        _neo.Run(_inputs, _outputs);
        if (branchCode)
        {
            // The baseline computes the same margins as Neo, or the comparison means nothing.
            var ensemble = c.Ensemble();
            _margin = new float[Rows * ensemble.TargetCount];
            _branch = BranchCodeBaseline.Compile(ensemble, out _);
            _branch(_features, Rows, _margin);
            if (!_margin.AsSpan().SequenceEqual((float[])_outputs[1]))
            {
                throw new InvalidOperationException($"{Case}: the branch-code baseline disagrees with Neo.");
            }
        }

        // And XGBoost's prediction is Neo's, bit for bit.
        unsafe
        {
            ulong n = _xgboost.Predict(out float* p);
            if (!new ReadOnlySpan<float>(p, checked((int)n)).SequenceEqual((float[])_outputs[0]))
            {
                throw new InvalidOperationException($"{Case}: XGBoost's prediction differs from Neo's.");
            }
        }
    }

    [Benchmark(Baseline = true)]
    public void Neo() => _neo.Run(_inputs, _outputs);

    [Benchmark]
    public unsafe ulong XGBoost() => _xgboost.Predict(out _);

    [Benchmark]
    public void BranchCode() => _branch(_features, Rows, _margin);

    [GlobalCleanup]
    public void Cleanup()
    {
        _neo.Dispose();
        _xgboost.Dispose();
    }
}

/// <summary>ONNX Runtime's TreeEnsembleRegressor on the same trees (the margins), one intra-op thread, preallocated values.</summary>
public class OnnxRuntimeTreeBenchmarks
{
    private InferenceSession _session = null!;
    private OrtValue[] _in = null!;
    private OrtValue[] _out = null!;
    private RunOptions _run = null!;
    private string[] _inNames = null!;
    private string[] _outNames = null!;

    public static IEnumerable<string> Cases => TreeBenchmarkCase.Selected.Where(c => c.OnnxPath is not null).Select(c => c.Name);

    [ParamsSource(nameof(Cases))]
    public string Case { get; set; } = "";

    /// <summary>4,096 and 1, or the counts in NEO_TREE_BENCH_ROWS (comma-separated) for a shorter run.</summary>
    public static IEnumerable<int> RowCounts => TreeBenchmarkCase.RowCounts();

    [ParamsSource(nameof(RowCounts))]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        TreeBenchmarkCase c = TreeBenchmarkCase.Get(Case);
        float[] x = c.Batch(Rows, out int features);
        var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        _session = new InferenceSession(c.OnnxPath!, options);
        int targets = (int)_session.OutputMetadata.Values.First().Dimensions[1];
        _in = new[] { OrtValue.CreateTensorValueFromMemory(x, new long[] { Rows, features }) };
        _out = new[] { OrtValue.CreateTensorValueFromMemory(new float[Rows * targets], new long[] { Rows, targets }) };
        _inNames = _session.InputMetadata.Keys.ToArray();
        _outNames = _session.OutputMetadata.Keys.ToArray();
        _run = new RunOptions();
    }

    [Benchmark]
    public void OnnxRuntime() => _session.Run(_run, _inNames, _in, _outNames, _out);

    [GlobalCleanup]
    public void Cleanup()
    {
        _session.Dispose();
        _run.Dispose();
    }
}
