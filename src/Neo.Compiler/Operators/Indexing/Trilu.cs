using System;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Indexing;

/// <summary>Trilu: keeps the upper (upper = 1, default) or lower triangle of the last two dims from diagonal k (an input known at build time).</summary>
public sealed class Trilu : Operator
{
    public override string OpType => "Trilu";

    public override OpKind Kind => OpKind.Injective;

    public override bool NeedsConstantInput(Node node, int index) => index == 1;

    public override void InferShapes(Node node)
    {
        Value x = node.RequireInput(0);
        int[] s = ShapeOf(x);
        if (s.Length < 2)
        {
            throw Invalid(node, $"has input {Shapes.Format(s)}; Trilu needs at least 2 dims.");
        }

        _ = ConstantInts(node, 1, "k");
        SetOutput(node, 0, x.Type, s);
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.Input(0)!;
        int[] s = x.Shape!;
        if (x.Size == 0)
        {
            return;
        }

        long k = ConstantInts(node, 1, "k") is { Length: > 0 } kv ? kv[0] : 0;
        context.Step("Indexing.Trilu").In("x", x).Out("y", node.Output(0)!)
            .Int("batch", (int)Shapes.Size(s.AsSpan(0, s.Length - 2))).Int("rows", s[^2]).Int("cols", s[^1])
            .Long("k", k).Bool("upper", node.GetInt("upper", 1) != 0);
    }
}
