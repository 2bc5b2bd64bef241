using System;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Tensor;

/// <summary>Gather: picks slices of data along axis by (possibly negative) int64 or int32 indices.</summary>
public sealed class Gather : Operator
{
    public override string OpType => "Gather";

    public override OpKind Kind => OpKind.Injective;

    public override string Notes => "any axis, negative indices; embeddings";

    private static int Axis(Node node, int rank)
    {
        long a = node.GetInt("axis", 0);
        int axis = Shapes.NormalizeAxis(a, rank);
        return axis >= 0 ? axis : throw Invalid(node, $"has axis {a} for data of rank {rank}.");
    }

    public override void InferShapes(Node node)
    {
        RequireType(node, 1, DataType.Int64, DataType.Int32);
        int[] data = ShapeOf(node.RequireInput(0)), idx = ShapeOf(node.RequireInput(1));
        int axis = Axis(node, data.Length);
        var shape = new int[data.Length - 1 + idx.Length];
        int k = 0;
        for (int d = 0; d < axis; d++)
        {
            shape[k++] = data[d];
        }

        foreach (int d in idx)
        {
            shape[k++] = d;
        }

        for (int d = axis + 1; d < data.Length; d++)
        {
            shape[k++] = data[d];
        }

        if (node.Input(1)!.Constant is { } ic)
        {
            for (int i = 0; i < ic.Length; i++)
            {
                long v = ic.GetInt64(i);
                if (v < -data[axis] || v >= data[axis])
                {
                    throw Invalid(node, $"has index {v} outside [{-data[axis]}, {data[axis] - 1}] on axis {axis}.");
                }
            }
        }

        SetOutput(node, 0, node.Input(0)!.Type, shape);
    }

    public override TensorData[]? Fold(Node node)
    {
        TensorData data = node.Input(0)!.Constant!, idx = node.Input(1)!.Constant!;
        Value y = node.Output(0)!;
        int axis = Axis(node, data.Shape.Length);
        int outer = (int)Shapes.Size(data.Shape.AsSpan(0, axis));
        int axisDim = data.Shape[axis];
        int inner = (int)Shapes.Size(data.Shape.AsSpan(axis + 1));
        TensorData r = TensorData.Create(y.Type, y.Shape!);
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < idx.Length; i++)
            {
                long j = idx.GetInt64(i);
                if (j < 0)
                {
                    j += axisDim;
                }

                Array.Copy(data.Data, (o * axisDim * inner) + (j * inner), r.Data, ((o * idx.Length) + i) * inner, inner);
            }
        }

        return new[] { r };
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value data = node.Input(0)!, idx = node.Input(1)!, y = node.Output(0)!;
        int axis = Axis(node, data.Shape!.Length);
        context.Step("Tensor.Gather").In("data", data).In("indices", idx).Out("output", y)
            .Int("outer", (int)Shapes.Size(data.Shape.AsSpan(0, axis)))
            .Int("axisDim", data.Shape[axis])
            .Int("inner", (int)Shapes.Size(data.Shape.AsSpan(axis + 1)));
    }
}
