using System;

namespace Neo.Runtime.Kernels;

/// <summary>Layer normalization over the last dimensions: the kernel of neo.LayerNormalization, which the optimizer makes of the ReduceMean/Sub/Pow/Sqrt/Div pattern exporters emit.</summary>
public static class FusedLayerNorm
{
    /// <summary>
    /// For each of <paramref name="rows"/> rows of <paramref name="size"/> elements:
    /// y = (x - mean) / sqrt(variance + epsilon) · scale + bias, with the population variance, as the
    /// decomposed graph computes it. <paramref name="scale"/> and <paramref name="bias"/> hold
    /// <paramref name="size"/> elements or are empty (1 and 0). <paramref name="output"/> may be <paramref name="input"/>.
    /// </summary>
    public static void Run(ReadOnlySpan<float> input, ReadOnlySpan<float> scale, ReadOnlySpan<float> bias, Span<float> output, int rows, int size, float epsilon)
    {
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> x = input.Slice(r * size, size);
            Span<float> y = output.Slice(r * size, size);
            float sum = 0f;
            for (int i = 0; i < x.Length; i++)
            {
                sum += x[i];
            }

            float mean = sum / size;
            float squares = 0f;
            for (int i = 0; i < x.Length; i++)
            {
                float d = x[i] - mean;
                squares += d * d;
            }

            float deviation = MathF.Sqrt((squares / size) + epsilon);
            for (int i = 0; i < y.Length; i++)
            {
                float v = (x[i] - mean) / deviation;
                if (!scale.IsEmpty)
                {
                    v *= scale[i];
                }

                if (!bias.IsEmpty)
                {
                    v += bias[i];
                }

                y[i] = v;
            }
        }
    }
}
