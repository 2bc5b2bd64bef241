using System;
using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Options;
using Neo.Hosting;
using Neo.Runtime;
using Neo.Tests.Infrastructure;
using Xunit;

namespace Neo.Tests.Passes;

/// <summary>
/// Small models built for each rewrite, compiled with Optimize="none" and "default" through the real compiler,
/// generator and runtime: both must agree, and the default plan must show the fused step (so a rewrite that
/// silently stops firing fails here, not only in a benchmark).
/// </summary>
public sealed class OptimizedModelTests
{
    public static TheoryData<string> Cases => new(Models.Keys);

    private static readonly Dictionary<string, (Func<byte[]> Build, string[] Steps)> Models = new()
    {
        ["conv_bn_relu"] = (ConvBatchNormRelu, new[] { "Conv+Relu" }),
        ["conv_scale_bias_residual_clip"] = (ConvScaleBiasResidual, new[] { "Conv+Add+Clip" }),
        ["gemm_bn_mul_relu"] = (GemmBatchNormMulRelu, new[] { "Gemm+Relu+Mul+Relu" }),
        ["gemm_gelu"] = (GemmGelu, new[] { "Gemm+Gelu" }),
        ["conv_silu_hardswish"] = (ConvSiluHardSwish, new[] { "Conv+Silu", "Conv+HardSwish" }),
        ["elementwise_broadcast_chain"] = (ElementwiseChain, new[] { "Sub+Mul+Add+Sigmoid+Mul" }),
        ["masked_softmax"] = (MaskedSoftmax, new[] { "MaskedSoftmax" }),
        ["layer_norm"] = (LayerNorm, new[] { "LayerNormalization" }),
        ["matmul_bias_gelu_residual"] = (FeedForward, new[] { "Gemm+Gelu", "Gemm+Add" }),
        ["scaled_attention"] = (Attention, new[] { "MatMul+Mul", "MaskedSoftmax" }),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void DefaultMatchesNone(string name)
    {
        (Func<byte[]> build, string[] steps) = Models[name];
        byte[] model = build();
        InMemoryModel plain = InMemoryModel.Build(Request(model, "none"));
        InMemoryModel optimized = InMemoryModel.Build(Request(model, "default"));
        Assert.True(optimized.Result.Report!.NodesAfter < plain.Result.Report!.NodesAfter, $"{name}: nothing was optimized.");
        List<string> labels = optimized.Result.Plan!.Steps.Select(s => s.Label).ToList();
        foreach (string step in steps)
        {
            Assert.Contains(step, labels);
        }

        using INeoModel a = plain.Create(), b = optimized.Create();
        var random = new Random(7);
        Array[] inputs = a.Signature.Inputs.Select(i => (Array)Enumerable.Range(0, i.Length).Select(_ => (float)((random.NextDouble() * 4) - 2)).ToArray()).ToArray();
        Array[] expected = a.Signature.Outputs.Select(o => Array.CreateInstance(o.ElementType, o.Length)).ToArray();
        Array[] got = b.Signature.Outputs.Select(o => Array.CreateInstance(o.ElementType, o.Length)).ToArray();
        a.Run(inputs, expected);
        b.Run(inputs, got);
        for (int i = 0; i < expected.Length; i++)
        {
            Tolerance.AssertClose((float[])got[i], (float[])expected[i], 1e-5, $"{name} output {i}");
        }
    }

    /// <summary>
    /// EmbeddingProjectionFolding: token ids → Gather(table) → time-major → LSTM or bidirectional GRU (one sorted by a
    /// Gather on the batch axis, one with no bias) agrees with the unfolded build, and the plan shows the folded table.
    /// </summary>
    [Theory]
    [InlineData("LSTM", "forward", true, false)]
    [InlineData("LSTM", "reverse", false, true)]
    [InlineData("GRU", "bidirectional", true, true)]
    [InlineData("GRU", "forward", true, false)]
    public void EmbeddingProjectionIsFoldedIntoTheTable(string op, string direction, bool bias, bool sortedBatch)
    {
        const int Vocabulary = 40, Embedding = 12, Hidden = 8, Batch = 3, Sequence = 7;
        int gates = op == "LSTM" ? 4 : 3, directions = direction == "bidirectional" ? 2 : 1;
        var b = new OnnxBuilder()
            .Input("ids", DataType.Int64, Batch, Sequence)
            .Output("y", DataType.Float32, Sequence, directions, Batch, Hidden)
            .Initializer("table", new[] { Vocabulary, Embedding }, Random(1, Vocabulary * Embedding))
            .Initializer("w", new[] { directions, gates * Hidden, Embedding }, Random(2, directions * gates * Hidden * Embedding, -0.5f, 0.5f))
            .Initializer("r", new[] { directions, gates * Hidden, Hidden }, Random(3, directions * gates * Hidden * Hidden, -0.5f, 0.5f))
            .Initializer("b", new[] { directions, 2 * gates * Hidden }, Random(4, directions * 2 * gates * Hidden))
            .Initializer("order", new[] { Batch }, new long[] { 2, 0, 1 })
            .Node("Gather", new[] { "table", "ids" }, new[] { "embedded" }, "embed");
        string batchMajor = "embedded";
        if (sortedBatch)
        {
            b.Node("Gather", new[] { "embedded", "order" }, new[] { "sorted" }, "sort", ("axis", 0L));
            batchMajor = "sorted";
        }

        b.Node("Transpose", new[] { batchMajor }, new[] { "x" }, "time_major", ("perm", new long[] { 1, 0, 2 }))
            .Node(op, new[] { "x", "w", "r", bias ? "b" : "" }, new[] { "y" }, "rnn", ("hidden_size", (long)Hidden), ("direction", direction));
        byte[] model = b.ToBytes();

        InMemoryModel plain = InMemoryModel.Build(Request(model, "none"));
        InMemoryModel optimized = InMemoryModel.Build(Request(model, "default"));
        Assert.Contains(optimized.Result.Plan!.Tensors, t => t.Name.Contains("(projected by rnn)", StringComparison.Ordinal));
        Assert.DoesNotContain(plain.Result.Plan!.Tensors, t => t.Name.Contains("projected", StringComparison.Ordinal));

        using INeoModel a = plain.Create(), o = optimized.Create();
        var random = new Random(5);
        long[] ids = Enumerable.Range(0, Batch * Sequence).Select(_ => (long)random.Next(Vocabulary)).ToArray();
        ids[0] = Vocabulary - 1;
        ids[1] = -Vocabulary; // Gather's negative indices count from the end.
        var expected = new float[Sequence * directions * Batch * Hidden];
        var got = new float[expected.Length];
        a.Run(new Array[] { ids }, new Array[] { expected });
        o.Run(new Array[] { ids }, new Array[] { got });
        Assert.Contains(expected, v => Math.Abs(v) > 0.05f);
        Tolerance.AssertClose(got, expected, 1e-5, $"{op} {direction}");
    }

    private static CompileRequest Request(byte[] model, string optimize) =>
        new() { ModelPath = "test.onnx", ModelBytes = model, Optimize = optimize, ClassName = "Model", Namespace = "Neo.Tests.Optimized" };

    private static float[] Random(int seed, int n, float lo = -1f, float hi = 1f)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => lo + (float)(r.NextDouble() * (hi - lo))).ToArray();
    }

    private static OnnxBuilder BatchNormParameters(OnnxBuilder b, string prefix, int c) => b
        .Initializer(prefix + "_scale", new[] { c }, Random(11, c))
        .Initializer(prefix + "_b", new[] { c }, Random(12, c))
        .Initializer(prefix + "_mean", new[] { c }, Random(13, c))
        .Initializer(prefix + "_var", new[] { c }, Random(14, c, 0.5f, 2f));

    private static byte[] ConvBatchNormRelu()
    {
        var b = new OnnxBuilder()
            .Input("x", DataType.Float32, 1, 3, 8, 8)
            .Output("y", DataType.Float32, 1, 4, 8, 8)
            .Initializer("w", new[] { 4, 3, 3, 3 }, Random(1, 108))
            .Initializer("bias", new[] { 4 }, Random(2, 4));
        BatchNormParameters(b, "bn", 4);
        return b
            .Node("Conv", new[] { "x", "w", "bias" }, new[] { "c" }, "conv", ("pads", new long[] { 1, 1, 1, 1 }))
            .Node("BatchNormalization", new[] { "c", "bn_scale", "bn_b", "bn_mean", "bn_var" }, new[] { "n" }, "bn", ("epsilon", 1e-3f))
            .Node("Relu", new[] { "n" }, new[] { "y" }, "relu")
            .ToBytes();
    }

    private static byte[] ConvScaleBiasResidual() => new OnnxBuilder()
        .Input("x", DataType.Float32, 1, 4, 6, 6)
        .Output("y", DataType.Float32, 1, 4, 6, 6)
        .Initializer("w", new[] { 4, 4, 3, 3 }, Random(1, 144))
        .Initializer("s", new[] { 4, 1, 1 }, Random(3, 4, 0.5f, 1.5f))
        .Initializer("t", new[] { 1 }, new[] { 0.25f })
        .Initializer("lo", Array.Empty<int>(), new[] { 0f })
        .Initializer("hi", Array.Empty<int>(), new[] { 6f })
        .Node("Conv", new[] { "x", "w" }, new[] { "c" }, "conv", ("pads", new long[] { 1, 1, 1, 1 }))
        .Node("Mul", new[] { "c", "s" }, new[] { "m" }, "mul")
        .Node("Add", new[] { "m", "t" }, new[] { "a" }, "add")
        .Node("Add", new[] { "x", "a" }, new[] { "r" }, "residual")
        .Node("Clip", new[] { "r", "lo", "hi" }, new[] { "y" }, "clip")
        .ToBytes();

    private static byte[] GemmBatchNormMulRelu()
    {
        var b = new OnnxBuilder()
            .Input("x", DataType.Float32, 3, 5)
            .Output("y", DataType.Float32, 3, 6)
            .Initializer("w", new[] { 6, 5 }, Random(1, 30))
            .Initializer("c", new[] { 6 }, Random(2, 6))
            .Initializer("k", Array.Empty<int>(), new[] { -1.5f });
        BatchNormParameters(b, "bn", 6);
        return b
            .Node("Gemm", new[] { "x", "w", "c" }, new[] { "g" }, "gemm", ("transB", 1L), ("alpha", 0.75f), ("beta", 2f))
            .Node("BatchNormalization", new[] { "g", "bn_scale", "bn_b", "bn_mean", "bn_var" }, new[] { "n" }, "bn")
            .Node("Relu", new[] { "n" }, new[] { "r" }, "relu1")
            .Node("Mul", new[] { "r", "k" }, new[] { "m" }, "mul")
            .Node("Relu", new[] { "m" }, new[] { "y" }, "relu2")
            .ToBytes();
    }

    private static byte[] GemmGelu() => new OnnxBuilder()
        .Input("x", DataType.Float32, 4, 8)
        .Output("y", DataType.Float32, 4, 16)
        .Initializer("w", new[] { 8, 16 }, Random(1, 128))
        .Initializer("c", new[] { 16 }, Random(2, 16))
        .Initializer("sqrt2", Array.Empty<int>(), new[] { 1.4142135f })
        .Initializer("one", Array.Empty<int>(), new[] { 1f })
        .Initializer("half", Array.Empty<int>(), new[] { 0.5f })
        .Node("Gemm", new[] { "x", "w", "c" }, new[] { "h" }, "linear")
        .Node("Div", new[] { "h", "sqrt2" }, new[] { "u" }, "div")
        .Node("Erf", new[] { "u" }, new[] { "e" }, "erf")
        .Node("Add", new[] { "e", "one" }, new[] { "e1" }, "add")
        .Node("Mul", new[] { "h", "e1" }, new[] { "p" }, "mul")
        .Node("Mul", new[] { "p", "half" }, new[] { "y" }, "mul_half")
        .ToBytes();

    private static byte[] ConvSiluHardSwish() => new OnnxBuilder()
        .Input("x", DataType.Float32, 1, 2, 5, 5)
        .Output("y", DataType.Float32, 1, 2, 5, 5)
        .Initializer("w1", new[] { 3, 2, 1, 1 }, Random(1, 6, -3, 3))
        .Initializer("w2", new[] { 2, 3, 3, 3 }, Random(2, 54, -2, 2))
        .Initializer("three", Array.Empty<int>(), new[] { 3f })
        .Initializer("zero", Array.Empty<int>(), new[] { 0f })
        .Initializer("six", Array.Empty<int>(), new[] { 6f })
        .Node("Conv", new[] { "x", "w1" }, new[] { "c1" }, "conv1")
        .Node("Sigmoid", new[] { "c1" }, new[] { "s" }, "sigmoid")
        .Node("Mul", new[] { "c1", "s" }, new[] { "silu" }, "swish")
        .Node("Conv", new[] { "silu", "w2" }, new[] { "c2" }, "conv2", ("pads", new long[] { 1, 1, 1, 1 }))
        .Node("Add", new[] { "c2", "three" }, new[] { "a" }, "plus3")
        .Node("Clip", new[] { "a", "zero", "six" }, new[] { "r6" }, "relu6")
        .Node("Mul", new[] { "c2", "r6" }, new[] { "m" }, "times")
        .Node("Div", new[] { "m", "six" }, new[] { "y" }, "div6")
        .ToBytes();

    private static byte[] ElementwiseChain() => new OnnxBuilder()
        .Input("x", DataType.Float32, 2, 3, 4, 5)
        .Input("z", DataType.Float32, 1, 3, 1, 5)
        .Output("y", DataType.Float32, 2, 3, 4, 5)
        .Initializer("m", new[] { 3, 1, 1 }, Random(1, 3))
        .Initializer("k", new[] { 1 }, new[] { 1.75f })
        .Node("Sub", new[] { "x", "m" }, new[] { "d" }, "sub")
        .Node("Mul", new[] { "d", "k" }, new[] { "s" }, "scale")
        .Node("Add", new[] { "s", "z" }, new[] { "a" }, "add")
        .Node("Sigmoid", new[] { "a" }, new[] { "g" }, "gate")
        .Node("Mul", new[] { "x", "g" }, new[] { "y" }, "gated")
        .ToBytes();

    /// <summary>The nine-node LayerNorm PyTorch exports, over the last axis of [2, 5, 16].</summary>
    private static byte[] LayerNorm() => new OnnxBuilder()
        .Input("x", DataType.Float32, 2, 5, 16)
        .Output("y", DataType.Float32, 2, 5, 16)
        .Initializer("two", Array.Empty<int>(), new[] { 2f })
        .Initializer("eps", Array.Empty<int>(), new[] { 1e-5f })
        .Initializer("gamma", new[] { 16 }, Random(1, 16))
        .Initializer("beta", new[] { 16 }, Random(2, 16))
        .Node("ReduceMean", new[] { "x" }, new[] { "mean" }, "mean", ("axes", new long[] { -1 }))
        .Node("Sub", new[] { "x", "mean" }, new[] { "d" }, "sub")
        .Node("Pow", new[] { "d", "two" }, new[] { "sq" }, "pow")
        .Node("ReduceMean", new[] { "sq" }, new[] { "var" }, "var", ("axes", new long[] { -1 }))
        .Node("Add", new[] { "var", "eps" }, new[] { "ve" }, "add_eps")
        .Node("Sqrt", new[] { "ve" }, new[] { "std" }, "sqrt")
        .Node("Div", new[] { "d", "std" }, new[] { "n" }, "div")
        .Node("Mul", new[] { "n", "gamma" }, new[] { "g" }, "scale")
        .Node("Add", new[] { "g", "beta" }, new[] { "y" }, "shift")
        .ToBytes();

    /// <summary>A transformer feed-forward block: MatMul + bias, erf GELU, MatMul + bias, residual Add.</summary>
    private static byte[] FeedForward() => new OnnxBuilder()
        .Input("x", DataType.Float32, 1, 6, 8)
        .Output("y", DataType.Float32, 1, 6, 8)
        .Initializer("w1", new[] { 8, 16 }, Random(1, 128))
        .Initializer("b1", new[] { 16 }, Random(2, 16))
        .Initializer("w2", new[] { 16, 8 }, Random(3, 128))
        .Initializer("b2", new[] { 8 }, Random(4, 8))
        .Initializer("sqrt2", Array.Empty<int>(), new[] { 1.4142135f })
        .Initializer("one", Array.Empty<int>(), new[] { 1f })
        .Initializer("half", Array.Empty<int>(), new[] { 0.5f })
        .Node("MatMul", new[] { "x", "w1" }, new[] { "m1" }, "linear1/MatMul")
        .Node("Add", new[] { "b1", "m1" }, new[] { "h" }, "linear1/Add")
        .Node("Div", new[] { "h", "sqrt2" }, new[] { "u" }, "gelu/Div")
        .Node("Erf", new[] { "u" }, new[] { "e" }, "gelu/Erf")
        .Node("Add", new[] { "e", "one" }, new[] { "e1" }, "gelu/Add")
        .Node("Mul", new[] { "h", "e1" }, new[] { "p" }, "gelu/Mul")
        .Node("Mul", new[] { "p", "half" }, new[] { "g" }, "gelu/Mul_1")
        .Node("MatMul", new[] { "g", "w2" }, new[] { "m2" }, "linear2/MatMul")
        .Node("Add", new[] { "b2", "m2" }, new[] { "o" }, "linear2/Add")
        .Node("Add", new[] { "x", "o" }, new[] { "y" }, "residual")
        .ToBytes();

    /// <summary>Scaled dot-product attention with an additive mask: softmax(q/√d · kᵀ + mask) · v.</summary>
    private static byte[] Attention() => new OnnxBuilder()
        .Input("q", DataType.Float32, 2, 4, 8)
        .Input("k", DataType.Float32, 2, 4, 8)
        .Input("v", DataType.Float32, 2, 4, 8)
        .Input("mask", DataType.Float32, 1, 1, 4)
        .Output("y", DataType.Float32, 2, 4, 8)
        .Initializer("root", Array.Empty<int>(), new[] { 2.828427f })
        .Node("Div", new[] { "q", "root" }, new[] { "qs" }, "scale")
        .Node("Transpose", new[] { "k" }, new[] { "kt" }, "transpose", ("perm", new long[] { 0, 2, 1 }))
        .Node("MatMul", new[] { "qs", "kt" }, new[] { "scores" }, "scores")
        .Node("Add", new[] { "scores", "mask" }, new[] { "masked" }, "mask_add")
        .Node("Softmax", new[] { "masked" }, new[] { "p" }, "softmax", ("axis", -1L))
        .Node("MatMul", new[] { "p", "v" }, new[] { "y" }, "context")
        .ToBytes();

    private static byte[] MaskedSoftmax() => new OnnxBuilder()
        .Input("scores", DataType.Float32, 1, 2, 6, 6)
        .Input("mask", DataType.Float32, 1, 1, 1, 6)
        .Output("y", DataType.Float32, 1, 2, 6, 6)
        .Initializer("root", Array.Empty<int>(), new[] { 2.828427f })
        .Node("Div", new[] { "scores", "root" }, new[] { "s" }, "scale")
        .Node("Add", new[] { "s", "mask" }, new[] { "m" }, "mask_add")
        .Node("Softmax", new[] { "m" }, new[] { "y" }, "softmax", ("axis", -1L))
        .ToBytes();
}
