using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Neo.Runtime.Kernels;

/// <summary>
/// A reduction, accumulated in double whatever the element type (so float16 and float32 sums do not
/// drift, and one struct serves every type): start, step per element, finish with the element count.
/// </summary>
public interface IReducer
{
    /// <summary>The accumulator before the first element.</summary>
    double Start { get; }

    /// <summary>Folds one element into the accumulator.</summary>
    double Step(double accumulator, double x);

    /// <summary>The result from the accumulator and the number of elements reduced.</summary>
    double Finish(double accumulator, int count);
}

/// <summary>Σx.</summary>
public readonly struct SumReducer : IReducer
{
    /// <inheritdoc />
    public double Start => 0;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Step(double accumulator, double x) => accumulator + x;

    /// <inheritdoc />
    public double Finish(double accumulator, int count) => accumulator;
}

/// <summary>Σx / n.</summary>
public readonly struct MeanReducer : IReducer
{
    /// <inheritdoc />
    public double Start => 0;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Step(double accumulator, double x) => accumulator + x;

    /// <inheritdoc />
    public double Finish(double accumulator, int count) => accumulator / count;
}

/// <summary>max x (NaN if any is NaN).</summary>
public readonly struct MaxReducer : IReducer
{
    /// <inheritdoc />
    public double Start => double.NegativeInfinity;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Step(double accumulator, double x) => Math.Max(accumulator, x);

    /// <inheritdoc />
    public double Finish(double accumulator, int count) => accumulator;
}

/// <summary>min x (NaN if any is NaN).</summary>
public readonly struct MinReducer : IReducer
{
    /// <inheritdoc />
    public double Start => double.PositiveInfinity;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Step(double accumulator, double x) => Math.Min(accumulator, x);

    /// <inheritdoc />
    public double Finish(double accumulator, int count) => accumulator;
}

/// <summary>Πx.</summary>
public readonly struct ProdReducer : IReducer
{
    /// <inheritdoc />
    public double Start => 1;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Step(double accumulator, double x) => accumulator * x;

    /// <inheritdoc />
    public double Finish(double accumulator, int count) => accumulator;
}

/// <summary>Σ|x|.</summary>
public readonly struct L1Reducer : IReducer
{
    /// <inheritdoc />
    public double Start => 0;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Step(double accumulator, double x) => accumulator + Math.Abs(x);

    /// <inheritdoc />
    public double Finish(double accumulator, int count) => accumulator;
}

/// <summary>√Σx².</summary>
public readonly struct L2Reducer : IReducer
{
    /// <inheritdoc />
    public double Start => 0;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Step(double accumulator, double x) => accumulator + (x * x);

    /// <inheritdoc />
    public double Finish(double accumulator, int count) => Math.Sqrt(accumulator);
}

/// <summary>Σx².</summary>
public readonly struct SumSquareReducer : IReducer
{
    /// <inheritdoc />
    public double Start => 0;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Step(double accumulator, double x) => accumulator + (x * x);

    /// <inheritdoc />
    public double Finish(double accumulator, int count) => accumulator;
}

/// <summary>ln Σx.</summary>
public readonly struct LogSumReducer : IReducer
{
    /// <inheritdoc />
    public double Start => 0;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Step(double accumulator, double x) => accumulator + x;

    /// <inheritdoc />
    public double Finish(double accumulator, int count) => Math.Log(accumulator);
}

/// <summary>ln Σe^x (in double, which holds e^x up to x ≈ 709).</summary>
public readonly struct LogSumExpReducer : IReducer
{
    /// <inheritdoc />
    public double Start => 0;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Step(double accumulator, double x) => accumulator + Math.Exp(x);

    /// <inheritdoc />
    public double Finish(double accumulator, int count) => Math.Log(accumulator);
}

