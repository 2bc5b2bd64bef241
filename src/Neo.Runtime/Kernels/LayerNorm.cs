using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Neo.Runtime.Kernels;

/// <summary>Layer normalization (ONNX LayerNormalization, and the pattern exporters spell out with ReduceMean).</summary>
public static class LayerNorm
{
    /// <summary>
    /// For each of <paramref name="outer"/> rows of <paramref name="inner"/> elements: y = (x − mean)/√(var + ε)·scale + bias.
    /// float32 runs on vectors (<see cref="RunSingle"/>); other element types compute in double.
    /// <paramref name="bias"/>, <paramref name="mean"/> and <paramref name="invStdDev"/> may be empty.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> scale, ReadOnlySpan<T> bias, Span<T> y, Span<T> mean, Span<T> invStdDev, int outer, int inner, float epsilon)
        where T : INumberBase<T>
    {
        if (typeof(T) == typeof(float))
        {
            RunSingle(AsSingle(x), AsSingle(scale), AsSingle(bias), AsSingle(y), AsSingle(mean), AsSingle(invStdDev),
                outer,
                inner,
                epsilon);
            return;
        }

        for (int o = 0; o < outer; o++)
        {
            ReadOnlySpan<T> row = x.Slice(o * inner, inner);
            double sum = 0;
            for (int i = 0; i < inner; i++)
            {
                sum += double.CreateTruncating(row[i]);
            }

            double mu = sum / inner;
            double sq = 0;
            for (int i = 0; i < inner; i++)
            {
                double d = double.CreateTruncating(row[i]) - mu;
                sq += d * d;
            }

            double inv = 1.0 / Math.Sqrt((sq / inner) + epsilon);
            Span<T> yr = y.Slice(o * inner, inner);
            for (int i = 0; i < inner; i++)
            {
                double v = (double.CreateTruncating(row[i]) - mu) * inv * double.CreateTruncating(scale[i]);
                if (!bias.IsEmpty)
                {
                    v += double.CreateTruncating(bias[i]);
                }

                yr[i] = T.CreateTruncating(v);
            }

            if (!mean.IsEmpty)
            {
                mean[o] = T.CreateTruncating(mu);
            }

            if (!invStdDev.IsEmpty)
            {
                invStdDev[o] = T.CreateTruncating(inv);
            }
        }
    }

