using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Neo.Runtime.Kernels;

/// <summary>Elementwise kernels: one operator (or a fused chain) applied to every element.</summary>
public static class Elementwise
{
    /// <summary>y[i] = op(x[i]). <paramref name="x"/> and <paramref name="y"/> may be the same memory.</summary>
    public static void Unary<TOp>(ReadOnlySpan<float> x, Span<float> y, TOp op)
        where TOp : struct, IUnaryOperator
    {
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        int n = y.Length;
        for (int i = 0; i < n; i++)
        {
            Unsafe.Add(ref ys, i) = op.Invoke(Unsafe.Add(ref xs, i));
        }
    }

    /// <summary>y[i] = op(a[i], b[i]) for tensors of the same shape.</summary>
    public static void Binary<T, TOp>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y, TOp op)
        where TOp : struct, IBinaryOperator<T>
    {
        int n = y.Length;
        for (int i = 0; i < n; i++)
        {
            y[i] = op.Invoke(a[i], b[i]);
        }
    }

    /// <summary>y[i] = op(a[i], b) for a scalar right operand.</summary>
    public static void BinaryScalarRight<T, TOp>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y, TOp op)
        where TOp : struct, IBinaryOperator<T>
    {
        T s = b[0];
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = op.Invoke(a[i], s);
        }
    }

    /// <summary>y[i] = op(a, b[i]) for a scalar left operand.</summary>
    public static void BinaryScalarLeft<T, TOp>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y, TOp op)
        where TOp : struct, IBinaryOperator<T>
    {
        T s = a[0];
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = op.Invoke(s, b[i]);
        }
    }

    /// <summary>
    /// Numpy-broadcast binary operation. <paramref name="shape"/> is the output shape (dims merged where
    /// possible by the compiler); <paramref name="aStrides"/> and <paramref name="bStrides"/> are element
    /// strides, 0 along broadcast dimensions.
    /// </summary>
    public static void BinaryBroadcast<T, TOp>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y, ReadOnlySpan<int> shape, ReadOnlySpan<int> aStrides, ReadOnlySpan<int> bStrides, TOp op)
        where TOp : struct, IBinaryOperator<T>
    {
        int rank = shape.Length;
        if (rank == 0)
        {
            y[0] = op.Invoke(a[0], b[0]);
            return;
        }

        int inner = shape[rank - 1];
        int sa = aStrides[rank - 1], sb = bStrides[rank - 1];
        Span<int> index = stackalloc int[rank];
        index.Clear();
        int outer = y.Length / Math.Max(inner, 1);
        int yo = 0;
        for (int o = 0; o < outer; o++)
        {
            int ao = 0, bo = 0;
            for (int d = 0; d < rank - 1; d++)
            {
                ao += index[d] * aStrides[d];
                bo += index[d] * bStrides[d];
            }

            for (int i = 0; i < inner; i++)
            {
                y[yo + i] = op.Invoke(a[ao + (i * sa)], b[bo + (i * sb)]);
            }

            yo += inner;
            for (int d = rank - 2; d >= 0; d--)
            {
                if (++index[d] < shape[d])
                {
                    break;
                }

                index[d] = 0;
            }
        }
    }
}
