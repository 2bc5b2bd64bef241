using System;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators.Support;

namespace Neo.Compiler.Operators.Tensor;

/// <summary>
/// Split: cuts a tensor along an axis into parts of the sizes in split (an attribute before opset 13, an
/// input after), or into equal parts (the last smaller, opset 18's num_outputs); one block copy per output.
/// </summary>
public sealed class Split : Operator
{
    public override string OpType => "Split";

    public override string Notes => "split attribute or input, equal parts";

    public override OpKind Kind => OpKind.Injective;

    public override bool NeedsConstantInput(Node node, int index) => index == 1;

    private static int Axis(Node node, int rank)
    {
        long a = node.GetInt("axis", 0);
        int axis = Shapes.NormalizeAxis(a, rank);
        return axis >= 0 ? axis : throw Invalid(node, $"has axis {a} for a tensor of rank {rank}.");
    }

    private static int[] Sizes(Node node)
    {
        int[] x = node.Input(0)!.Shape!;
        int axis = Axis(node, x.Length);
        long[]? split = node.OpsetVersion is > 0 and < 13 ? node.GetInts("split") : ConstantInts(node, 1, "split");
        int parts = node.Outputs.Count;
        if (split is null || split.Length == 0)
        {
            int dim = x[axis];
            int each = (dim + parts - 1) / parts;
            return Enumerable.Range(0, parts).Select(i => Math.Max(0, Math.Min(each, dim - (i * each)))).ToArray();
        }

        if (split.Length != parts || split.Sum() != x[axis] || split.Any(s => s < 0))
        {
            throw Invalid(node, $"splits dim {axis} of size {x[axis]} into [{string.Join(",", split)}] for {parts} outputs.");
        }

        return split.Select(s => (int)s).ToArray();
    }

    public override void InferShapes(Node node)
    {
        Value x = node.RequireInput(0);
        int[] shape = ShapeOf(x);
        int axis = Axis(node, shape.Length);
        int[] sizes = Sizes(node);
        for (int i = 0; i < sizes.Length; i++)
        {
            int[] s = (int[])shape.Clone();
            s[axis] = sizes[i];
            SetOutput(node, i, x.Type, s);
        }
    }

    private static StridedPlan Part(Node node, int i, int[] sizes)
    {
        int[] x = node.Input(0)!.Shape!;
        int axis = Axis(node, x.Length);
        int[] strides = StridedPlan.RowMajor(x);
        int[] shape = (int[])x.Clone();
        shape[axis] = sizes[i];
        return StridedPlan.Create(shape, strides, sizes.Take(i).Sum() * strides[axis]);
    }

    public override TensorData[]? Fold(Node node)
    {
        int[] sizes = Sizes(node);
        return Enumerable.Range(0, sizes.Length).Select(i => Part(node, i, sizes).Fold(node.Input(0)!.Constant!, node.Output(i)?.Shape ?? Array.Empty<int>())).ToArray();
    }

    public override void Lower(Node node, LoweringContext context)
    {
        int[] sizes = Sizes(node);
        for (int i = 0; i < sizes.Length; i++)
        {
            if (node.Output(i) is { } y)
            {
                Part(node, i, sizes).Lower(context, node, node.Input(0)!, y);
            }
        }
    }
}