    // T is float here (the caller tested it); T has no struct constraint, so MemoryMarshal.Cast does not apply.
    private static Span<float> AsSingle<T>(Span<T> s) => MemoryMarshal.CreateSpan(ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(s)), s.Length);

    private static ReadOnlySpan<float> AsSingle<T>(ReadOnlySpan<T> s) => MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(s)), s.Length);

    /// <summary>
    /// float32 rows: the mean, then the deviations from it (two passes: no cancellation as in E[x²] − E[x]²), then
    /// y = (x − mean)·inv·scale + bias, each pass on 256-bit (or 128-bit) vectors with partial sums per lane.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunSingle(ReadOnlySpan<float> x, ReadOnlySpan<float> scale, ReadOnlySpan<float> bias, Span<float> y, Span<float> mean, Span<float> invStdDev, int outer, int inner, float epsilon)
    {
        if (x.Length < (long)outer * inner || y.Length < (long)outer * inner || scale.Length < inner || (!bias.IsEmpty && bias.Length < inner))
        {
            throw new ArgumentException("NEO3020: a layer normalization operand is shorter than its shape needs.");
        }

        ref float sc = ref MemoryMarshal.GetReference(scale);
        ref float bs = ref MemoryMarshal.GetReference(bias);
        bool hasBias = !bias.IsEmpty;
        nuint n = (nuint)inner;
        for (int o = 0; o < outer; o++)
        {
            ref float xr = ref MemoryMarshal.GetReference(x.Slice(o * inner, inner));
            ref float yr = ref MemoryMarshal.GetReference(y.Slice(o * inner, inner));
            // The float mean is off by the rounding of the sum; Σ (x − mu) measures that error (the corrected two-pass
            // algorithm), so rows with a large mean and a small spread keep their variance and their centring.
            float mu = Sum(ref xr, n) / inner;
            (float deviation, float squares) = Deviations(ref xr, n, mu);
            float shift = deviation / inner;
            float inv = 1f / MathF.Sqrt(MathF.Max((squares / inner) - (shift * shift), 0f) + epsilon);
            nuint i = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                Vector256<float> m = Vector256.Create(mu), sh = Vector256.Create(shift), v = Vector256.Create(inv);
                for (; i + 8 <= n; i += 8)
                {
                    Vector256<float> d = (Vector256.LoadUnsafe(ref xr, i) - m - sh) * v;
                    Vector256<float> r = hasBias
                        ? VectorMath.MultiplyAdd(d, Vector256.LoadUnsafe(ref sc, i), Vector256.LoadUnsafe(ref bs, i))
                        : d * Vector256.LoadUnsafe(ref sc, i);
                    r.StoreUnsafe(ref yr, i);
                }
            }

            if (Vector128.IsHardwareAccelerated)
            {
                Vector128<float> m = Vector128.Create(mu), sh = Vector128.Create(shift), v = Vector128.Create(inv);
                for (; i + 4 <= n; i += 4)
                {
                    Vector128<float> d = (Vector128.LoadUnsafe(ref xr, i) - m - sh) * v;
                    Vector128<float> r = hasBias
                        ? VectorMath.MultiplyAdd(d, Vector128.LoadUnsafe(ref sc, i), Vector128.LoadUnsafe(ref bs, i))
                        : d * Vector128.LoadUnsafe(ref sc, i);
                    r.StoreUnsafe(ref yr, i);
                }
            }

            for (; i < n; i++)
            {
                float d = (Unsafe.Add(ref xr, i) - mu - shift) * inv;
                Unsafe.Add(ref yr, i) = hasBias ? MathF.FusedMultiplyAdd(d, Unsafe.Add(ref sc, i), Unsafe.Add(ref bs, i)) : d * Unsafe.Add(ref sc, i);
            }

            if (!mean.IsEmpty)
            {
                mean[o] = mu + shift;
            }

            if (!invStdDev.IsEmpty)
            {
                invStdDev[o] = inv;
            }
        }
    }

    /// <summary>Σ x[i] over one row, in two vector accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Sum(ref float x, nuint n)
    {
        nuint i = 0;
        float sum = 0f;
        if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            Vector256<float> s0 = Vector256<float>.Zero, s1 = Vector256<float>.Zero;
            for (; i + 16 <= n; i += 16)
            {
                s0 += Vector256.LoadUnsafe(ref x, i);
                s1 += Vector256.LoadUnsafe(ref x, i + 8);
            }

            if (i + 8 <= n)
            {
                s0 += Vector256.LoadUnsafe(ref x, i);
                i += 8;
            }

            sum = Vector256.Sum(s0 + s1);
        }
        else if (Vector128.IsHardwareAccelerated && n >= 4)
        {
            Vector128<float> s0 = Vector128<float>.Zero;
            for (; i + 4 <= n; i += 4)
            {
                s0 += Vector128.LoadUnsafe(ref x, i);
            }

            sum = Vector128.Sum(s0);
        }

        for (; i < n; i++)
        {
            sum += Unsafe.Add(ref x, i);
        }

        return sum;
    }

    /// <summary>Σ (x[i] − mu) and Σ (x[i] − mu)² over one row, in two vector accumulators each.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (float Deviation, float Squares) Deviations(ref float x, nuint n, float mu)
    {
        nuint i = 0;
        float dev = 0f, sq = 0f;
        if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            Vector256<float> m = Vector256.Create(mu), e0 = Vector256<float>.Zero, e1 = Vector256<float>.Zero, s0 = Vector256<float>.Zero, s1 = Vector256<float>.Zero;
            for (; i + 16 <= n; i += 16)
            {
                Vector256<float> d0 = Vector256.LoadUnsafe(ref x, i) - m, d1 = Vector256.LoadUnsafe(ref x, i + 8) - m;
                e0 += d0;
                e1 += d1;
                s0 = VectorMath.MultiplyAdd(d0, d0, s0);
                s1 = VectorMath.MultiplyAdd(d1, d1, s1);
            }

            if (i + 8 <= n)
            {
                Vector256<float> d0 = Vector256.LoadUnsafe(ref x, i) - m;
                e0 += d0;
                s0 = VectorMath.MultiplyAdd(d0, d0, s0);
                i += 8;
            }

            dev = Vector256.Sum(e0 + e1);
            sq = Vector256.Sum(s0 + s1);
        }
        else if (Vector128.IsHardwareAccelerated && n >= 4)
        {
            Vector128<float> m = Vector128.Create(mu), e0 = Vector128<float>.Zero, s0 = Vector128<float>.Zero;
            for (; i + 4 <= n; i += 4)
            {
                Vector128<float> d0 = Vector128.LoadUnsafe(ref x, i) - m;
                e0 += d0;
                s0 = VectorMath.MultiplyAdd(d0, d0, s0);
            }

            dev = Vector128.Sum(e0);
            sq = Vector128.Sum(s0);
        }

        for (; i < n; i++)
        {
            float d = Unsafe.Add(ref x, i) - mu;
            dev += d;
            sq += d * d;
        }

        return (dev, sq);
    }
}
