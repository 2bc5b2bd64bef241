using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Neo.Runtime.Kernels;

/// <summary>How scattered updates combine with what is there (ONNX ScatterND/ScatterElements' reduction).</summary>
public enum ScatterReduction
{
    /// <summary>Replace.</summary>
    None = 0,

    /// <summary>Add.</summary>
    Add = 1,

    /// <summary>Multiply.</summary>
    Mul = 2,

    /// <summary>Keep the larger.</summary>
    Max = 3,

    /// <summary>Keep the smaller.</summary>
    Min = 4,
}

/// <summary>
/// Reading and writing by computed indices: GatherElements, GatherND, ScatterElements, ScatterND, OneHot,
/// Trilu, ReverseSequence, EyeLike. Negative indices count from the end; an index out of range throws NEO3004.
/// </summary>
public static class Indexing
{
    /// <summary>
    /// output[i] = data[i with its <paramref name="axis"/> coordinate replaced by indices[i]]; <paramref name="indexShape"/>
    /// is the shape of indices and output, <paramref name="dataStrides"/> the strides of data.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GatherElements<T, TIndex>(ReadOnlySpan<T> data, ReadOnlySpan<TIndex> indices, Span<T> output, ReadOnlySpan<int> indexShape, ReadOnlySpan<int> dataStrides, int axis, int axisDim)
        where TIndex : INumberBase<TIndex>
    {
        int rank = indexShape.Length;
        Span<int> index = stackalloc int[rank];
        index.Clear();
        for (int o = 0; o < output.Length; o++)
        {
            int src = 0;
            for (int d = 0; d < rank; d++)
            {
                src += (d == axis ? Wrap(long.CreateTruncating(indices[o]), axisDim) : index[d]) * dataStrides[d];
            }

            output[o] = data[src];
            Next(index, indexShape);
        }
    }

    /// <summary>
    /// output = data, then output[i with its axis coordinate replaced by indices[i]] ⊕= updates[i]
    /// (ONNX ScatterElements and the older Scatter).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ScatterElements<T, TIndex>(ReadOnlySpan<T> data, ReadOnlySpan<TIndex> indices, ReadOnlySpan<T> updates, Span<T> output, ReadOnlySpan<int> indexShape, ReadOnlySpan<int> dataStrides, int axis, int axisDim, ScatterReduction reduction)
        where T : INumber<T>
        where TIndex : INumberBase<TIndex>
    {
        data.CopyTo(output);
        int rank = indexShape.Length;
        Span<int> index = stackalloc int[rank];
        index.Clear();
        for (int u = 0; u < indices.Length; u++)
        {
            int dst = 0;
            for (int d = 0; d < rank; d++)
            {
                dst += (d == axis ? Wrap(long.CreateTruncating(indices[u]), axisDim) : index[d]) * dataStrides[d];
            }

            output[dst] = Combine(output[dst], updates[u], reduction);
            Next(index, indexShape);
        }
    }

    /// <summary>
    /// GatherND: for each of <paramref name="batch"/> batches and each of <paramref name="tuples"/> index tuples of
    /// length <c>dims.Length</c>, copies the slice of <paramref name="sliceSize"/> elements the tuple addresses.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GatherND<T>(ReadOnlySpan<T> data, ReadOnlySpan<long> indices, Span<T> output, int batch, int dataBatchStride, int tuples, ReadOnlySpan<int> dims, ReadOnlySpan<int> strides, int sliceSize)
    {
        int r = dims.Length;
        for (int bt = 0; bt < batch; bt++)
        {
            for (int t = 0; t < tuples; t++)
            {
                int src = bt * dataBatchStride;
                int ti = ((bt * tuples) + t) * r;
                for (int d = 0; d < r; d++)
                {
                    src += Wrap(indices[ti + d], dims[d]) * strides[d];
                }

                data.Slice(src, sliceSize).CopyTo(output.Slice(((bt * tuples) + t) * sliceSize, sliceSize));
            }
        }
    }

