using System;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.LinearAlgebra;

/// <summary>Det: the determinant of each square matrix in the last two dims (LU with partial pivoting, in double).</summary>
public sealed class Det : Operator
{
    public override string OpType => "Det";

    public override string Notes => "batched; LU in double";

    public override OpKind Kind => OpKind.Opaque;

    public override void InferShapes(Node node)
    {
        Value x = node.RequireInput(0);
        RequireType(node, 0, DataType.Float32, DataType.Float64, DataType.Float16);
        int[] s = ShapeOf(x);
        if (s.Length < 2 || s[^1] != s[^2])
        {
            throw Invalid(node, $"has input {Shapes.Format(s)}; Det takes square matrices in the last two dims.");
        }

        SetOutput(node, 0, x.Type, s[..^2]);
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.Input(0)!;
        int[] s = x.Shape!;
        int n = s[^1];
        context.Step("LinearAlgebra.Determinant").In("x", x).Out("y", node.Output(0)!)
            .Scratch("lu", DataType.Float64, (long)n * n).Int("batch", (int)Shapes.Size(s.AsSpan(0, s.Length - 2))).Int("n", n);
    }
}
