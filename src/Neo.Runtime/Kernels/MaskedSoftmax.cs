using System;
using System.Runtime.CompilerServices;

namespace Neo.Runtime.Kernels;

/// <summary>Softmax over attention scores with an additive mask, in one pass: what the optimizer makes of Add(scores, mask) → Softmax.</summary>
public static class MaskedSoftmax
{
    /// <summary>
    /// For each row of <paramref name="length"/> elements along the last axis:
    /// y = softmax(x · scale + mask). The rows are indexed by <paramref name="rowShape"/> (the output's leading
    /// dimensions); the mask row starts at Σ index[d] · <paramref name="maskRowStrides"/>[d] and advances by
    /// <paramref name="maskStride"/> (0 when the mask is broadcast along the last axis).
    /// <paramref name="output"/> may be <paramref name="input"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ReadOnlySpan<float> input, ReadOnlySpan<float> mask, Span<float> output, ReadOnlySpan<int> rowShape, ReadOnlySpan<int> maskRowStrides, int length, int maskStride, float scale)
    {
        int rank = rowShape.Length;
        Span<int> index = stackalloc int[Math.Max(rank, 1)];
        index.Clear();
        int rows = length == 0 ? 0 : input.Length / length;
        for (int r = 0; r < rows; r++)
        {
            int m = 0;
            for (int d = 0; d < rank; d++)
            {
                m += index[d] * maskRowStrides[d];
            }

            ReadOnlySpan<float> x = input.Slice(r * length, length);
            Span<float> y = output.Slice(r * length, length);
            float max = float.NegativeInfinity;
            for (int i = 0; i < length; i++)
            {
                float v = (x[i] * scale) + mask[m + (i * maskStride)];
                y[i] = v;
                max = Math.Max(max, v);
            }

            float sum = 0f;
            for (int i = 0; i < length; i++)
            {
                float e = MathF.Exp(y[i] - max);
                y[i] = e;
                sum += e;
            }

            float inv = 1f / sum;
            for (int i = 0; i < length; i++)
            {
                y[i] *= inv;
            }

            for (int d = rank - 1; d >= 0; d--)
            {
                if (++index[d] < rowShape[d])
                {
                    break;
                }

                index[d] = 0;
            }
        }
    }
}