    /// <summary>ScatterND: output = data, then each tuple's slice ⊕= the matching slice of updates.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ScatterND<T>(ReadOnlySpan<T> data, ReadOnlySpan<long> indices, ReadOnlySpan<T> updates, Span<T> output, int tuples, ReadOnlySpan<int> dims, ReadOnlySpan<int> strides, int sliceSize, ScatterReduction reduction)
        where T : INumber<T>
    {
        data.CopyTo(output);
        int r = dims.Length;
        for (int t = 0; t < tuples; t++)
        {
            int dst = 0;
            for (int d = 0; d < r; d++)
            {
                dst += Wrap(indices[(t * r) + d], dims[d]) * strides[d];
            }

            for (int i = 0; i < sliceSize; i++)
            {
                output[dst + i] = Combine(output[dst + i], updates[(t * sliceSize) + i], reduction);
            }
        }
    }

    /// <summary>
    /// OneHot: output viewed as [outer, depth, inner] is values[1] where the depth coordinate equals the index
    /// (negative indices count from depth) and values[0] elsewhere.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void OneHot<TIndex, T>(ReadOnlySpan<TIndex> indices, ReadOnlySpan<T> values, Span<T> output, int outer, int depth, int inner)
        where TIndex : INumberBase<TIndex>
    {
        output.Fill(values[0]);
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                long v = long.CreateTruncating(indices[(o * inner) + i]);
                if (v < 0)
                {
                    v += depth;
                }

                if (v >= 0 && v < depth)
                {
                    output[(((o * depth) + (int)v) * inner) + i] = values[1];
                }
            }
        }
    }

    /// <summary>Trilu: keeps the upper (j − i ≥ k) or lower (j − i ≤ k) triangle of each rows×cols matrix, zero elsewhere; k is k[0].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Trilu<T>(ReadOnlySpan<T> x, Span<T> y, int batch, int rows, int cols, ReadOnlySpan<long> k, bool upper)
    {
        long diagonal = k[0];
        for (int b = 0; b < batch; b++)
        {
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < cols; j++)
                {
                    int at = (((b * rows) + i) * cols) + j;
                    long diff = (long)j - i;
                    y[at] = (upper ? diff >= diagonal : diff <= diagonal) ? x[at] : default!;
                }
            }
        }
    }

    /// <summary>
    /// ReverseSequence on x viewed as [time, batch, inner] (<paramref name="timeMajor"/>) or [batch, time, inner]:
    /// reverses the first lengths[b] time steps of each batch entry.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReverseSequence<T>(ReadOnlySpan<T> x, ReadOnlySpan<long> lengths, Span<T> y, int time, int batch, int inner, bool timeMajor)
    {
        for (int b = 0; b < batch; b++)
        {
            long len = Math.Clamp(lengths[b], 0, time);
            for (int t = 0; t < time; t++)
            {
                int src = t < len ? (int)(len - 1 - t) : t;
                int to = timeMajor ? ((t * batch) + b) * inner : ((b * time) + t) * inner;
                int from = timeMajor ? ((src * batch) + b) * inner : ((b * time) + src) * inner;
                x.Slice(from, inner).CopyTo(y.Slice(to, inner));
            }
        }
    }

    /// <summary>EyeLike: ones on the diagonal j = i + k of a rows×cols matrix, zeros elsewhere.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void EyeLike<T>(Span<T> y, int rows, int cols, int k)
        where T : INumberBase<T>
    {
        y.Clear();
        for (int i = 0; i < rows; i++)
        {
            int j = i + k;
            if (j >= 0 && j < cols)
            {
                y[(i * cols) + j] = T.One;
            }
        }
    }

    private static T Combine<T>(T current, T update, ScatterReduction reduction)
        where T : INumber<T> => reduction switch
        {
            ScatterReduction.Add => current + update,
            ScatterReduction.Mul => current * update,
            ScatterReduction.Max => current > update ? current : update,
            ScatterReduction.Min => current < update ? current : update,
            _ => update,
        };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Wrap(long index, int dim)
    {
        long i = index < 0 ? index + dim : index;
        if ((ulong)i >= (ulong)dim)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"NEO3004: index {index} is outside [{-dim}, {dim - 1}].");
        }

        return (int)i;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Next(Span<int> index, ReadOnlySpan<int> shape)
    {
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            if (++index[d] < shape[d])
            {
                break;
            }

            index[d] = 0;
        }
    }
}
