using System;
using System.Runtime.CompilerServices;

namespace Neo.Runtime.Kernels;

/// <summary>Comparisons and selection with numpy broadcasting: Equal, Less, Greater, ..., Where.</summary>
public static class Logic
{
    /// <summary>
    /// y = compare(a, b) with broadcasting. <paramref name="shape"/> is the output shape (dims merged by the compiler);
    /// the strides are element strides of each operand, 0 along broadcast dims.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Compare<T, TOp>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<bool> y, ReadOnlySpan<int> shape, ReadOnlySpan<int> aStrides, ReadOnlySpan<int> bStrides, TOp op)
        where TOp : struct, IComparison<T>
    {
        int rank = shape.Length;
        Span<int> index = stackalloc int[rank];
        index.Clear();
        int ao = 0, bo = 0;
        for (int o = 0; o < y.Length; o++)
        {
            y[o] = op.Invoke(a[ao], b[bo]);
            for (int d = rank - 1; d >= 0; d--)
            {
                ao += aStrides[d];
                bo += bStrides[d];
                if (++index[d] < shape[d])
                {
                    break;
                }

                ao -= aStrides[d] * shape[d];
                bo -= bStrides[d] * shape[d];
                index[d] = 0;
            }
        }
    }

    /// <summary>output = condition ? x : y with broadcasting of all three (strides as in <see cref="Compare{T, TOp}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Where<T>(ReadOnlySpan<bool> condition, ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> output, ReadOnlySpan<int> shape, ReadOnlySpan<int> conditionStrides, ReadOnlySpan<int> xStrides, ReadOnlySpan<int> yStrides)
    {
        int rank = shape.Length;
        Span<int> index = stackalloc int[rank];
        index.Clear();
        int co = 0, xo = 0, yo = 0;
        for (int o = 0; o < output.Length; o++)
        {
            output[o] = condition[co] ? x[xo] : y[yo];
            for (int d = rank - 1; d >= 0; d--)
            {
                co += conditionStrides[d];
                xo += xStrides[d];
                yo += yStrides[d];
                if (++index[d] < shape[d])
                {
                    break;
                }

                co -= conditionStrides[d] * shape[d];
                xo -= xStrides[d] * shape[d];
                yo -= yStrides[d] * shape[d];
                index[d] = 0;
            }
        }
    }
}
