using System;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators.Support;

namespace Neo.Compiler.Operators.LinearAlgebra;

/// <summary>
/// MatMul: numpy matmul. 1-D operands are promoted (a row for A, a column for B) and the promoted dim
/// dropped from the result; batch dims broadcast. float32 lowers to <c>MatMul.Batched</c>, which runs the Gemm
/// kernel per batch with a fused epilogue and residual; other types to <c>MatMul.Generic</c>.
/// </summary>
public sealed class MatMul : Operator
{
    public override string OpType => "MatMul";

    public override OpKind Kind => OpKind.OutFusable;

    public override string Notes => "batched, broadcast batch dims, 1-D operands";

    private sealed record Dims(int M, int N, int K, int[] Batch, int[] AOffsets, int[] BOffsets, int[] OutShape);

    private static Dims Plan(Node node)
    {
        int[] a = node.Input(0)!.Shape!, b = node.Input(1)!.Shape!;
        if (a.Length == 0 || b.Length == 0)
        {
            throw Invalid(node, "multiplies a scalar; MatMul needs at least 1-D operands.");
        }

        int[] a2 = a.Length == 1 ? new[] { 1, a[0] } : a;
        int[] b2 = b.Length == 1 ? new[] { b[0], 1 } : b;
        int m = a2[^2], k = a2[^1], kb = b2[^2], n = b2[^1];
        if (k != kb)
        {
            throw Mismatch(node, $"multiplies {Shapes.Format(a)} by {Shapes.Format(b)}: inner dimensions {k} and {kb} differ.");
        }

        int[] aBatch = a2[..^2], bBatch = b2[..^2];
        int[] batch = Shapes.Broadcast(aBatch, bBatch)
            ?? throw Mismatch(node, $"cannot broadcast the batch dims of {Shapes.Format(a)} and {Shapes.Format(b)}.");
        int count = (int)Shapes.Size(batch);
        int[] aStrides = MultiBroadcast.StridesFor(batch, aBatch), bStrides = MultiBroadcast.StridesFor(batch, bBatch);
        var aOff = new int[count];
        var bOff = new int[count];
        for (int i = 0; i < count; i++)
        {
            int rem = i, ao = 0, bo = 0;
            for (int d = batch.Length - 1; d >= 0; d--)
            {
                int ix = rem % batch[d];
                rem /= batch[d];
                ao += ix * aStrides[d];
                bo += ix * bStrides[d];
            }

            aOff[i] = checked(ao * m * k);
            bOff[i] = checked(bo * k * n);
        }

        int[] outShape = batch.Concat(a.Length == 1 ? Array.Empty<int>() : new[] { m }).Concat(b.Length == 1 ? Array.Empty<int>() : new[] { n }).ToArray();
        return new Dims(m, n, k, batch, aOff, bOff, outShape);
    }

    public override void InferShapes(Node node)
    {
        Value a = node.RequireInput(0), b = node.RequireInput(1);
        RequireType(node, 0, DataType.Float32, DataType.Float64, DataType.Int64, DataType.Int32, DataType.UInt64, DataType.UInt32);
        if (a.Type != b.Type)
        {
            throw Mismatch(node, $"multiplies '{a.Name}' of type {DataTypes.Name(a.Type)} by '{b.Name}' of type {DataTypes.Name(b.Type)}; both must have the same type.");
        }

        _ = ShapeOf(a);
        _ = ShapeOf(b);
        SetOutput(node, 0, a.Type, Plan(node).OutShape);
    }

    public override long Macs(Node node)
    {
        Dims d = Plan(node);
        return (long)d.AOffsets.Length * d.M * d.N * d.K;
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value a = node.Input(0)!, b = node.Input(1)!, y = node.Output(0)!;
        if (y.Size == 0)
        {
            return;
        }

        Dims d = Plan(node);
        if (a.Type != DataType.Float32)
        {
            context.Step("MatMul.Generic").In("a", a).In("b", b).Out("y", y).Int("m", d.M).Int("n", d.N).Int("k", d.K)
                .Ints("aOffsets", d.AOffsets).Ints("bOffsets", d.BOffsets);
            return;
        }

        StepBuilder step = context.Step("MatMul.Batched").Team().In("a", a).In("b", b).Out("y", y)
            .Int("m", d.M).Int("n", d.N).Int("k", d.K).Ints("aOffsets", d.AOffsets).Ints("bOffsets", d.BOffsets);
        if (node.Residual is { } residual)
        {
            step.In("residual", residual);
        }
        else
        {
            step.Expr("residual", "default");
        }

        step.Expr("epilogue", Epilogues.Expression(node, context.Operators));
    }
}
