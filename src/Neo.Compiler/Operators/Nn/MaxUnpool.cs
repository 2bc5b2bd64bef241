using System.Linq;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Nn;

/// <summary>
/// MaxUnpool: the partial inverse of MaxPool: zeros, with each value put back where its index (the
/// pool's Indices output) says. The output shape is the pool's input shape, (in-1)·stride + kernel - pads,
/// or the optional output_shape input, which must be known at build time.
/// </summary>
public sealed class MaxUnpool : Operator
{
    public override string OpType => "MaxUnpool";

    /// <summary>Reads output_shape at build time.</summary>
    public override bool NeedsConstantInput(Node node, int index) => index == 2;

    public override OpKind Kind => OpKind.Injective;

    public override string Notes => "output_shape known at build time";

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, DataType.Float32);
        RequireType(node, 1, DataType.Int64);
        int[] x = ShapeOf(node.RequireInput(0));
        if (!Shapes.Equal(x, ShapeOf(node.RequireInput(1))))
        {
            throw Mismatch(node, "has values and indices of different shapes.");
        }

        int[] shape = node.Input(2) is { } os ? GivenShape(node, os) : DefaultShape(node, x);
        if (shape.Length != x.Length || shape[0] != x[0] || shape[1] != x[1])
        {
            throw Mismatch(node, $"has output shape {Shapes.Format(shape)} for input {Shapes.Format(x)}.");
        }

        SetOutput(node, 0, DataType.Float32, shape);
    }

    private static int[] GivenShape(Node node, Value os)
    {
        if (os.Constant is null)
        {
            throw NotConstant(node, os, "output shape");
        }

        return os.Constant.ToInt64Array().Select(v => checked((int)v)).ToArray();
    }

    /// <summary>The shape of the pool's input: (in-1)·stride + kernel - pads.</summary>
    private static int[] DefaultShape(Node node, int[] x)
    {
        int rank = x.Length - 2;
        long[] k = node.Require("kernel_shape").Ints;
        long[] s = node.GetInts("strides") is { Length: > 0 } st ? st : Enumerable.Repeat(1L, rank).ToArray();
        long[] p = node.GetInts("pads") is { Length: > 0 } pd ? pd : new long[2 * rank];
        if (rank < 1 || rank > 3 || k.Length != rank || s.Length != rank || p.Length != 2 * rank)
        {
            throw Invalid(node, $"has kernel_shape, strides or pads that do not match its {rank} spatial dimensions (Neo supports 1 to 3).");
        }

        return new[] { x[0], x[1] }.Concat(Enumerable.Range(0, rank).Select(d => checked((int)(((x[d + 2] - 1) * s[d]) + k[d] - p[d] - p[d + rank])))).ToArray();
    }

    private static int[] Three(int[] spatial) => Enumerable.Repeat(1, 3 - spatial.Length).Concat(spatial).ToArray();

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.RequireInput(0), y = node.Output(0)!;
        context.Step("PoolNd.Unpool").In("input", x).In("indices", node.RequireInput(1)).Out("output", y)
            .Ints("indexShape", Three(DefaultShape(node, x.Shape!)[2..])).Ints("outShape", Three(y.Shape![2..]));
    }
}
