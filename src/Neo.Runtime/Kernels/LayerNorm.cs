using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Neo.Runtime.Kernels;

/// <summary>Layer normalization (ONNX LayerNormalization, and the pattern exporters spell out with ReduceMean).</summary>
public static class LayerNorm
{
    /// <summary>
    /// For each of <paramref name="outer"/> rows of <paramref name="inner"/> elements: y = (x − mean)/√(var + ε)·scale + bias,
    /// computed in double. <paramref name="bias"/>, <paramref name="mean"/> and <paramref name="invStdDev"/> may be empty.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> scale, ReadOnlySpan<T> bias, Span<T> y, Span<T> mean, Span<T> invStdDev, int outer, int inner, float epsilon)
        where T : INumberBase<T>
    {
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
}
