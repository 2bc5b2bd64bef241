using System;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators.Support;

namespace Neo.Compiler.Operators.Tensor;

/// <summary>
/// Slice: starts, ends, axes and steps (attributes before opset 10, inputs after, which Neo needs at
/// build time); negative indices count from the end, out-of-range ones clamp, negative steps reverse.
/// A strided copy, with dims merged where the slice is contiguous.
/// </summary>
public sealed class Slice : Operator
{
    public override string OpType => "Slice";

    public override OpKind Kind => OpKind.Injective;

    public override string Notes => "all opsets; steps, negative indices and steps";

    public override bool NeedsConstantInput(Node node, int index) => index >= 1;

    /// <summary>Per input dim: the first index, the step and the count taken.</summary>
    private static (int[] Start, int[] Step, int[] Count) Ranges(Node node)
    {
        int[] x = node.Input(0)!.Shape!;
        int rank = x.Length;
        long[] starts, ends;
        long[]? axes, steps = null;
        if (node.OpsetVersion is > 0 and < 10)
        {
            starts = node.Require("starts").Ints;
            ends = node.Require("ends").Ints;
            axes = node.GetInts("axes");
        }
        else
        {
            starts = ConstantInts(node, 1, "starts") ?? throw Invalid(node, "lacks its starts.");
            ends = ConstantInts(node, 2, "ends") ?? throw Invalid(node, "lacks its ends.");
            axes = ConstantInts(node, 3, "axes");
            steps = ConstantInts(node, 4, "steps");
        }

        if (ends.Length != starts.Length || (axes is not null && axes.Length != starts.Length) || (steps is not null && steps.Length != starts.Length))
        {
            throw Invalid(node, "has starts, ends, axes and steps of different lengths.");
        }

        var start = new int[rank];
        var step = new int[rank];
        int[] count = (int[])x.Clone();
        Array.Fill(step, 1);
        var seen = new bool[rank];
        for (int i = 0; i < starts.Length; i++)
        {
            int axis = Shapes.NormalizeAxis(axes is null ? i : axes[i], rank);
            if (axis < 0 || seen[axis])
            {
                throw Invalid(node, $"has an invalid or repeated axis {(axes is null ? i : axes[i])} for a tensor of rank {rank}.");
            }

            seen[axis] = true;
            long st = steps is null ? 1 : steps[i];
            if (st == 0)
            {
                throw Invalid(node, "has a step of 0.");
            }

            long dim = x[axis];
            long s = starts[i] < 0 ? starts[i] + dim : starts[i];
            long e = ends[i] < 0 ? ends[i] + dim : ends[i];
            long n;
            if (st > 0)
            {
                s = Math.Clamp(s, 0, dim);
                e = Math.Clamp(e, 0, dim);
                n = e > s ? ((e - s + st - 1) / st) : 0;
            }
            else
            {
                s = dim == 0 ? 0 : Math.Clamp(s, 0, dim - 1);
                e = Math.Clamp(e, -1, dim - 1);
                n = s > e ? ((s - e - st - 1) / -st) : 0;
            }

            start[axis] = (int)Math.Max(s, 0);
            step[axis] = (int)st;
            count[axis] = (int)n;
        }

        return (start, step, count);
    }

    public override void InferShapes(Node node)
    {
        Value x = node.RequireInput(0);
        _ = ShapeOf(x);
        SetOutput(node, 0, x.Type, Ranges(node).Count);
    }

    private static StridedPlan Plan(Node node)
    {
        (int[] start, int[] step, int[] count) = Ranges(node);
        int[] rowMajor = StridedPlan.RowMajor(node.Input(0)!.Shape!);
        int offset = 0;
        var strides = new int[count.Length];
        for (int d = 0; d < count.Length; d++)
        {
            offset += start[d] * rowMajor[d];
            strides[d] = step[d] * rowMajor[d];
        }

        return StridedPlan.Create(count, strides, offset);
    }

    public override TensorData[]? Fold(Node node) => new[] { Plan(node).Fold(node.Input(0)!.Constant!, node.Output(0)!.Shape!) };

    public override void Lower(Node node, LoweringContext context) => Plan(node).Lower(context, node, node.Input(0)!, node.Output(0)!);
}
