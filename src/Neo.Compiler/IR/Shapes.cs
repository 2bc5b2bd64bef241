using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Neo.Compiler.IR;

/// <summary>Arithmetic on static shapes.</summary>
public static class Shapes
{
    /// <summary>The number of elements (1 for a scalar).</summary>
    public static long Size(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (int d in shape)
        {
            n *= d;
        }

        return n;
    }

    public static string Format(IReadOnlyList<int>? shape) =>
        shape is null ? "[?]" : "[" + string.Join(",", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>Row-major strides in elements.</summary>
    public static long[] Strides(ReadOnlySpan<int> shape)
    {
        var s = new long[shape.Length];
        long acc = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            s[i] = acc;
            acc *= shape[i];
        }

        return s;
    }

    /// <summary>Numpy-style broadcast of two shapes, or null when they do not broadcast.</summary>
    public static int[]? Broadcast(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        int rank = Math.Max(a.Count, b.Count);
        var r = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Count ? 1 : a[i - (rank - a.Count)];
            int db = i < rank - b.Count ? 1 : b[i - (rank - b.Count)];
            if (da == db || db == 1)
            {
                r[i] = da;
            }
            else if (da == 1)
            {
                r[i] = db;
            }
            else
            {
                return null;
            }
        }

        return r;
    }

    /// <summary>Normalizes a possibly negative axis for a tensor of <paramref name="rank"/> dimensions; -1 when out of range.</summary>
    public static int NormalizeAxis(long axis, int rank)
    {
        long a = axis < 0 ? axis + rank : axis;
        return a < 0 || a >= rank ? -1 : (int)a;
    }

    public static bool Equal(IReadOnlyList<int>? a, IReadOnlyList<int>? b)
    {
        if (a is null || b is null || a.Count != b.Count)
        {
            return false;
        }

        for (int i = 0; i < a.Count; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }
}
