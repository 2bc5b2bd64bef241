using System;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Tensor;

/// <summary>Concat: joins tensors along an axis; lowered to one block copy per input.</summary>
public sealed class Concat : Operator
{
    public override string OpType => "Concat";

    public override OpKind Kind => OpKind.Injective;

    private static int Axis(Node node, int rank)
    {
        long a = node.Require("axis").Int;
        int axis = Shapes.NormalizeAxis(a, rank);
        return axis >= 0 ? axis : throw Invalid(node, $"has axis {a} for tensors of rank {rank}.");
    }

    public override void InferShapes(Node node)
    {
        Value[] xs = node.Inputs.Where(i => i is not null).Select(i => i!).ToArray();
        if (xs.Length == 0)
        {
            throw Invalid(node, "has no inputs.");
        }

        int[] first = ShapeOf(xs[0]);
        int axis = Axis(node, first.Length);
        int[] shape = (int[])first.Clone();
        shape[axis] = 0;
        foreach (Value x in xs)
        {
            int[] s = ShapeOf(x);
            if (x.Type != xs[0].Type || s.Length != first.Length || Enumerable.Range(0, s.Length).Any(d => d != axis && s[d] != first[d]))
            {
                throw Mismatch(node, $"joins {string.Join(" and ", xs.Select(v => DataTypes.Name(v.Type) + Shapes.Format(v.Shape)))} along axis {axis}: the other dims and the types must agree.");
            }

            shape[axis] += s[axis];
        }

        SetOutput(node, 0, xs[0].Type, shape);
    }

    public override TensorData[]? Fold(Node node)
    {
        Value y = node.Output(0)!;
        TensorData r = TensorData.Create(y.Type, y.Shape!);
        int axis = Axis(node, y.Shape!.Length);
        int outer = (int)Shapes.Size(y.Shape.AsSpan(0, axis));
        int rowOut = (int)Shapes.Size(y.Shape.AsSpan(axis));
        int offset = 0;
        foreach (Value? x in node.Inputs)
        {
            if (x is null)
            {
                continue;
            }

            int row = (int)Shapes.Size(x.Shape.AsSpan(axis));
            for (int o = 0; o < outer; o++)
            {
                Array.Copy(x.Constant!.Data, o * row, r.Data, (o * rowOut) + offset, row);
            }

            offset += row;
        }

        return new[] { r };
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value y = node.Output(0)!;
        int axis = Axis(node, y.Shape!.Length);
        int outer = (int)Shapes.Size(y.Shape.AsSpan(0, axis));
        int rowOut = (int)Shapes.Size(y.Shape.AsSpan(axis));
        int offset = 0;
        foreach (Value? x in node.Inputs)
        {
            if (x is null)
            {
                continue;
            }

            int row = (int)Shapes.Size(x.Shape.AsSpan(axis));
            if (row > 0)
            {
                context.Step("Tensor.CopyRows").In("source", x).Out("destination", y)
                    .Int("outer", outer).Int("sourceRow", row).Int("destinationRow", rowOut).Int("destinationOffset", offset);
            }

            offset += row;
        }
    }
}
