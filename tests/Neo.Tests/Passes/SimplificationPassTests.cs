using Neo.Compiler.IR;
using Neo.Compiler.Passes;
using Xunit;

namespace Neo.Tests.Passes;

/// <summary>IdentityElimination and CommonSubexpressionElimination: IR before and after.</summary>
public sealed class SimplificationPassTests
{
    [Fact]
    public void IdentityAndDropoutAreRemoved()
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 1, 4);
        Value i = b.Node("Identity", "i", new[] { x });
        Value d = b.Node("Dropout", "d", new[] { i });
        Value r = b.Node("Relu", "r", new[] { d });
        b.Output(r);
        PassAssert.Rewrites(new IdentityElimination(), b.Graph, """
            graph test
              input x: float32[1,4]
              i: float32[1,4] = Identity(x)  # i
              d: float32[1,4] = Dropout(i)  # d
              r: float32[1,4] = Relu(d)  # r
              output r: float32[1,4]

            """, """
            graph test
              input x: float32[1,4]
              r: float32[1,4] = Relu(x)  # r
              output r: float32[1,4]

            """);
    }

    [Fact]
    public void PadByZeroIsRemovedAndARealPadStays()
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 1, 2, 4, 4);
        Value zero = b.Node("Pad", "zero", new[] { x, b.Longs("z", 0, 0, 0, 0, 0, 0, 0, 0) });
        Value pool = b.Node("AveragePool", "pool", new[] { zero }, ("kernel_shape", new long[] { 2, 2 }), ("strides", new long[] { 2, 2 }));
        Value real = b.Node("Pad", "real", new[] { pool, b.Longs("p", 0, 0, 1, 0, 0, 0, 0, 1) });
        b.Output(real);
        PassAssert.Rewrites(new IdentityElimination(), b.Graph, """
            graph test
              input x: float32[1,2,4,4]
              zero: float32[1,2,4,4] = Pad(x, const z)  # zero
              pool: float32[1,2,2,2] = AveragePool(zero) {kernel_shape=[2,2], strides=[2,2]}  # pool
              real: float32[1,2,3,3] = Pad(pool, const p)  # real
              output real: float32[1,2,3,3]

            """, """
            graph test
              input x: float32[1,2,4,4]
              pool: float32[1,2,2,2] = AveragePool(x) {kernel_shape=[2,2], strides=[2,2]}  # pool
              real: float32[1,2,3,3] = Pad(pool, const p)  # real
              output real: float32[1,2,3,3]

            """);
    }

    [Fact]
    public void IdentityThatIsTheGraphOutputHandsItsNameToTheProducer()
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 4);
        Value r = b.Node("Relu", "r", new[] { x });
        Value y = b.Node("Identity", "y", new[] { r });
        b.Output(y);
        PassAssert.Rewrites(new IdentityElimination(), b.Graph, """
            graph test
              input x: float32[4]
              r: float32[4] = Relu(x)  # r
              y: float32[4] = Identity(r)  # y
              output y: float32[4]

            """, """
            graph test
              input x: float32[4]
              y: float32[4] = Relu(x)  # r
              output y: float32[4]

            """);
    }

    [Fact]
    public void IdentityOfAGraphInputToAGraphOutputStays()
    {
        // Both names are part of the model's contract: the copy is needed.
        var b = new IrBuilder();
        Value x = b.Input("x", 4);
        b.Output(b.Node("Identity", "y", new[] { x }));
        PassAssert.LeavesUnchanged(new IdentityElimination(), b.Graph);
    }

    [Fact]
    public void DuplicateNodesAndConstantsAreComputedOnce()
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 2, 3);
        Value c1 = b.Constant("c1", new[] { 3 }, new[] { 1f, 2f, 3f });
        Value c2 = b.Constant("c2", new[] { 3 }, new[] { 1f, 2f, 3f });
        Value a1 = b.Node("Add", "a1", new[] { x, c1 });
        Value a2 = b.Node("Add", "a2", new[] { x, c2 });
        Value s1 = b.Node("Sigmoid", "s1", new[] { a1 });
        Value s2 = b.Node("Sigmoid", "s2", new[] { a2 });
        b.Output(b.Node("Mul", "y", new[] { s1, s2 }));
        PassAssert.Rewrites(new CommonSubexpressionElimination(), b.Graph, """
            graph test
              input x: float32[2,3]
              a1: float32[2,3] = Add(x, const c1)  # a1
              a2: float32[2,3] = Add(x, const c2)  # a2
              s1: float32[2,3] = Sigmoid(a1)  # s1
              s2: float32[2,3] = Sigmoid(a2)  # s2
              y: float32[2,3] = Mul(s1, s2)  # y
              output y: float32[2,3]

            """, """
            graph test
              input x: float32[2,3]
              a1: float32[2,3] = Add(x, const c1)  # a1
              s1: float32[2,3] = Sigmoid(a1)  # s1
              y: float32[2,3] = Mul(s1, s1)  # y
              output y: float32[2,3]

            """);
    }

    [Fact]
    public void NodesThatDifferInAnAttributeOrAConstantAreKept()
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 2, 3);
        Value l1 = b.Node("LeakyRelu", "l1", new[] { x }, ("alpha", 0.1f));
        Value l2 = b.Node("LeakyRelu", "l2", new[] { x }, ("alpha", 0.2f));
        Value c1 = b.Constant("c1", new[] { 3 }, new[] { 1f, 2f, 3f });
        Value c2 = b.Constant("c2", new[] { 3 }, new[] { 1f, 2f, 4f });
        Value a1 = b.Node("Add", "a1", new[] { l1, c1 });
        Value a2 = b.Node("Add", "a2", new[] { l2, c2 });
        b.Output(b.Node("Mul", "y", new[] { a1, a2 }));
        PassAssert.LeavesUnchanged(new CommonSubexpressionElimination(), b.Graph);
    }

    [Fact]
    public void ANodeComputingAGraphOutputKeepsItsName()
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 4);
        b.Output(b.Node("Relu", "y1", new[] { x }));
        b.Output(b.Node("Relu", "y2", new[] { x }));
        PassAssert.LeavesUnchanged(new CommonSubexpressionElimination(), b.Graph);
    }
}
