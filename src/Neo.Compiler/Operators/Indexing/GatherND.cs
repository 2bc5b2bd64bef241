using System;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators.Support;

namespace Neo.Compiler.Operators.Indexing;

/// <summary>GatherND: gathers slices of data addressed by the index tuples in the last dim of indices, with batch_dims.</summary>
public sealed class GatherND : Operator
{
    public override string OpType => "GatherND";

    public override OpKind Kind => OpKind.Injective;

    public override string Notes => "batch_dims";

    internal sealed record Layout(int Batch, int DataBatchStride, int Tuples, int[] Dims, int[] Strides, int SliceSize, int[] OutShape);

    internal static Layout Plan(Node node, int[] data, int[] idx, int batchDims)
    {
        if (idx.Length == 0 || batchDims < 0 || batchDims >= System.Math.Min(data.Length, idx.Length))
        {
            throw Invalid(node, $"has data {Shapes.Format(data)}, indices {Shapes.Format(idx)} and batch_dims {batchDims}.");
        }

        int r = idx[^1];
        if (r < 1 || batchDims + r > data.Length)
        {
            throw Invalid(node, $"has index tuples of length {r} for data {Shapes.Format(data)} with batch_dims {batchDims}.");
        }

        for (int d = 0; d < batchDims; d++)
        {
            if (data[d] != idx[d])
            {
                throw Mismatch(node, $"has data {Shapes.Format(data)} and indices {Shapes.Format(idx)} whose batch dims differ.");
            }
        }

        int[] rowMajor = StridedPlan.RowMajor(data);
        int batch = (int)Shapes.Size(data.AsSpan(0, batchDims));
        int dataBatchStride = (int)Shapes.Size(data.AsSpan(batchDims));
        int tuples = (int)Shapes.Size(idx.AsSpan(batchDims, idx.Length - 1 - batchDims));
        int[] dims = data[batchDims..(batchDims + r)];
        int[] strides = rowMajor[batchDims..(batchDims + r)];
        int slice = (int)Shapes.Size(data.AsSpan(batchDims + r));
        int[] outShape = idx[..^1].Concat(data[(batchDims + r)..]).ToArray();
        return new Layout(batch, dataBatchStride, tuples, dims, strides, slice, outShape);
    }

    public override void InferShapes(Node node)
    {
        RequireType(node, 1, DataType.Int64);
        int[] data = ShapeOf(node.RequireInput(0)), idx = ShapeOf(node.RequireInput(1));
        SetOutput(node, 0, node.Input(0)!.Type, Plan(node, data, idx, (int)node.GetInt("batch_dims", 0)).OutShape);
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Layout l = Plan(node, node.Input(0)!.Shape!, node.Input(1)!.Shape!, (int)node.GetInt("batch_dims", 0));
        context.Step("Indexing.GatherND").In("data", node.Input(0)!).In("indices", node.Input(1)!).Out("output", node.Output(0)!)
            .Int("batch", l.Batch).Int("dataBatchStride", l.DataBatchStride).Int("tuples", l.Tuples)
            .Ints("dims", l.Dims).Ints("strides", l.Strides).Int("sliceSize", l.SliceSize);
    }
}
