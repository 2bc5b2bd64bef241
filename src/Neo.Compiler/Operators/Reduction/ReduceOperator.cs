using System;
using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators.Support;

namespace Neo.Compiler.Operators.Reduction;

/// <summary>
/// The shared life cycle of the Reduce* operators: axes from the attribute (before opset 18, 13 for
/// ReduceSum) or the optional input, keepdims, noop_with_empty_axes; empty axes reduce everything.
/// Lowered to <c>Reduce.Run</c> over the kept and reduced index spaces, with the runtime reducer struct
/// named after the operator; accumulation is in double for every element type.
/// </summary>
public abstract class ReduceOperator<TReducer> : Operator
    where TReducer : struct
{
    public override OpKind Kind => OpKind.Reduction;

    public override string Notes => "axes attribute or input, keepdims, noop_with_empty_axes";

    /// <summary>The opset from which axes is an input.</summary>
    protected virtual int AxesInputSince => 18;

    public override bool NeedsConstantInput(Node node, int index) => index == 1;

    /// <summary>Which input dims are reduced, or null for none at all (noop_with_empty_axes).</summary>
    private bool[]? Reduced(Node node)
    {
        int rank = node.Input(0)!.Shape!.Length;
        long[]? axes = node.OpsetVersion > 0 && node.OpsetVersion < AxesInputSince ? node.GetInts("axes") : ConstantInts(node, 1, "axes");
        var reduced = new bool[rank];
        if (axes is null || axes.Length == 0)
        {
            if (node.GetInt("noop_with_empty_axes", 0) != 0)
            {
                return null;
            }

            Array.Fill(reduced, true);
            return reduced;
        }

        foreach (long a in axes)
        {
            int axis = Shapes.NormalizeAxis(a, rank);
            if (axis < 0)
            {
                throw Invalid(node, $"has axis {a} for a tensor of rank {rank}.");
            }

            reduced[axis] = true;
        }

        return reduced;
    }

    public override void InferShapes(Node node)
    {
        Value x = node.RequireInput(0);
        RequireType(node, 0, KernelTypes.Numeric);
        int[] s = ShapeOf(x);
        bool[]? reduced = Reduced(node);
        if (reduced is null)
        {
            SetOutput(node, 0, x.Type, s);
            return;
        }

        bool keep = node.GetInt("keepdims", 1) != 0;
        var shape = new List<int>();
        for (int d = 0; d < s.Length; d++)
        {
            if (!reduced[d])
            {
                shape.Add(s[d]);
            }
            else if (keep)
            {
                shape.Add(1);
            }
        }

        SetOutput(node, 0, x.Type, shape.ToArray());
    }

    private (int[] KeptShape, int[] KeptStrides, int[] ReducedShape, int[] ReducedStrides) Plan(Node node, bool[] reduced)
    {
        int[] s = node.Input(0)!.Shape!;
        int[] rowMajor = StridedPlan.RowMajor(s);
        StridedPlan kept = StridedPlan.Create(s.Where((_, d) => !reduced[d]).ToArray(), rowMajor.Where((_, d) => !reduced[d]).ToArray(), 0);
        StridedPlan red = StridedPlan.Create(s.Where((_, d) => reduced[d]).ToArray(), rowMajor.Where((_, d) => reduced[d]).ToArray(), 0);
        return (kept.Shape, kept.Strides, red.Shape, red.Strides);
    }

    public override TensorData[]? Fold(Node node)
    {
        TensorData x = node.Input(0)!.Constant!;
        Value y = node.Output(0)!;
        bool[]? reduced = Reduced(node);
        if (reduced is null)
        {
            return new[] { x };
        }

        (int[] ks, int[] kst, int[] rs, int[] rst) = Plan(node, reduced);
        return new[] { KernelFolding.Reduce(x, y.Shape!, ks, kst, rs, rst, default(TReducer)) };
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.Input(0)!, y = node.Output(0)!;
        bool[]? reduced = Reduced(node);
        if (reduced is null)
        {
            context.Alias(y, x, node);
            return;
        }

        if (y.Size == 0)
        {
            return;
        }

        (int[] ks, int[] kst, int[] rs, int[] rst) = Plan(node, reduced);
        context.Step("Reduce.Run").In("x", x).Out("y", y)
            .Ints("keptShape", ks).Ints("keptStrides", kst).Ints("reducedShape", rs).Ints("reducedStrides", rst)
            .Expr("reducer", "default(" + typeof(TReducer).Name + ")");
    }
}
