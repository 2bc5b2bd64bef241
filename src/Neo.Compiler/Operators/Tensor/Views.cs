using System;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Tensor;

/// <summary>
/// Operators that only relabel a tensor's shape (Identity, Flatten, Reshape,
/// Unsqueeze). They lower to a view of the input: no kernel call and no copy.
/// </summary>
public abstract class ViewOperator : Operator
{
    public override OpKind Kind => OpKind.Injective;

    /// <summary>The output shape for <paramref name="node"/>.</summary>
    protected abstract int[] OutputShape(Node node, int[] input);

    public override void InferShapes(Node node)
    {
        Value x = node.RequireInput(0);
        int[] shape = OutputShape(node, ShapeOf(x));
        if (Shapes.Size(shape) != x.Size)
        {
            throw Mismatch(node, $"reshapes {Shapes.Format(x.Shape)} ({x.Size} elements) to {Shapes.Format(shape)} ({Shapes.Size(shape)} elements).");
        }

        SetOutput(node, 0, x.Type, shape);
    }

    public override TensorData[]? Fold(Node node) =>
        new[] { node.RequireInput(0).Constant!.WithShape(node.Output(0)!.Shape!) };

    public override void Lower(Node node, LoweringContext context) =>
        context.Alias(node.Output(0)!, node.RequireInput(0), node);
}

public sealed class Identity : ViewOperator
{
    public override string OpType => "Identity";

    protected override int[] OutputShape(Node node, int[] input) => input;
}

public sealed class Flatten : ViewOperator
{
    public override string OpType => "Flatten";

    protected override int[] OutputShape(Node node, int[] input)
    {
        long axisAttr = node.GetInt("axis", 1);
        int axis = axisAttr == input.Length ? input.Length : Shapes.NormalizeAxis(axisAttr, input.Length);
        if (axis < 0)
        {
            throw Invalid(node, $"has axis {axisAttr} for a tensor of rank {input.Length}.");
        }

        return new[] { (int)Shapes.Size(input.AsSpan(0, axis)), (int)Shapes.Size(input.AsSpan(axis)) };
    }
}

/// <summary>Reshape: the target shape must be known at build time; 0 copies a dim (unless allowzero), -1 infers one.</summary>
public sealed class Reshape : ViewOperator
{
    public override string OpType => "Reshape";

    public override string Notes => "shape known at build time (after folding); 0, -1, allowzero";

    public override bool NeedsConstantInput(Node node, int index) => index == 1;

    protected override int[] OutputShape(Node node, int[] input)
    {
        long[] target;
        if (node.OpsetVersion is > 0 and < 5)
        {
            target = node.Require("shape").Ints;
        }
        else
        {
            Value s = node.RequireInput(1);
            if (s.Constant is null)
            {
                throw new Diagnostics.CompileErrorException(Diagnostics.DiagnosticCodes.DynamicShape, $"node {node.Display} takes its shape from '{s.Name}', which is only known at run time. Neo needs shapes at build time: fix the input shapes with the Shapes metadata so the shape can be computed.", node.Name);
            }

            target = s.Constant.ToInt64Array();
        }

        bool allowZero = node.GetInt("allowzero", 0) != 0;
        var shape = new int[target.Length];
        int infer = -1;
        long known = 1;
        for (int i = 0; i < target.Length; i++)
        {
            long d = target[i];
            if (d == 0 && !allowZero)
            {
                if (i >= input.Length)
                {
                    throw Invalid(node, $"copies dimension {i} (0 in the shape) from an input of rank {input.Length}.");
                }

                d = input[i];
            }

            if (d == -1)
            {
                if (infer >= 0)
                {
                    throw Invalid(node, "has more than one -1 in its shape.");
                }

                infer = i;
                continue;
            }

            if (d < 0 || d > int.MaxValue)
            {
                throw Invalid(node, $"has dimension {d} in its shape.");
            }

            shape[i] = (int)d;
            known *= d;
        }

        if (infer >= 0)
        {
            long total = Shapes.Size(input);
            if (known == 0 || total % known != 0)
            {
                throw Mismatch(node, $"cannot reshape {Shapes.Format(input)} to [{string.Join(",", target)}].");
            }

            shape[infer] = (int)(total / known);
        }

        return shape;
    }
}

/// <summary>Unsqueeze: inserts size-1 dims at axes (an attribute before opset 13, an input after).</summary>
public sealed class Unsqueeze : ViewOperator
{
    public override string OpType => "Unsqueeze";

    public override bool NeedsConstantInput(Node node, int index) => index == 1;

    protected override int[] OutputShape(Node node, int[] input)
    {
        long[] axes;
        if (node.OpsetVersion is > 0 and < 13)
        {
            axes = node.Require("axes").Ints;
        }
        else
        {
            Value a = node.RequireInput(1);
            axes = a.Constant?.ToInt64Array() ?? throw new Diagnostics.CompileErrorException(Diagnostics.DiagnosticCodes.DynamicShape, $"node {node.Display} takes its axes from '{a.Name}', which is only known at run time.", node.Name);
        }

        int rank = input.Length + axes.Length;
        var isNew = new bool[rank];
        foreach (long ax in axes)
        {
            int a = Shapes.NormalizeAxis(ax, rank);
            if (a < 0 || isNew[a])
            {
                throw Invalid(node, $"has invalid or repeated axis {ax} for output rank {rank}.");
            }

            isNew[a] = true;
        }

        var shape = new int[rank];
        int k = 0;
        for (int d = 0; d < rank; d++)
        {
            shape[d] = isNew[d] ? 1 : input[k++];
        }

        return shape;
    }
}