/// <summary>Reductions over any set of axes, and ArgMax/ArgMin.</summary>
public static class Reduce
{
    /// <summary>
    /// y[k] = reducer over the reduced index space. The output iterates <paramref name="keptShape"/> with input
    /// strides <paramref name="keptStrides"/>; each output element reduces <paramref name="reducedShape"/> with
    /// <paramref name="reducedStrides"/> (both merged by the compiler).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T, TReducer>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> keptShape, ReadOnlySpan<int> keptStrides, ReadOnlySpan<int> reducedShape, ReadOnlySpan<int> reducedStrides, TReducer reducer)
        where T : INumberBase<T>
        where TReducer : struct, IReducer
    {
        int keptRank = keptShape.Length, redRank = reducedShape.Length;
        int count = 1;
        foreach (int d in reducedShape)
        {
            count *= d;
        }

        Span<int> kept = stackalloc int[keptRank];
        Span<int> red = stackalloc int[redRank];
        kept.Clear();
        int baseOffset = 0;

        // float32 sums and means over a contiguous block (a global average over H×W, a mean over the last axis):
        // vector sums, not one element at a time through the index walk.
        bool block = count > 0 && redRank > 0 && reducedStrides[redRank - 1] == 1;
        for (int d = redRank - 1; d > 0 && block; d--)
        {
            block = reducedStrides[d - 1] == reducedStrides[d] * reducedShape[d];
        }

        if (typeof(T) == typeof(float) && (typeof(TReducer) == typeof(SumReducer) || typeof(TReducer) == typeof(MeanReducer)) && block)
        {
            ReadOnlySpan<float> xf = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(x)), x.Length);
            Span<float> yf = MemoryMarshal.CreateSpan(ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(y)), y.Length);
            double scale = typeof(TReducer) == typeof(MeanReducer) ? 1.0 / count : 1.0;
            for (int o = 0; o < yf.Length; o++)
            {
                // Chunks of 4096 summed in float on vectors, the chunks in double: no drift over long blocks.
                double sum = 0;
                for (int c0 = 0; c0 < count; c0 += 4096)
                {
                    sum += Pool.Sum(xf.Slice(baseOffset + c0, Math.Min(4096, count - c0)));
                }

                yf[o] = (float)(sum * scale);
                Advance(kept, keptShape, keptStrides, ref baseOffset);
            }

            return;
        }

        for (int o = 0; o < y.Length; o++)
        {
            double acc = reducer.Start;
            red.Clear();
            int xo = baseOffset;
            for (int r = 0; r < count; r++)
            {
                acc = reducer.Step(acc, double.CreateTruncating(x[xo]));
                Advance(red, reducedShape, reducedStrides, ref xo);
            }

            y[o] = T.CreateSaturating(reducer.Finish(acc, count));
            Advance(kept, keptShape, keptStrides, ref baseOffset);
        }
    }

    /// <summary>Steps a row-major <paramref name="index"/> over <paramref name="shape"/> by one, moving <paramref name="offset"/> by the strides.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Advance(Span<int> index, ReadOnlySpan<int> shape, ReadOnlySpan<int> strides, ref int offset)
    {
        for (int d = index.Length - 1; d >= 0; d--)
        {
            offset += strides[d];
            if (++index[d] < shape[d])
            {
                return;
            }

            offset -= strides[d] * shape[d];
            index[d] = 0;
        }
    }

    /// <summary>
    /// The index of the largest (or, with <paramref name="max"/> false, smallest) element along the axis of
    /// x viewed as [outer, axisDim, inner]; the first such index, or the last with <paramref name="selectLastIndex"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ArgExtreme<T>(ReadOnlySpan<T> x, Span<long> y, int outer, int axisDim, int inner, bool max, bool selectLastIndex)
        where T : INumber<T>
    {
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int start = (o * axisDim * inner) + i;
                T best = x[start];
                int bestIndex = 0;
                for (int a = 1; a < axisDim; a++)
                {
                    T v = x[start + (a * inner)];
                    bool better = max ? (selectLastIndex ? v >= best : v > best) : (selectLastIndex ? v <= best : v < best);
                    if (better)
                    {
                        best = v;
                        bestIndex = a;
                    }
                }

                y[(o * inner) + i] = bestIndex;
            }
        }
    }
}
