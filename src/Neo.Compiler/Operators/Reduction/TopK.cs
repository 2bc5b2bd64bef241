using System;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Reduction;

/// <summary>TopK: the K largest (or smallest) elements along an axis and their int64 indices, sorted; K known at build time.</summary>
public sealed class TopK : Operator
{
    public override string OpType => "TopK";

    public override OpKind Kind => OpKind.Opaque;

    public override string Notes => "largest, sorted; K known at build time";

    public override bool NeedsConstantInput(Node node, int index) => index == 1;

    private static (int Axis, int K) Params(Node node)
    {
        int[] s = node.Input(0)!.Shape!;
        long a = node.GetInt("axis", -1);
        int axis = Shapes.NormalizeAxis(a, s.Length);
        if (axis < 0)
        {
            throw Invalid(node, $"has axis {a} for a tensor of rank {s.Length}.");
        }

        long k = node.OpsetVersion is > 0 and < 10 ? node.Require("k").Int : (ConstantInts(node, 1, "K") ?? throw Invalid(node, "lacks K."))[0];
        if (k < 0 || k > s[axis])
        {
            throw Invalid(node, $"asks for the top {k} of {s[axis]} elements.");
        }

        return (axis, (int)k);
    }

    public override void InferShapes(Node node)
    {
        Value x = node.RequireInput(0);
        RequireType(node, 0, DataType.Float32, DataType.Float64, DataType.Float16, DataType.Int64, DataType.Int32);
        int[] shape = (int[])ShapeOf(x).Clone();
        (int axis, int k) = Params(node);
        shape[axis] = k;
        SetOutput(node, 0, x.Type, shape);
        SetOutput(node, 1, DataType.Int64, (int[])shape.Clone());
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.Input(0)!;
        int[] s = x.Shape!;
        (int axis, int k) = Params(node);
        if (k == 0)
        {
            return;
        }

        StepBuilder step = context.Step("Selection.TopK").In("x", x);
        step = node.Output(0) is { } v ? step.Out("values", v) : step.Scratch("values", x.Type, node.Output(1)!.Size);
        step = node.Output(1) is { } i ? step.Out("indices", i) : step.Scratch("indices", DataType.Int64, node.Output(0)!.Size);
        step.Scratch("order", DataType.Int32, s[axis])
            .Int("outer", (int)Shapes.Size(s.AsSpan(0, axis))).Int("axisDim", s[axis]).Int("inner", (int)Shapes.Size(s.AsSpan(axis + 1)))
            .Int("k", k).Bool("largest", node.GetInt("largest", 1) != 0);
    }
}
