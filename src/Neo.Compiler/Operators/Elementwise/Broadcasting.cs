using System;
using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.IR;

namespace Neo.Compiler.Operators.Elementwise;

/// <summary>
/// Numpy broadcasting, planned at build time: the output shape and, for each operand, element strides
/// (0 along broadcast dimensions), with adjacent dimensions merged wherever both operands allow so the
/// kernel's inner loop is as long as possible.
/// </summary>
public static class Broadcasting
{
    public static (int[] Shape, int[] AStrides, int[] BStrides) Plan(int[] outShape, int[] aShape, int[] bShape)
    {
        int rank = outShape.Length;
        int[] aS = StridesFor(outShape, aShape);
        int[] bS = StridesFor(outShape, bShape);
        var shape = new List<int>();
        var sa = new List<int>();
        var sb = new List<int>();
        for (int d = 0; d < rank; d++)
        {
            if (outShape[d] == 1)
            {
                continue;
            }

            if (shape.Count > 0)
            {
                int last = shape.Count - 1;
                // Merge dim d into the previous one if each operand is contiguous across both.
                bool aOk = sa[last] == aS[d] * outShape[d];
                bool bOk = sb[last] == bS[d] * outShape[d];
                if (aOk && bOk)
                {
                    shape[last] *= outShape[d];
                    sa[last] = aS[d];
                    sb[last] = bS[d];
                    continue;
                }
            }

            shape.Add(outShape[d]);
            sa.Add(aS[d]);
            sb.Add(bS[d]);
        }

        if (shape.Count == 0)
        {
            return (new[] { 1 }, new[] { 0 }, new[] { 0 });
        }

        return (shape.ToArray(), sa.ToArray(), sb.ToArray());
    }

    private static int[] StridesFor(int[] outShape, int[] shape)
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

    /// <summary>The broadcast shape of all <paramref name="shapes"/>, or null if they do not broadcast.</summary>
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

    public static string Format(int[] s) => Shapes.Format(s);

    public static bool IsScalar(int[] s) => s.All(d => d == 1);
}
