using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators;
using Neo.Compiler.Operators.Fused;
using Neo.Compiler.Passes;
using Xunit;

namespace Neo.Tests.Passes;

/// <summary>EpilogueFusion and ElementwiseFusion: IR before and after, and chains that must not fuse.</summary>
public sealed class FusionPassTests
{
    [Fact]
    public void ResidualAddAndActivationJoinTheConv()
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 1, 2, 4, 4);
        Value conv = b.Node("Conv", "conv", new[] { x, b.Weights("w", 2, 2, 1, 1) });
        Value add = b.Node("Add", "add", new[] { x, conv });
        b.Output(b.Node("Relu", "y", new[] { add }));
        Graph g = PassAssert.Rewrites(new EpilogueFusion(), b.Graph, """
            graph test
              input x: float32[1,2,4,4]
              conv: float32[1,2,4,4] = Conv(x, const w)  # conv
              add: float32[1,2,4,4] = Add(x, conv)  # add
              y: float32[1,2,4,4] = Relu(add)  # y
              output y: float32[1,2,4,4]

            """, """
            graph test
              input x: float32[1,2,4,4]
              y: float32[1,2,4,4] = Conv(x, const w, _, x) residual=x epilogue=[Relu]  # conv
              output y: float32[1,2,4,4]

            """);
        Node fused = g.Nodes[0];
        Assert.Equal(new[] { "conv", "add", "y" }, fused.Origin);
        Assert.Equal("Conv+Add+Relu", LoweringContext.Label(fused));
        Assert.Equal("default(Relu)", Epilogues.Expression(fused, OperatorRegistry.Default));
    }

    [Fact]
    public void ScalarArithmeticAndClipJoinTheGemmEpilogueInOrder()
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 2, 3);
        Value gemm = b.Node("Gemm", "gemm", new[] { x, b.Weights("w", 3, 4), b.Weights("c", 4) });
        Value m = b.Node("Mul", "m", new[] { b.Scalar("half", 0.5f), gemm });
        b.Output(b.Node("Clip", "y", new[] { m, b.Scalar("lo", 0f), b.Scalar("hi", 6f) }));
        Graph g = PassAssert.Rewrites(new EpilogueFusion(), b.Graph, """
            graph test
              input x: float32[2,3]
              gemm: float32[2,4] = Gemm(x, const w, const c)  # gemm
              m: float32[2,4] = Mul(const half, gemm)  # m
              y: float32[2,4] = Clip(m, const lo, const hi)  # y
              output y: float32[2,4]

            """, """
            graph test
              input x: float32[2,3]
              y: float32[2,4] = Gemm(x, const w, const c) epilogue=[Mul(const half, _), Clip(_, const lo, const hi)]  # gemm
              output y: float32[2,4]

            """);
        Assert.Equal(
            "new Chain<BindLeft<Mul>,Clip>(new BindLeft<Mul>(0.5f),new Clip(0f,6f))",
            Epilogues.Expression(g.Nodes[0], OperatorRegistry.Default));
    }

    [Fact]
    public void FoldedBatchNormTakesTheActivationButNoResidual()
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 1, 2, 4, 4);
        Value bn = b.Node("BatchNormalization", "bn", new[] { x, b.Weights("s", 2), b.Weights("c", 2), b.Weights("m", 2), b.Positive("v", 0.5f, 1f, 2) });
        Value r = b.Node("Relu", "r", new[] { bn });
        b.Output(b.Node("Add", "y", new[] { r, x }));
        Graph g = PassAssert.Rewrites(new EpilogueFusion(), b.Graph, """
            graph test
              input x: float32[1,2,4,4]
              bn: float32[1,2,4,4] = BatchNormalization(x, const s, const c, const m, const v)  # bn
              r: float32[1,2,4,4] = Relu(bn)  # r
              y: float32[1,2,4,4] = Add(r, x)  # y
              output y: float32[1,2,4,4]

            """, """
            graph test
              input x: float32[1,2,4,4]
              r: float32[1,2,4,4] = BatchNormalization(x, const s, const c, const m, const v) epilogue=[Relu]  # bn
              y: float32[1,2,4,4] = Add(r, x)  # y
              output y: float32[1,2,4,4]

            """);
        Assert.Equal("default(Relu)", Epilogues.Expression(g.Nodes[0], OperatorRegistry.Default));
    }

    [Fact]
    public void ConvWhoseOutputIsReadTwiceKeepsItsReaders()
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 1, 2, 4, 4);
        Value conv = b.Node("Conv", "conv", new[] { x, b.Weights("w", 2, 2, 1, 1) });
        Value r = b.Node("Relu", "r", new[] { conv });
        b.Output(b.Node("Add", "y", new[] { r, conv }));
        PassAssert.LeavesUnchanged(new EpilogueFusion(), b.Graph);
    }

    [Fact]
    public void BroadcastAddIsNotAResidual()
    {
        // A per-channel tensor computed at run time: not the output's shape, so not a residual.
        var b = new IrBuilder();
        Value x = b.Input("x", 1, 2, 4, 4);
        Value s = b.Input("s", 1, 2, 1, 1);
        Value conv = b.Node("Conv", "conv", new[] { x, b.Weights("w", 2, 2, 1, 1) });
        b.Output(b.Node("Add", "y", new[] { conv, s }));
        PassAssert.LeavesUnchanged(new EpilogueFusion(), b.Graph);
    }

    [Fact]
    public void ElementwiseChainBecomesOneLoop()
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 2, 3, 4);
        Value z = b.Input("z", 2, 3, 4);
        Value d = b.Node("Sub", "d", new[] { x, b.Weights("m", 4) });
        Value s = b.Node("Mul", "s", new[] { d, b.Scalar("k", 3f) });
        Value a = b.Node("Add", "a", new[] { s, z });
        b.Output(b.Node("Relu", "y", new[] { a }));
        Graph g = PassAssert.Rewrites(new ElementwiseFusion(), b.Graph, """
            graph test
              input x: float32[2,3,4]
              input z: float32[2,3,4]
              d: float32[2,3,4] = Sub(x, const m)  # d
              s: float32[2,3,4] = Mul(d, const k)  # s
              a: float32[2,3,4] = Add(s, z)  # a
              y: float32[2,3,4] = Relu(a)  # y
              output y: float32[2,3,4]

            """, """
            graph test
              input x: float32[2,3,4]
              input z: float32[2,3,4]
              y: float32[2,3,4] = neo.FusedElementwise(x, const m, z)  # d/FusedElementwise
                body:
                  d: float32[2,3,4] = Sub(x, const m)  # d
                  s: float32[2,3,4] = Mul(d, const k)  # s
                  a: float32[2,3,4] = Add(s, z)  # a
                  y: float32[2,3,4] = Relu(a)  # y
              output y: float32[2,3,4]

            """);
        Node fused = g.Nodes[0];
        Assert.Equal("Sub+Mul+Add+Relu", LoweringContext.Label(fused));
        Assert.Equal(new[] { "d", "s", "a", "y" }, fused.Origin);
        (string _, string expression) = FusedElementwise.Expression(fused, fused.GetGraph("body")!, OperatorRegistry.Default);
        Assert.Equal(
            "new Apply<Relu,Combine<Add,Combine<Mul,Combine<Sub,Arg0,Arg1>,Literal>,Arg2>>(default(Relu),new Combine<Add,Combine<Mul,Combine<Sub,Arg0,Arg1>,Literal>,Arg2>(default(Add),new Combine<Mul,Combine<Sub,Arg0,Arg1>,Literal>(default(Mul),new Combine<Sub,Arg0,Arg1>(default(Sub),default(Arg0),default(Arg1)),new Literal(3f)),default(Arg2)))",
            expression);
    }

    [Fact]
    public void IntermediateReadOutsideTheChainEndsTheGroup()
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 8);
        Value e = b.Node("Exp", "e", new[] { x });
        Value n = b.Node("Neg", "n", new[] { e });
        Value r = b.Node("Relu", "r", new[] { n });
        b.Output(r);
        b.Output(e);
        Graph g = PassAssert.Rewrites(new ElementwiseFusion(), b.Graph, """
            graph test
              input x: float32[8]
              e: float32[8] = Exp(x)  # e
              n: float32[8] = Neg(e)  # n
              r: float32[8] = Relu(n)  # r
              output r: float32[8]
              output e: float32[8]

            """, """
            graph test
              input x: float32[8]
              e: float32[8] = Exp(x)  # e
              r: float32[8] = neo.FusedElementwise(e)  # n/FusedElementwise
                body:
                  n: float32[8] = Neg(e)  # n
                  r: float32[8] = Relu(n)  # r
              output r: float32[8]
              output e: float32[8]

            """);
        Assert.Equal(2, g.Nodes.Count);
    }

    [Fact]
    public void SingleElementwiseNodeAndTypeChangesAreNotFused()
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 8);
        Value r = b.Node("Relu", "r", new[] { x });
        Value c = b.Node("Cast", "c", new[] { r }, ("to", 1L));
        b.Output(b.Node("Softmax", "y", new[] { c }));
        PassAssert.LeavesUnchanged(new ElementwiseFusion(), b.Graph);
    }

    [Fact]
    public void GroupsReadAtMostFourTensors()
    {
        var b = new IrBuilder();
        Value[] xs = Enumerable.Range(0, 6).Select(i => b.Input("x" + i, 4)).ToArray();
        Value acc = xs[0];
        for (int i = 1; i < 6; i++)
        {
            acc = b.Node("Add", "a" + i, new[] { acc, xs[i] });
        }

        b.Output(acc);
        Graph g = new ElementwiseFusion().Run(b.Graph, PassAssert.Context());
        IrVerifier.Verify(g, "ElementwiseFusion");
        Assert.All(g.Nodes, n => Assert.True(n.Inputs.Count <= FusedElementwise.MaxInputs));
        Assert.Equal(2, g.Nodes.Count);
        Assert.Equal("a3/FusedElementwise", g.Nodes[^1].Name);
    }
}
