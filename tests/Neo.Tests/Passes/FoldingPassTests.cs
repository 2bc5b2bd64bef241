using System;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Passes;
using Xunit;

namespace Neo.Tests.Passes;

/// <summary>BatchNormFolding, ScaleBiasFolding and MatMulAddToGemm: IR before and after, folded values, and cases that must not change.</summary>
public sealed class FoldingPassTests
{
    private static (IrBuilder B, Value Conv) ConvGraph()
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 1, 2, 5, 5);
        Value conv = b.Node("Conv", "conv", new[] { x, b.Weights("w", 3, 2, 3, 3), b.Weights("bias", 3) }, ("pads", new long[] { 1, 1, 1, 1 }));
        return (b, conv);
    }

    private static Value BatchNorm(IrBuilder b, Value x, int channels) => b.Node(
        "BatchNormalization",
        "bn",
        new[] { x, b.Weights("gamma", channels), b.Weights("beta", channels), b.Weights("mean", channels), b.Positive("var", 0.5f, 2f, channels) },
        ("epsilon", 1e-5f));

    [Fact]
    public void BatchNormIsFoldedIntoTheConvBeforeIt()
    {
        (IrBuilder b, Value conv) = ConvGraph();
        Value bn = BatchNorm(b, conv, 3);
        b.Output(b.Node("Relu", "y", new[] { bn }));
        Node convNode = conv.Producer!;
        float[] w = convNode.Input(1)!.Constant!.As<float>(), bias = convNode.Input(2)!.Constant!.As<float>();
        Node bnNode = bn.Producer!;
        float[][] p = Enumerable.Range(1, 4).Select(i => bnNode.Input(i)!.Constant!.As<float>()).ToArray();
        Graph g = PassAssert.Rewrites(new BatchNormFolding(), b.Graph, """
            graph test
              input x: float32[1,2,5,5]
              conv: float32[1,3,5,5] = Conv(x, const w, const bias) {pads=[1,1,1,1]}  # conv
              bn: float32[1,3,5,5] = BatchNormalization(conv, const gamma, const beta, const mean, const var) {epsilon=1E-05}  # bn
              y: float32[1,3,5,5] = Relu(bn)  # y
              output y: float32[1,3,5,5]

            """, """
            graph test
              input x: float32[1,2,5,5]
              bn: float32[1,3,5,5] = Conv(x, const w/folded, const conv/bias) {pads=[1,1,1,1]}  # conv
              y: float32[1,3,5,5] = Relu(bn)  # y
              output y: float32[1,3,5,5]

            """);

        // W'[c] = W[c]·γ/√(σ²+ε), b'[c] = (b[c] - μ)·γ/√(σ²+ε) + β.
        Node folded = g.Nodes[0];
        float[] w2 = folded.Input(1)!.Constant!.As<float>(), b2 = folded.Input(2)!.Constant!.As<float>();
        for (int c = 0; c < 3; c++)
        {
            double a = p[0][c] / Math.Sqrt(p[3][c] + 1e-5);
            Assert.Equal((bias[c] - p[2][c]) * a + p[1][c], b2[c], 5);
            for (int i = 0; i < 18; i++)
            {
                Assert.Equal(w[(c * 18) + i] * a, w2[(c * 18) + i], 5);
            }
        }

        Assert.Equal(new[] { "conv", "bn" }, folded.Origin);
    }

    [Fact]
    public void BatchNormIsFoldedIntoTheGemmBeforeIt()
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 2, 4);
        Value gemm = b.Node("Gemm", "gemm", new[] { x, b.Weights("w", 3, 4), b.Weights("c", 3) }, ("transB", 1L), ("alpha", 0.5f));
        b.Output(BatchNorm(b, gemm, 3));
        PassAssert.Rewrites(new BatchNormFolding(), b.Graph, """
            graph test
              input x: float32[2,4]
              gemm: float32[2,3] = Gemm(x, const w, const c) {alpha=0.5, transB=1}  # gemm
              bn: float32[2,3] = BatchNormalization(gemm, const gamma, const beta, const mean, const var) {epsilon=1E-05}  # bn
              output bn: float32[2,3]

            """, """
            graph test
              input x: float32[2,4]
              bn: float32[2,3] = Gemm(x, const w/folded, const gemm/bias) {alpha=1, beta=1, transB=1}  # gemm
              output bn: float32[2,3]

            """);
    }

    [Fact]
    public void BatchNormWhoseInputFeedsTwoReadersIsNotFolded()
    {
        // The Conv's unnormalized output is also read by the Add, so it must still be computed.
        (IrBuilder b, Value conv) = ConvGraph();
        Value bn = BatchNorm(b, conv, 3);
        b.Output(b.Node("Add", "y", new[] { bn, conv }));
        PassAssert.LeavesUnchanged(new BatchNormFolding(), b.Graph);
    }

    [Fact]
    public void BatchNormAfterANonConvIsNotFolded()
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 1, 3, 4, 4);
        Value r = b.Node("Relu", "r", new[] { x });
        b.Output(BatchNorm(b, r, 3));
        PassAssert.LeavesUnchanged(new BatchNormFolding(), b.Graph);
    }

    [Fact]
    public void PerChannelMulAndAddAreFoldedIntoConvWeightsAndBias()
    {
        (IrBuilder b, Value conv) = ConvGraph();
        Value scaled = b.Node("Mul", "scale", new[] { conv, b.Weights("s", 3, 1, 1) });
        Value shifted = b.Node("Sub", "shift", new[] { scaled, b.Scalar("t", 0.25f) });
        b.Output(b.Node("Relu", "y", new[] { shifted }));
        float[] w = conv.Producer!.Input(1)!.Constant!.As<float>();
        float[] bias = conv.Producer!.Input(2)!.Constant!.As<float>();
        float[] s = scaled.Producer!.Input(1)!.Constant!.As<float>();
        Graph g = PassAssert.Rewrites(new ScaleBiasFolding(), b.Graph, """
            graph test
              input x: float32[1,2,5,5]
              conv: float32[1,3,5,5] = Conv(x, const w, const bias) {pads=[1,1,1,1]}  # conv
              scale: float32[1,3,5,5] = Mul(conv, const s)  # scale
              shift: float32[1,3,5,5] = Sub(scale, const t)  # shift
              y: float32[1,3,5,5] = Relu(shift)  # y
              output y: float32[1,3,5,5]

            """, """
            graph test
              input x: float32[1,2,5,5]
              shift: float32[1,3,5,5] = Conv(x, const w/folded/folded, const conv/bias) {pads=[1,1,1,1]}  # conv
              y: float32[1,3,5,5] = Relu(shift)  # y
              output y: float32[1,3,5,5]

            """);
        float[] w2 = g.Nodes[0].Input(1)!.Constant!.As<float>(), b2 = g.Nodes[0].Input(2)!.Constant!.As<float>();
        for (int c = 0; c < 3; c++)
        {
            Assert.Equal((bias[c] * s[c]) - 0.25f, b2[c], 6);
            Assert.Equal(w[c * 18] * s[c], w2[c * 18], 6);
        }
    }

    [Fact]
    public void MulByATensorThatVariesOverPixelsIsNotFolded()
    {
        (IrBuilder b, Value conv) = ConvGraph();
        b.Output(b.Node("Mul", "y", new[] { conv, b.Weights("s", 1, 1, 5, 5) }));
        PassAssert.LeavesUnchanged(new ScaleBiasFolding(), b.Graph);
    }

    [Fact]
    public void MulOfAConvOutputReadTwiceIsNotFolded()
    {
        (IrBuilder b, Value conv) = ConvGraph();
        Value m = b.Node("Mul", "m", new[] { conv, b.Scalar("s", 2f) });
        b.Output(b.Node("Add", "y", new[] { m, conv }));
        PassAssert.LeavesUnchanged(new ScaleBiasFolding(), b.Graph);
    }

    [Fact]
    public void MatMulWithBiasBecomesGemmBetweenViews()
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 1, 8, 4);
        Value mm = b.NodeWithShape("MatMul", "mm", new[] { 1, 8, 6 }, new[] { x, b.Weights("w", 4, 6) });
        Value add = b.Node("Add", "add", new[] { b.Weights("bias", 6), mm });
        b.Output(b.Node("Relu", "y", new[] { add }));
        PassAssert.Rewrites(new MatMulAddToGemm(), b.Graph, """
            graph test
              input x: float32[1,8,4]
              mm: float32[1,8,6] = MatMul(x, const w)  # mm
              add: float32[1,8,6] = Add(const bias, mm)  # add
              y: float32[1,8,6] = Relu(add)  # y
              output y: float32[1,8,6]

            """, """
            graph test
              input x: float32[1,8,4]
              x/as_matrix: float32[8,4] = Reshape(x, const mm/as_matrix/shape)  # mm/as_matrix
              mm/rows: float32[8,6] = Gemm(x/as_matrix, const w, const add/bias)  # mm
              add: float32[1,8,6] = Reshape(mm/rows, const mm/restore/shape)  # mm/restore
              y: float32[1,8,6] = Relu(add)  # y
              output y: float32[1,8,6]

            """);
    }

    [Fact]
    public void MatrixMatMulWithBiasBecomesOneGemm()
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 8, 4);
        Value mm = b.NodeWithShape("MatMul", "mm", new[] { 8, 6 }, new[] { x, b.Weights("w", 4, 6) });
        b.Output(b.Node("Add", "y", new[] { mm, b.Weights("bias", 1, 6) }));
        PassAssert.Rewrites(new MatMulAddToGemm(), b.Graph, """
            graph test
              input x: float32[8,4]
              mm: float32[8,6] = MatMul(x, const w)  # mm
              y: float32[8,6] = Add(mm, const bias)  # y
              output y: float32[8,6]

            """, """
            graph test
              input x: float32[8,4]
              y: float32[8,6] = Gemm(x, const w, const y/bias)  # mm
              output y: float32[8,6]

            """);
    }

    [Fact]
    public void MatMulPlusAFullTensorIsNotAGemmBias()
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 8, 4);
        Value r = b.Input("r", 8, 6);
        Value mm = b.NodeWithShape("MatMul", "mm", new[] { 8, 6 }, new[] { x, b.Weights("w", 4, 6) });
        b.Output(b.Node("Add", "y", new[] { mm, r }));
        PassAssert.LeavesUnchanged(new MatMulAddToGemm(), b.Graph);
    }
}
