using System;
using System.Collections.Generic;
using System.Linq;
using Neo.Compiler;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Options;
using Neo.Compiler.Passes;
using Neo.Tests.Infrastructure;
using Xunit;

namespace Neo.Tests.Passes;

/// <summary>
/// ChannelScaleFusion: a squeeze-and-excitation block's per-channel scaling, computed at run time, joins the 1×1
/// projection that reads it (IR before and after; what must not fuse), and such blocks still match ONNX Runtime.
/// </summary>
public sealed class ChannelScaleFusionTests
{
    [Fact]
    public void ChannelScaleJoinsTheProjectionAfterItsResidual()
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 1, 4, 3, 3);
        Value s = b.Input("s", 1, 4, 1, 1);
        Value m = b.Node("Mul", "m", new[] { s, x });
        Value conv = b.Node("Conv", "conv", new[] { m, b.Weights("w", 4, 4, 1, 1), b.Weights("bias", 4) });
        b.Output(b.Node("Add", "y", new[] { conv, x }));
        Graph fused = new EpilogueFusion().Run(b.Graph, PassAssert.Context());
        Graph g = PassAssert.Rewrites(new ChannelScaleFusion(), fused, """
            graph test
              input x: float32[1,4,3,3]
              input s: float32[1,4,1,1]
              m: float32[1,4,3,3] = Mul(s, x)  # m
              y: float32[1,4,3,3] = Conv(m, const w, const bias, x) residual=x  # conv
              output y: float32[1,4,3,3]

            """, """
            graph test
              input x: float32[1,4,3,3]
              input s: float32[1,4,1,1]
              y: float32[1,4,3,3] = Conv(x, const w, const bias, x, s) residual=x inputScale=s  # conv
              output y: float32[1,4,3,3]

            """);
        Assert.Equal(new[] { "conv", "y", "m" }, g.Nodes[0].Origin);
        Assert.Equal("Mul+Conv+Add", LoweringContext.Label(g.Nodes[0]));
    }

    [Fact]
    public void ScaleOfRankThreeJoinsAConvWithoutBias()
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 2, 3, 2, 5);
        Value s = b.Input("s", 3, 1, 1);
        Value m = b.Node("Mul", "m", new[] { x, s });
        b.Output(b.Node("Conv", "y", new[] { m, b.Weights("w", 6, 3, 1, 1) }));
        PassAssert.Rewrites(new ChannelScaleFusion(), b.Graph, """
            graph test
              input x: float32[2,3,2,5]
              input s: float32[3,1,1]
              m: float32[2,3,2,5] = Mul(x, s)  # m
              y: float32[2,6,2,5] = Conv(m, const w)  # y
              output y: float32[2,6,2,5]

            """, """
            graph test
              input x: float32[2,3,2,5]
              input s: float32[3,1,1]
              y: float32[2,6,2,5] = Conv(x, const w, _, _, s) inputScale=s  # y
              output y: float32[2,6,2,5]

            """);
    }

    public static IEnumerable<object[]> Unfusable()
    {
        yield return new object[] { "scale per image", new[] { 2, 4, 1, 1 }, 2, 1, 1, 0, false };
        yield return new object[] { "3x3 kernel", new[] { 1, 4, 1, 1 }, 1, 3, 1, 1, false };
        yield return new object[] { "stride 2", new[] { 1, 4, 1, 1 }, 1, 1, 2, 0, false };
        yield return new object[] { "padded", new[] { 1, 4, 1, 1 }, 1, 1, 1, 1, false };
        yield return new object[] { "product read twice", new[] { 1, 4, 1, 1 }, 1, 1, 1, 0, true };
        yield return new object[] { "scale per pixel", new[] { 1, 1, 6, 6 }, 1, 1, 1, 0, false };
    }

    [Theory]
    [MemberData(nameof(Unfusable))]
    public void OtherProductsStay(string why, int[] scaleShape, int batch, int kernel, int stride, int pad, bool readTwice)
    {
        _ = why;
        var b = new IrBuilder();
        Value x = b.Input("x", batch, 4, 6, 6);
        Value s = b.Input("s", scaleShape);
        Value m = b.Node("Mul", "m", new[] { x, s });
        Value conv = b.Node("Conv", "conv", new[] { m, b.Weights("w", 4, 4, kernel, kernel) },
            ("strides", new long[] { stride, stride }), ("pads", new long[] { pad, pad, pad, pad }));
        if (readTwice)
        {
            b.Output(b.Node("Relu", "r", new[] { m }));
        }

        b.Output(conv);
        PassAssert.LeavesUnchanged(new ChannelScaleFusion(), b.Graph);
    }

    [Fact]
    public void SqueezeExcitationMulJoinsTheProjectionStep()
    {
        ReferenceCase c = Block("se_fused_plan", batch: 1, channels: 40, size: 14, outChannels: 40, residual: true, scaleFirst: false);
        CompileResult result = NeoCompiler.Compile(new CompileRequest { ModelPath = c.Name + ".onnx", ModelBytes = c.Model, ClassName = "Se", Namespace = "Neo.Tests.Se" });
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        // The Mul is part of the projection's step, which reads the Relu's output and the excitation.
        var mul = Assert.Single(result.Plan!.Steps, s => s.Nodes.Any(n => n.OpType == "Mul"));
        Assert.Equal("Conv.Conv2DPacked", mul.Call);
        Assert.Contains(mul.Args, a => a.Name == "inputScale");
        Assert.Equal("Mul+Conv+Add", mul.Label);
    }

    private static readonly Lazy<Dictionary<string, string?>> Results = OnnxRuntimeReference.CompareOnce(Cases);

    public static IEnumerable<object[]> Names() => OnnxRuntimeReference.Names(Cases());

    [Theory]
    [MemberData(nameof(Names))]
    public void MatchesOnnxRuntime(string name) => OnnxRuntimeReference.AssertMatches(Results, name);

    private static IEnumerable<ReferenceCase> Cases()
    {
        // EfficientNet's 14×14 block with its skip connection; a 7×7 one with K past one GEMM K block; the scale
        // on the left of the Mul; two images (the excitation differs per image, so nothing fuses, and the result
        // must still match).
        yield return Block("se_14x14_residual", batch: 1, channels: 40, size: 14, outChannels: 40, residual: true, scaleFirst: false);
        yield return Block("se_7x7_wide", batch: 1, channels: 1152, size: 7, outChannels: 32, residual: false, scaleFirst: true);
        yield return Block("se_two_images", batch: 2, channels: 24, size: 9, outChannels: 16, residual: false, scaleFirst: false);
    }

    /// <summary>
    /// r = Relu(x); e = Sigmoid(Conv1x1(Relu(Conv1x1(GlobalAveragePool(r))))); y = Conv1x1(r · e) (+ x).
    /// </summary>
    private static ReferenceCase Block(string name, int batch, int channels, int size, int outChannels, bool residual, bool scaleFirst)
    {
        var random = new Random(OnnxRuntimeReference.Seed(name));
        int squeezed = Math.Max(channels / 4, 1);
        var b = new OnnxBuilder().Input("input", DataType.Float32, batch, channels, size, size)
            .Node("Relu", new[] { "input" }, new[] { "r" })
            .Node("GlobalAveragePool", new[] { "r" }, new[] { "p" })
            .Initializer("w1", OnnxRuntimeReference.Random(random, 0.5f, squeezed, channels, 1, 1))
            .Initializer("b1", OnnxRuntimeReference.Random(random, 0.5f, squeezed))
            .Node("Conv", new[] { "p", "w1", "b1" }, new[] { "q" }, "fc1")
            .Node("Relu", new[] { "q" }, new[] { "qr" })
            .Initializer("w2", OnnxRuntimeReference.Random(random, 0.5f, channels, squeezed, 1, 1))
            .Initializer("b2", OnnxRuntimeReference.Random(random, 0.5f, channels))
            .Node("Conv", new[] { "qr", "w2", "b2" }, new[] { "e0" }, "fc2")
            .Node("Sigmoid", new[] { "e0" }, new[] { "e" })
            .Node("Mul", scaleFirst ? new[] { "e", "r" } : new[] { "r", "e" }, new[] { "m" })
            .Initializer("w3", OnnxRuntimeReference.Random(random, 0.1f, outChannels, channels, 1, 1))
            .Initializer("b3", OnnxRuntimeReference.Random(random, 0.5f, outChannels))
            .Node("Conv", new[] { "m", "w3", "b3" }, new[] { residual ? "y0" : "out" }, "project");
        if (residual)
        {
            b.Node("Add", new[] { "y0", "input" }, new[] { "out" });
        }

        byte[] model = b.Output("out", DataType.Float32, batch, outChannels, size, size).ToBytes();
        return new ReferenceCase(name, model, ("input", OnnxRuntimeReference.Random(random, 1f, batch, channels, size, size)));
    }
}
