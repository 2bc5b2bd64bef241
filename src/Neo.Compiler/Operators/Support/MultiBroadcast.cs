using System;
using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.IR;

namespace Neo.Compiler.Operators.Support;

/// <summary>
/// Numpy broadcasting of any number of operands, planned at build time: the output shape, and per operand
/// element strides (0 along broadcast dims), with adjacent dims merged where every operand allows.
/// </summary>
public static class MultiBroadcast
{
    /// <summary>The broadcast shape, or null when the shapes do not broadcast.</summary>
    public static int[]? Shape(IEnumerable<int[]> shapes)
    {
        int[]? r = null;
        foreach (int[] s in shapes)
        {
            r = r is null ? s : Shapes.Broadcast(r, s);
            if (r is null)
            {
                return null;
            }
        }

        return r ?? Array.Empty<int>();
    }

    /// <summary>The plan for two operands.</summary>
    public static (int[] Shape, int[] AStrides, int[] BStrides) Plan(int[] outShape, int[] a, int[] b)
    {
        (int[] shape, int[][] strides) = Plan(outShape, new[] { a, b });
        return (shape, strides[0], strides[1]);
    }

    /// <summary>The merged output shape and each operand's strides.</summary>
    public static (int[] Shape, int[][] Strides) Plan(int[] outShape, IReadOnlyList<int[]> operands)
    {
        int rank = outShape.Length;
        int[][] full = operands.Select(s => StridesFor(outShape, s)).ToArray();
        var shape = new List<int>();
        var strides = operands.Select(_ => new List<int>()).ToArray();
        for (int d = 0; d < rank; d++)
        {
            if (outShape[d] == 1)
            {
                continue;
            }

            if (shape.Count > 0)
            {
                int last = shape.Count - 1;
                int dd = d;
                if (Enumerable.Range(0, operands.Count).All(k => strides[k][last] == full[k][dd] * outShape[dd]))
                {
                    shape[last] *= outShape[d];
                    for (int k = 0; k < operands.Count; k++)
                    {
                        strides[k][last] = full[k][d];
                    }

                    continue;
                }
            }

            shape.Add(outShape[d]);
            for (int k = 0; k < operands.Count; k++)
            {
                strides[k].Add(full[k][d]);
            }
        }

        if (shape.Count == 0)
        {
            return (new[] { 1 }, operands.Select(_ => new[] { 0 }).ToArray());
        }

        return (shape.ToArray(), strides.Select(s => s.ToArray()).ToArray());
    }

    /// <summary>Element strides of an operand of <paramref name="shape"/> read as <paramref name="outShape"/>.</summary>
    public static int[] StridesFor(int[] outShape, int[] shape)
    {
        int rank = outShape.Length;
        var strides = new int[rank];
        int acc = 1;
        for (int d = rank - 1; d >= 0; d--)
        {
            int k = d - (rank - shape.Length);
            int dim = k >= 0 ? shape[k] : 1;
            strides[d] = dim == 1 ? 0 : acc;
            acc *= dim;
        }

        return strides;
    }
}
