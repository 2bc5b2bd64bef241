using System;

namespace Neo.Runtime.Kernels;

/// <summary>Softmax and LogSoftmax over one axis: the tensor is viewed as [outer, axis, inner].</summary>
public static class Softmax
{
    /// <summary>y = exp(x - max) / Σ exp(x - max) along the axis.</summary>
    public static void Run(ReadOnlySpan<float> input, Span<float> output, int outer, int axis, int inner, bool log)
    {
        for (int o = 0; o < outer; o++)
        {
            int baseIndex = o * axis * inner;
            for (int i = 0; i < inner; i++)
            {
                float max = float.NegativeInfinity;
                for (int a = 0; a < axis; a++)
                {
                    max = Math.Max(max, input[baseIndex + (a * inner) + i]);
                }

                float sum = 0f;
                for (int a = 0; a < axis; a++)
                {
                    int ix = baseIndex + (a * inner) + i;
                    float e = MathF.Exp(input[ix] - max);
                    sum += e;
                    if (!log)
                    {
                        output[ix] = e;
                    }
                }

                if (log)
                {
                    float ls = MathF.Log(sum);
                    for (int a = 0; a < axis; a++)
                    {
                        int ix = baseIndex + (a * inner) + i;
                        output[ix] = input[ix] - max - ls;
                    }
                }
                else
                {
                    float inv = 1f / sum;
                    for (int a = 0; a < axis; a++)
                    {
                        output[baseIndex + (a * inner) + i] *= inv;
                    }
                }
            }
        }
    }

    /// <summary>Hardmax: 1 at the first maximum along the axis, 0 elsewhere; the tensor viewed as [outer, axis, inner].</summary>
    public static void Hardmax(ReadOnlySpan<float> input, Span<float> output, int outer, int axis, int inner)
    {
        output.Clear();
        for (int o = 0; o < outer; o++)
        {
            int baseIndex = o * axis * inner;
            for (int i = 0; i < inner; i++)
            {
                int best = 0;
                float max = input[baseIndex + i];
                for (int a = 1; a < axis; a++)
                {
                    float v = input[baseIndex + (a * inner) + i];
                    if (v > max)
                    {
                        max = v;
                        best = a;
                    }
                }

                output[baseIndex + (best * inner) + i] = 1f;
            }
        }
    }
}
