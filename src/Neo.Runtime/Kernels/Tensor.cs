using System;
using System.Runtime.CompilerServices;

namespace Neo.Runtime.Kernels;

/// <summary>Data movement: copies, transposes, concatenation.</summary>
public static class Tensor
{
    /// <summary>Copies <paramref name="source"/> into <paramref name="destination"/> (same length).</summary>
    public static void Copy<T>(ReadOnlySpan<T> source, Span<T> destination) => source.CopyTo(destination);

    /// <summary>
    /// Copies a block of <paramref name="outer"/> rows of <paramref name="sourceRow"/> elements into the
    /// destination, whose rows are <paramref name="destinationRow"/> long, at <paramref name="destinationOffset"/>
    /// in each row: the core of Concat along any axis.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CopyRows<T>(ReadOnlySpan<T> source, Span<T> destination, int outer, int sourceRow, int destinationRow, int destinationOffset)
    {
        for (int o = 0; o < outer; o++)
        {
            source.Slice(o * sourceRow, sourceRow).CopyTo(destination.Slice((o * destinationRow) + destinationOffset, sourceRow));
        }
    }

    /// <summary>
    /// General transpose: output dim <c>i</c> is input dim <c>perm[i]</c>. <paramref name="shape"/> is the output
    /// shape and <paramref name="strides"/> the input strides reordered by the permutation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Transpose<T>(ReadOnlySpan<T> input, Span<T> output, ReadOnlySpan<int> shape, ReadOnlySpan<int> strides)
    {
        int rank = shape.Length;
        if (rank == 0)
        {
            output[0] = input[0];
            return;
        }

        Span<int> index = stackalloc int[rank];
        index.Clear();
        int inner = shape[rank - 1], innerStride = strides[rank - 1];
        int outer = output.Length / Math.Max(inner, 1);
        int yo = 0;
        for (int o = 0; o < outer; o++)
        {
            int xo = 0;
            for (int d = 0; d < rank - 1; d++)
            {
                xo += index[d] * strides[d];
            }

            for (int i = 0; i < inner; i++)
            {
                output[yo + i] = input[xo + (i * innerStride)];
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

    /// <summary>
    /// Gather along an axis: data is [outer, axisDim, inner]; each index picks one [inner] slice per outer row.
    /// Negative indices count from the end.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gather<T>(ReadOnlySpan<T> data, ReadOnlySpan<long> indices, Span<T> output, int outer, int axisDim, int inner)
    {
        int count = indices.Length;
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < count; i++)
            {
                long j = indices[i];
                if (j < 0)
                {
                    j += axisDim;
                }

                if ((ulong)j >= (ulong)axisDim)
                {
                    ThrowIndex(indices[i], axisDim);
                }

                data.Slice((int)(((o * axisDim) + j) * inner), inner).CopyTo(output.Slice(((o * count) + i) * inner, inner));
            }
        }
    }

    /// <summary>Gather with int32 indices.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gather<T>(ReadOnlySpan<T> data, ReadOnlySpan<int> indices, Span<T> output, int outer, int axisDim, int inner)
    {
        int count = indices.Length;
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < count; i++)
            {
                int j = indices[i];
                if (j < 0)
                {
                    j += axisDim;
                }

                if ((uint)j >= (uint)axisDim)
                {
                    ThrowIndex(indices[i], axisDim);
                }

                data.Slice(((o * axisDim) + j) * inner, inner).CopyTo(output.Slice(((o * count) + i) * inner, inner));
            }
        }
    }

    private static void ThrowIndex(long index, int axisDim) =>
        throw new ArgumentOutOfRangeException(nameof(index), index, $"NEO3004: index {index} is outside [{-axisDim}, {axisDim - 1}]. Check that token ids are smaller than the vocabulary size.");
}
