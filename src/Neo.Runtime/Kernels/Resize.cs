using System;
using System.Runtime.CompilerServices;

namespace Neo.Runtime.Kernels;

/// <summary>
/// Separable resampling (ONNX Resize, Upsample, and the sampling of RoiAlign's kind): every output
/// coordinate along every dim reads a few input positions with weights, computed at build time into
/// tables, so one kernel serves nearest, linear and cubic interpolation with any coordinate mapping.
/// </summary>
public static class Resize
{
    /// <summary>
    /// y[o] = Σ over tap combinations of Π_d weight_d · x[index_d], or <paramref name="extrapolation"/>
    /// when any dim of o maps outside the input (an index of -1). For dim d, output coordinate j, the taps
    /// are entries <c>offsets[d] + j·taps[d] … + taps[d] - 1</c> of <paramref name="indices"/> and
    /// <paramref name="weights"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(
        ReadOnlySpan<float> input,
        Span<float> output,
        ReadOnlySpan<int> inShape,
        ReadOnlySpan<int> outShape,
        ReadOnlySpan<int> taps,
        ReadOnlySpan<int> offsets,
        ReadOnlySpan<int> indices,
        ReadOnlySpan<float> weights,
        float extrapolation)
    {
        int rank = inShape.Length;
        Span<int> inStrides = stackalloc int[rank];
        int stride = 1;
        for (int d = rank - 1; d >= 0; d--)
        {
            inStrides[d] = stride;
            stride *= inShape[d];
        }

        Span<int> position = stackalloc int[rank];
        Span<int> tap = stackalloc int[rank];
        position.Clear();
        for (int o = 0; o < output.Length; o++)
        {
            bool outside = false;
            for (int d = 0; d < rank && !outside; d++)
            {
                outside = indices[offsets[d] + (position[d] * taps[d])] < 0;
            }

            float sum = 0f;
            if (!outside)
            {
                tap.Clear();
                while (true)
                {
                    float w = 1f;
                    int at = 0;
                    for (int d = 0; d < rank; d++)
                    {
                        int e = offsets[d] + (position[d] * taps[d]) + tap[d];
                        w *= weights[e];
                        at += indices[e] * inStrides[d];
                    }

                    if (w != 0f)
                    {
                        sum += w * input[at];
                    }

                    int k = rank - 1;
                    while (k >= 0 && ++tap[k] == taps[k])
                    {
                        tap[k] = 0;
                        k--;
                    }

                    if (k < 0)
                    {
                        break;
                    }
                }
            }

            output[o] = outside ? extrapolation : sum;
            for (int d = rank - 1; d >= 0; d--)
            {
                if (++position[d] < outShape[d])
                {
                    break;
                }

                position[d] = 0;
            }
        }
    }
}
