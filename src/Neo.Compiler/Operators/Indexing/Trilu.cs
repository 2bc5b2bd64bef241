using System;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Indexing;

/// <summary>Trilu: keeps the upper (upper = 1, default) or lower triangle of the last two dims from diagonal k (an optional int64 input).</summary>
public sealed class Trilu : Operator
{
    public override string OpType => "Trilu";

    public override string Notes => "upper and lower; k at build or run time";

    public override OpKind Kind => OpKind.Injective;

    public override void InferShapes(Node node)
    {
        Value x = node.RequireInput(0);
        int[] s = ShapeOf(x);
        if (s.Length < 2)
        {
            throw Invalid(node, $"has input {Shapes.Format(s)}; Trilu needs at least 2 dims.");
        }

        if (node.Input(1) is { } k && (k.Type != DataType.Int64 || k.Size != 1))
        {
            throw Invalid(node, $"has k {DataTypes.Name(k.Type)}{Shapes.Format(k.Shape)}; ONNX takes an int64 scalar.");
        }
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

        LTensor k = node.Input(1) is { } kv ? context.TensorOf(kv) : context.Weights(node.Name + " k", TensorData.FromLongs(new[] { 1 }, new[] { 0L }));
        context.Step("Indexing.Trilu").In("x", x).Out("y", node.Output(0)!)
            .Int("batch", (int)Shapes.Size(s.AsSpan(0, s.Length - 2))).Int("rows", s[^2]).Int("cols", s[^1])
            .In("k", k).Bool("upper", node.GetInt("upper", 1) != 0);
    }
}
