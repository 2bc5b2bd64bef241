using Neo.Compiler.IR;
using Neo.Compiler.Passes;
using Xunit;

namespace Neo.Tests.Passes;

/// <summary>TransposeCancellation and ReshapeCancellation: IR before and after, and pairs that must stay.</summary>
public sealed class LayoutPassTests
{
    [Fact]
    public void TransposePairThatCancelsDisappears()
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 2, 3, 4);
        Value t1 = b.NodeWithShape("Transpose", "t1", new[] { 4, 2, 3 }, new[] { x }, ("perm", new long[] { 2, 0, 1 }));
        Value t2 = b.NodeWithShape("Transpose", "t2", new[] { 2, 3, 4 }, new[] { t1 }, ("perm", new long[] { 1, 2, 0 }));
        b.Output(b.Node("Relu", "y", new[] { t2 }));
        PassAssert.Rewrites(new TransposeCancellation(), b.Graph, """
            graph test
              input x: float32[2,3,4]
              t1: float32[4,2,3] = Transpose(x) {perm=[2,0,1]}  # t1
              t2: float32[2,3,4] = Transpose(t1) {perm=[1,2,0]}  # t2
              y: float32[2,3,4] = Relu(t2)  # y
              output y: float32[2,3,4]

            """, """
            graph test
              input x: float32[2,3,4]
              y: float32[2,3,4] = Relu(x)  # y
              output y: float32[2,3,4]

            """);
    }

    [Fact]
    public void TransposePairThatDoesNotCancelBecomesOneTranspose()
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 2, 3, 4);
        Value t1 = b.NodeWithShape("Transpose", "t1", new[] { 3, 2, 4 }, new[] { x }, ("perm", new long[] { 1, 0, 2 }));
        Value t2 = b.NodeWithShape("Transpose", "t2", new[] { 3, 4, 2 }, new[] { t1 }, ("perm", new long[] { 0, 2, 1 }));
        b.Output(b.Node("Relu", "y", new[] { t2 }));
        PassAssert.Rewrites(new TransposeCancellation(), b.Graph, """
            graph test
              input x: float32[2,3,4]
              t1: float32[3,2,4] = Transpose(x) {perm=[1,0,2]}  # t1
              t2: float32[3,4,2] = Transpose(t1) {perm=[0,2,1]}  # t2
              y: float32[3,4,2] = Relu(t2)  # y
              output y: float32[3,4,2]

            """, """
            graph test
              input x: float32[2,3,4]
              t2: float32[3,4,2] = Transpose(x) {perm=[1,2,0]}  # t2
              y: float32[3,4,2] = Relu(t2)  # y
              output y: float32[3,4,2]

            """);
    }

    [Fact]
    public void TransposeThatMovesElementsStays()
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 2, 3, 4);
        Value t = b.NodeWithShape("Transpose", "t", new[] { 2, 4, 3 }, new[] { x }, ("perm", new long[] { 0, 2, 1 }));
        b.Output(b.Node("Relu", "y", new[] { t }));
        PassAssert.LeavesUnchanged(new TransposeCancellation(), b.Graph);
    }

    [Fact]
    public void TransposeOfUnitDimensionsIsAReshape()
    {
        // PyTorch's attention swaps [batch=1, tokens, features] to [tokens, 1, features]: no element moves.
        var b = new IrBuilder();
        Value x = b.Input("x", 1, 32, 8);
        Value t = b.NodeWithShape("Transpose", "t", new[] { 32, 1, 8 }, new[] { x }, ("perm", new long[] { 1, 0, 2 }));
        b.Output(b.Node("Relu", "y", new[] { t }));
        PassAssert.Rewrites(new TransposeCancellation(), b.Graph, """
            graph test
              input x: float32[1,32,8]
              t: float32[32,1,8] = Transpose(x) {perm=[1,0,2]}  # t
              y: float32[32,1,8] = Relu(t)  # y
              output y: float32[32,1,8]

            """, """
            graph test
              input x: float32[1,32,8]
              t: float32[32,1,8] = Reshape(x, const t/shape)  # t
              y: float32[32,1,8] = Relu(t)  # y
              output y: float32[32,1,8]

            """);
    }

    [Fact]
    public void ReshapePairThatCancelsDisappears()
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 2, 6);
        Value r1 = b.Node("Reshape", "r1", new[] { x, b.Longs("s1", 3, 4) });
        Value r2 = b.Node("Flatten", "r2", new[] { r1 }, ("axis", 1L));
        Value r3 = b.Node("Reshape", "r3", new[] { r2, b.Longs("s3", 2, -1) });
        b.Output(b.Node("Relu", "y", new[] { r3 }));
        PassAssert.Rewrites(new ReshapeCancellation(), b.Graph, """
            graph test
              input x: float32[2,6]
              r1: float32[3,4] = Reshape(x, const s1)  # r1
              r2: float32[3,4] = Flatten(r1) {axis=1}  # r2
              r3: float32[2,6] = Reshape(r2, const s3)  # r3
              y: float32[2,6] = Relu(r3)  # y
              output y: float32[2,6]

            """, """
            graph test
              input x: float32[2,6]
              y: float32[2,6] = Relu(x)  # y
              output y: float32[2,6]

            """);
    }

    [Fact]
    public void ReshapeChainBecomesOneReshape()
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 2, 3, 4);
        Value r1 = b.Node("Reshape", "r1", new[] { x, b.Longs("s1", 6, 4) });
        Value r2 = b.Node("Unsqueeze", "r2", new[] { r1, b.Longs("axes", 0) });
        b.Output(b.Node("Relu", "y", new[] { r2 }));
        PassAssert.Rewrites(new ReshapeCancellation(), b.Graph, """
            graph test
              input x: float32[2,3,4]
              r1: float32[6,4] = Reshape(x, const s1)  # r1
              r2: float32[1,6,4] = Unsqueeze(r1, const axes)  # r2
              y: float32[1,6,4] = Relu(r2)  # y
              output y: float32[1,6,4]

            """, """
            graph test
              input x: float32[2,3,4]
              r2: float32[1,6,4] = Reshape(x, const r2/shape)  # r2
              y: float32[1,6,4] = Relu(r2)  # y
              output y: float32[1,6,4]

            """);
    }

    [Fact]
    public void ReshapeThatChangesTheShapeStays()
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 2, 6);
        Value r = b.Node("Reshape", "r", new[] { x, b.Longs("s", 3, 4) });
        b.Output(b.Node("Relu", "y", new[] { r }));
        PassAssert.LeavesUnchanged(new ReshapeCancellation(), b.Graph);
    }
}
