using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators.Support;

namespace Neo.Compiler.Operators.Tensor;

/// <summary>
/// Tile: repeats the input repeats[d] times along each dim. Lowered as a strided copy over the rank-doubled
/// shape [r0, d0, r1, d1, ...] with stride 0 for each repeat dim.
/// </summary>
public sealed class Tile : Operator
{
    public override string OpType => "Tile";

    public override string Notes => "repeats known at build time";

    public override OpKind Kind => OpKind.Injective;

    public override bool NeedsConstantInput(Node node, int index) => index == 1;

    private static long[] Repeats(Node node)
    {
        int rank = node.Input(0)!.Shape!.Length;
        long[] r = ConstantInts(node, 1, "repeats") ?? throw Invalid(node, "lacks its repeats.");
        if (r.Length != rank || r.Any(v => v < 0))
        {
            throw Invalid(node, $"has repeats [{string.Join(",", r)}] for a tensor of rank {rank}.");
        }

        return r;
    }

    public override void InferShapes(Node node)
    {
        Value x = node.RequireInput(0);
        int[] s = ShapeOf(x);
        long[] r = Repeats(node);
        SetOutput(node, 0, x.Type, s.Select((d, i) => checked((int)(d * r[i]))).ToArray());
    }

    private static StridedPlan Plan(Node node)
    {
        int[] x = node.Input(0)!.Shape!;
        long[] r = Repeats(node);
        int[] rowMajor = StridedPlan.RowMajor(x);
        var shape = new int[x.Length * 2];
        var strides = new int[x.Length * 2];
        for (int d = 0; d < x.Length; d++)
        {
            shape[2 * d] = (int)r[d];
            shape[(2 * d) + 1] = x[d];
            strides[(2 * d) + 1] = rowMajor[d];
        }

        return StridedPlan.Create(shape, strides, 0);
    }

    public override TensorData[]? Fold(Node node) => new[] { Plan(node).Fold(node.Input(0)!.Constant!, node.Output(0)!.Shape!) };

    public override void Lower(Node node, LoweringContext context) => Plan(node).Lower(context, node, node.Input(0)!, node.Output(0)!);
}
