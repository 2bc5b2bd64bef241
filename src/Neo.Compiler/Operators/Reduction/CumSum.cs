using System;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators.Support;

namespace Neo.Compiler.Operators.Reduction;

/// <summary>CumSum: the running sum along the axis input (known at build time), exclusive and reverse.</summary>
public sealed class CumSum : Operator
{
    public override string OpType => "CumSum";

    public override OpKind Kind => OpKind.Opaque;

    public override string Notes => "exclusive, reverse";

    public override bool NeedsConstantInput(Node node, int index) => index == 1;

    private static int Axis(Node node)
    {
        int rank = node.Input(0)!.Shape!.Length;
        long[] a = ConstantInts(node, 1, "axis") ?? throw Invalid(node, "lacks its axis.");
        int axis = a.Length == 1 ? Shapes.NormalizeAxis(a[0], rank) : -1;
        return axis >= 0 ? axis : throw Invalid(node, $"has axis [{string.Join(",", a)}] for a tensor of rank {rank}.");
    }

    public override void InferShapes(Node node)
    {
        Value x = node.RequireInput(0);
        RequireType(node, 0, KernelTypes.Numeric);
        _ = Axis(node);
        SetOutput(node, 0, x.Type, ShapeOf(x));
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.Input(0)!;
        int[] s = x.Shape!;
        int axis = Axis(node);
        context.Step("Cumulative.Sum").In("x", x).Out("y", node.Output(0)!)
            .Int("outer", (int)Shapes.Size(s.AsSpan(0, axis))).Int("axisDim", s[axis]).Int("inner", (int)Shapes.Size(s.AsSpan(axis + 1)))
            .Bool("exclusive", node.GetInt("exclusive", 0) != 0).Bool("reverse", node.GetInt("reverse", 0) != 0);
    }
}
