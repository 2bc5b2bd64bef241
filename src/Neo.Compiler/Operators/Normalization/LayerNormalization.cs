using System;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators.Support;

namespace Neo.Compiler.Operators.Normalization;

/// <summary>
/// LayerNormalization (opset 17): normalizes over the dims from axis on, then scales and shifts; the optional
/// Mean and InvStdDev outputs have the input's shape with those dims set to 1. Scale and bias must cover
/// the normalized dims (broadcast constants are expanded at build time).
/// </summary>
public sealed class LayerNormalization : Operator
{
    public override string OpType => "LayerNormalization";

    public override OpKind Kind => OpKind.Reduction;

    public override string Notes => "axis, epsilon; Mean and InvStdDev outputs";

    private static int Axis(Node node, int rank)
    {
        long a = node.GetInt("axis", -1);
        int axis = Shapes.NormalizeAxis(a, rank);
        return axis >= 0 ? axis : throw Invalid(node, $"has axis {a} for a tensor of rank {rank}.");
    }

    public override void InferShapes(Node node)
    {
        Value x = node.RequireInput(0);
        RequireType(node, 0, DataType.Float32, DataType.Float64, DataType.Float16);
        int[] s = ShapeOf(x);
        int axis = Axis(node, s.Length);
        int[] normalized = s[axis..];
        for (int i = 1; i <= 2; i++)
        {
            if (node.Input(i) is { } p && (p.Type != x.Type || Shapes.Broadcast(p.Shape!, normalized) is not { } b || !Shapes.Equal(b, normalized)))
            {
                throw Mismatch(node, $"has {(i == 1 ? "scale" : "bias")} {DataTypes.Name(p.Type)}{Shapes.Format(p.Shape)}, which does not broadcast to the normalized dims {Shapes.Format(normalized)} of {DataTypes.Name(x.Type)}.");
            }
        }

        _ = node.RequireInput(1);
        SetOutput(node, 0, x.Type, s);
        int[] stats = (int[])s.Clone();
        for (int d = axis; d < s.Length; d++)
        {
            stats[d] = 1;
        }

        DataType statsType = DataTypes.FromOnnx(node.GetInt("stash_type", 1));
        SetOutput(node, 1, x.Type == DataType.Float16 ? DataType.Float32 : statsType == DataType.Float32 ? x.Type : statsType, stats);
        SetOutput(node, 2, x.Type == DataType.Float16 ? DataType.Float32 : statsType == DataType.Float32 ? x.Type : statsType, (int[])stats.Clone());
        if ((node.Output(1) is { } m && m.Type != x.Type) || (node.Output(2) is { } v && v.Type != x.Type))
        {
            throw NotImplemented(node, "asks for Mean or InvStdDev in a type other than the input's.");
        }
    }

    /// <summary>Scale or bias as a tensor of exactly the normalized dims (a broadcast constant is expanded).</summary>
    private static LTensor Parameter(LoweringContext context, Node node, Value p, int inner)
    {
        if (p.Size == inner)
        {
            return context.TensorOf(p);
        }

        if (p.Constant is null)
        {
            throw NotConstant(node, p, "broadcast scale or bias");
        }

        int[] full = node.Input(0)!.Shape![Axis(node, node.Input(0)!.Shape!.Length)..];
        TensorData expanded = StridedPlan.Create(full, MultiBroadcast.StridesFor(full, p.Shape!), 0).Fold(p.Constant, full);
        return context.Weights(p.Name + " expanded", expanded);
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.Input(0)!;
        int[] s = x.Shape!;
        int axis = Axis(node, s.Length);
        int inner = (int)Shapes.Size(s.AsSpan(axis));
        int outer = (int)Shapes.Size(s.AsSpan(0, axis));
        StepBuilder step = context.Step("LayerNorm.Run").In("x", x).In("scale", Parameter(context, node, node.Input(1)!, inner));
        step = node.Input(2) is { } bias ? step.In("bias", Parameter(context, node, bias, inner)) : step.Expr("bias", "default");
        step.Out("y", node.Output(0)!);
        step = node.Output(1) is { } mean ? step.Out("mean", mean) : step.Expr("mean", "default");
        step = node.Output(2) is { } inv ? step.Out("invStdDev", inv) : step.Expr("invStdDev", "default");
        step.Int("outer", outer).Int("inner", inner).Float("epsilon", node.GetFloat("epsilon", 1e-5f));
    }
}
