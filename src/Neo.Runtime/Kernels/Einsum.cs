using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Neo.Runtime.Kernels;

/// <summary>
/// Einstein summation of one or two operands, planned by the compiler: the output iterates its labels,
/// each output element sums over the contracted labels; every operand reads through one stride per label
/// (0 where the operand lacks it; a repeated label, as in a diagonal, adds its strides).
/// </summary>
public static class Einsum
{
    /// <summary>y[out] = Σ_sum a[out, sum]·b[out, sum]; <paramref name="twoOperands"/> false for one operand (b is then unused).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(
        ReadOnlySpan<T> a,
        ReadOnlySpan<T> b,
        Span<T> y,
        ReadOnlySpan<int> outShape,
        ReadOnlySpan<int> sumShape,
        ReadOnlySpan<int> aOutStrides,
        ReadOnlySpan<int> aSumStrides,
        ReadOnlySpan<int> bOutStrides,
        ReadOnlySpan<int> bSumStrides,
        bool twoOperands)
        where T : INumberBase<T>
    {
        bool two = twoOperands;
        int outRank = outShape.Length, sumRank = sumShape.Length;
        int sumCount = 1;
        foreach (int d in sumShape)
        {
            sumCount *= d;
        }

        Span<int> oi = stackalloc int[outRank];
        Span<int> si = stackalloc int[sumRank];
        oi.Clear();
        for (int o = 0; o < y.Length; o++)
        {
            int ao = 0, bo = 0;
            for (int d = 0; d < outRank; d++)
            {
                ao += oi[d] * aOutStrides[d];
                if (two)
                {
                    bo += oi[d] * bOutStrides[d];
                }
            }

            T acc = T.Zero;
            si.Clear();
            for (int s = 0; s < sumCount; s++)
            {
                int aa = ao, bb = bo;
                for (int d = 0; d < sumRank; d++)
                {
                    aa += si[d] * aSumStrides[d];
                    if (two)
                    {
                        bb += si[d] * bSumStrides[d];
                    }
                }

                acc += two ? a[aa] * b[bb] : a[aa];
                for (int d = sumRank - 1; d >= 0; d--)
                {
                    if (++si[d] < sumShape[d])
                    {
                        break;
                    }

                    si[d] = 0;
                }
            }

            y[o] = acc;
            for (int d = outRank - 1; d >= 0; d--)
            {
                if (++oi[d] < outShape[d])
                {
                    break;
                }

                oi[d] = 0;
            }
        }
    }
}
