using System;
using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators.Nn;

namespace Neo.Compiler.Operators.Quantization;

/// <summary>What the quantization operators share: element type names, per-axis layouts, batched matrix geometry.</summary>
internal static class QuantizedTensors
{
    /// <summary>The C# keyword of an integer element type, for explicit kernel type arguments.</summary>
    public static string Keyword(DataType t) => t switch
    {
        DataType.UInt8 => "byte",
        DataType.Int8 => "sbyte",
        DataType.Int32 => "int",
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, null),
    };

    /// <summary>The tensor as [outer, axis, inner] for a per-tensor (one element) or per-axis scale.</summary>
    public static (int Outer, int Axis, int Inner) Layout(Node node, int[] shape, Value scale)
    {
        if (scale.Size == 1)
        {
            return (1, 1, checked((int)Shapes.Size(shape)));
        }

        long axisAttr = node.GetInt("axis", 1);
        int axis = Shapes.NormalizeAxis(axisAttr, shape.Length);
        if (axis < 0 || scale.Shape!.Length != 1 || shape[axis] != scale.Size)
        {
            throw new CompileErrorException(DiagnosticCodes.ShapeMismatch, $"node {node.Display} has {scale.Size} scales for axis {axisAttr} of {Shapes.Format(shape)}.", node.Name);
        }

        if (node.GetInt("block_size", 0) != 0)
        {
            throw new CompileErrorException(DiagnosticCodes.InvalidNode, $"node {node.Display} asks for blocked quantization (block_size), which Neo does not implement.", node.Name);
        }

        return ((int)Shapes.Size(shape.AsSpan(0, axis)), shape[axis], (int)Shapes.Size(shape.AsSpan(axis + 1)));
    }

    /// <summary>Adds a tensor argument, or <c>default</c> when the optional input is absent.</summary>
    public static StepBuilder Optional(this StepBuilder step, string name, Value? v) =>
        v is null ? step.Expr(name, "default") : step.In(name, v);

    /// <summary>The spatial parameters of a quantized convolution, as three values each (1-D and 2-D padded).</summary>
    public static (int[] In, int[] Out, int[] Kernel, int[] Strides, int[] Pads, int[] Dilations, int OutChannels) ConvGeometry(Node node, int[] x, int[] w)
    {
        if (x.Length < 3 || x.Length > 5 || w.Length != x.Length)
        {
            throw new CompileErrorException(DiagnosticCodes.InvalidNode, $"node {node.Display} has input {Shapes.Format(x)} and weights {Shapes.Format(w)}; Neo supports 1-D, 2-D and 3-D convolution.", node.Name);
        }

        int group = checked((int)node.GetInt("group", 1));
        if (group <= 0 || x[1] % group != 0 || w[0] % group != 0 || w[1] * group != x[1])
        {
            throw new CompileErrorException(DiagnosticCodes.ShapeMismatch, $"node {node.Display} has {x[1]} input channels, weights {Shapes.Format(w)} and group {group}.", node.Name);
        }

        WindowGeometry g = WindowGeometry.Compute(node, x[2..], w[2..], ceilMode: false);
        int[] Three(int[] v, int fill) => Enumerable.Repeat(fill, 3 - v.Length).Concat(v).ToArray();
        return (Three(x[2..], 1), Three(g.Output, 1), Three(w[2..], 1), Three(g.Strides, 1), Three(g.PadsBegin, 0), Three(g.Dilations, 1), w[0]);
    }

    /// <summary>
    /// numpy matmul of [..., M, K] by [..., K, N] (1-D operands promoted and their dim dropped): the output
    /// shape and, per output matrix, where each operand's matrix starts.
    /// </summary>
    public static (int[] Shape, int M, int N, int K, int[] AOffsets, int[] BOffsets) MatMul(Node node, int[] a, int[] b)
    {
        int[] a2 = a.Length == 1 ? new[] { 1, a[0] } : a;
        int[] b2 = b.Length == 1 ? new[] { b[0], 1 } : b;
        if (a.Length == 0 || b.Length == 0 || a2[^1] != b2[^2])
        {
            throw new CompileErrorException(DiagnosticCodes.ShapeMismatch, $"node {node.Display} multiplies {Shapes.Format(a)} by {Shapes.Format(b)}: the inner dimensions differ.", node.Name);
        }

        int m = a2[^2], k = a2[^1], n = b2[^1];
        int[] aBatch = a2[..^2], bBatch = b2[..^2];
        int[] batch = Shapes.Broadcast(aBatch, bBatch) ?? throw new CompileErrorException(DiagnosticCodes.ShapeMismatch, $"node {node.Display} cannot broadcast the batch dims of {Shapes.Format(a)} and {Shapes.Format(b)}.", node.Name);
        int count = (int)Shapes.Size(batch);
        var aOffsets = new int[count];
        var bOffsets = new int[count];
        for (int i = 0; i < count; i++)
        {
            aOffsets[i] = Offset(i, batch, aBatch) * m * k;
            bOffsets[i] = Offset(i, batch, bBatch) * k * n;
        }

        var shape = new List<int>(batch);
        if (a.Length > 1)
        {
            shape.Add(m);
        }

        if (b.Length > 1)
        {
            shape.Add(n);
        }

        return (shape.ToArray(), m, n, k, aOffsets, bOffsets);
    }

    /// <summary>The matrix index in an operand with batch dims <paramref name="own"/> of output batch index <paramref name="i"/>.</summary>
    private static int Offset(int i, int[] batch, int[] own)
    {
        int index = 0, stride = 1;
        for (int d = batch.Length - 1; d >= 0; d--)
        {
            int coordinate = i % batch[d];
            i /= batch[d];
            int od = d - (batch.Length - own.Length);
            if (od >= 0)
            {
                index += (own[od] == 1 ? 0 : coordinate) * stride;
                stride *= own[od];
            }
        }

        return index;
    }
}
