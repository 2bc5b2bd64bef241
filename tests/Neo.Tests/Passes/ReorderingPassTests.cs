using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Passes;
using Xunit;

namespace Neo.Tests.Passes;

/// <summary>ViewSinking and InputScaleFolding: moves that let a Conv, Gemm or MatMul absorb its neighbours.</summary>
public sealed class ReorderingPassTests
{
    [Fact]
    public void ActivationAfterAViewMovesNextToTheGemm()
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 8, 4);
        Value g = b.Node("Gemm", "g", new[] { x, b.Weights("w", 4, 6), b.Weights("c", 6) });
        Value v = b.Node("Reshape", "v", new[] { g, b.Longs("s", 1, 8, 6) });
        b.Output(b.Node("Relu", "y", new[] { v }));
        PassAssert.Rewrites(new ViewSinking(), b.Graph, """
            graph test
              input x: float32[8,4]
              g: float32[8,6] = Gemm(x, const w, const c)  # g
              v: float32[1,8,6] = Reshape(g, const s)  # v
              y: float32[1,8,6] = Relu(v)  # y
              output y: float32[1,8,6]

            """, """
            graph test
              input x: float32[8,4]
              g: float32[8,6] = Gemm(x, const w, const c)  # g
              y/before_view: float32[8,6] = Relu(g)  # y
              y: float32[1,8,6] = Reshape(y/before_view, const s)  # v
              output y: float32[1,8,6]

            """);
    }

    [Fact]
    public void ResidualAddAfterAViewReadsTheResidualThroughAView()
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 8, 4);
        Value r = b.Input("r", 1, 8, 6);
        Value g = b.Node("Gemm", "g", new[] { x, b.Weights("w", 4, 6) });
        Value v = b.Node("Reshape", "v", new[] { g, b.Longs("s", 1, 8, 6) });
        b.Output(b.Node("Add", "y", new[] { r, v }));
        PassAssert.Rewrites(new ViewSinking(), b.Graph, """
            graph test
              input x: float32[8,4]
              input r: float32[1,8,6]
              g: float32[8,6] = Gemm(x, const w)  # g
              v: float32[1,8,6] = Reshape(g, const s)  # v
              y: float32[1,8,6] = Add(r, v)  # y
              output y: float32[1,8,6]

            """, """
            graph test
              input x: float32[8,4]
              input r: float32[1,8,6]
              g: float32[8,6] = Gemm(x, const w)  # g
              r/viewed: float32[8,6] = Reshape(r, const y/residual_view/shape)  # y/residual_view
              y/before_view: float32[8,6] = Add(r/viewed, g)  # y
              y: float32[1,8,6] = Reshape(y/before_view, const s)  # v
              output y: float32[1,8,6]

            """);
    }

    [Fact]
    public void ViewOfAnInputStaysWhereItIs()
    {
        // Nothing to fuse with: moving the view would only add work.
        var b = new IrBuilder();
        Value x = b.Input("x", 8, 6);
        Value v = b.Node("Reshape", "v", new[] { x, b.Longs("s", 1, 8, 6) });
        b.Output(b.Node("Relu", "y", new[] { v }));
        PassAssert.LeavesUnchanged(new ViewSinking(), b.Graph);
    }

    [Fact]
    public void ScalingOfAConvInputGoesIntoItsWeights()
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 1, 2, 4, 4);
        Value s = b.Node("Div", "s", new[] { x, b.Scalar("two", 2f) });
        Value conv = b.Node("Conv", "conv", new[] { s, b.Weights("w", 3, 2, 1, 1), b.Weights("bias", 3) });
        b.Output(conv);
        float[] w = conv.Producer!.Input(1)!.Constant!.As<float>();
        Graph g = PassAssert.Rewrites(new InputScaleFolding(), b.Graph, """
            graph test
              input x: float32[1,2,4,4]
              s: float32[1,2,4,4] = Div(x, const two)  # s
              conv: float32[1,3,4,4] = Conv(s, const w, const bias)  # conv
              output conv: float32[1,3,4,4]

            """, """
            graph test
              input x: float32[1,2,4,4]
              conv: float32[1,3,4,4] = Conv(x, const w/scaled, const bias)  # conv
              output conv: float32[1,3,4,4]

            """);
        Assert.Equal(w.Select(v => v * 0.5f), g.Nodes[0].Input(1)!.Constant!.As<float>());
    }

    [Fact]
    public void ScalingOfAGemmInputBecomesAlpha()
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 2, 4);
        Value s = b.Node("Mul", "s", new[] { b.Scalar("k", 3f), x });
        b.Output(b.Node("Gemm", "g", new[] { s, b.Weights("w", 4, 5) }, ("alpha", 0.5f)));
        PassAssert.Rewrites(new InputScaleFolding(), b.Graph, """
            graph test
              input x: float32[2,4]
              s: float32[2,4] = Mul(const k, x)  # s
              g: float32[2,5] = Gemm(s, const w) {alpha=0.5}  # g
              output g: float32[2,5]

            """, """
            graph test
              input x: float32[2,4]
              g: float32[2,5] = Gemm(x, const w) {alpha=1.5}  # g
              output g: float32[2,5]

            """);
    }

    [Fact]
    public void ScalingOfAMatMulInputMovesAfterTheProduct()
    {
        // Attention: MatMul(q / √d, kᵀ) = MatMul(q, kᵀ) · (1/√d), which then joins the MatMul's epilogue.
        var b = new IrBuilder();
        Value q = b.Input("q", 4, 8, 16);
        Value k = b.Input("k", 4, 16, 8);
        Value s = b.Node("Div", "s", new[] { q, b.Scalar("root", 4f) });
        b.Output(b.NodeWithShape("MatMul", "scores", new[] { 4, 8, 8 }, new[] { s, k }));
        PassAssert.Rewrites(new InputScaleFolding(), b.Graph, """
            graph test
              input q: float32[4,8,16]
              input k: float32[4,16,8]
              s: float32[4,8,16] = Div(q, const root)  # s
              scores: float32[4,8,8] = MatMul(s, k)  # scores
              output scores: float32[4,8,8]

            """, """
            graph test
              input q: float32[4,8,16]
              input k: float32[4,16,8]
              scores/unscaled: float32[4,8,8] = MatMul(q, k)  # scores
              scores: float32[4,8,8] = Mul(scores/unscaled, const s/factor)  # s
              output scores: float32[4,8,8]

            """);
    }

    [Fact]
    public void ScalingByATensorOrOfAValueReadTwiceStays()
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 2, 4);
        Value s = b.Node("Mul", "s", new[] { x, b.Weights("k", 4) });
        Value g = b.Node("Gemm", "g", new[] { s, b.Weights("w", 4, 5) });
        Value t = b.Node("Mul", "t", new[] { x, b.Scalar("two", 2f) });
        Value h = b.Node("Gemm", "h", new[] { t, b.Weights("w2", 4, 5) });
        b.Output(g);
        b.Output(h);
        b.Output(t);
        PassAssert.LeavesUnchanged(new InputScaleFolding(), b.Graph);
    }
}
