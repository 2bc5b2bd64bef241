using System;
using Neo.Runtime.Kernels;
using Neo.Tests.Infrastructure;
using Xunit;

namespace Neo.Tests.Kernels;

/// <summary>Layer normalization over every row length from 1 to 256 (every vector tail) against a double-precision loop.</summary>
public sealed class LayerNormTests
{
    private static (float[] Y, float[] Mean, float[] InvStdDev) Reference(float[] x, float[] scale, float[]? bias, int outer, int inner, float epsilon)
    {
        var y = new float[outer * inner];
        var mean = new float[outer];
        var inv = new float[outer];
        for (int o = 0; o < outer; o++)
        {
            double mu = 0, sq = 0;
            for (int i = 0; i < inner; i++)
            {
                mu += x[(o * inner) + i];
            }

            mu /= inner;
            for (int i = 0; i < inner; i++)
            {
                double d = x[(o * inner) + i] - mu;
                sq += d * d;
            }

            double r = 1 / Math.Sqrt((sq / inner) + epsilon);
            for (int i = 0; i < inner; i++)
            {
                y[(o * inner) + i] = (float)(((x[(o * inner) + i] - mu) * r * scale[i]) + (bias is null ? 0 : bias[i]));
            }

            mean[o] = (float)mu;
            inv[o] = (float)r;
        }

        return (y, mean, inv);
    }

    [Fact]
    public void EveryRowLengthWithAndWithoutBias()
    {
        const int outer = 3;
        for (int inner = 1; inner <= 256; inner++)
        {
            float[] x = KernelReference.Random(outer * inner, inner, 4f);
            float[] scale = KernelReference.Random(inner, inner + 1000, 2f);
            float[] bias = KernelReference.Random(inner, inner + 2000);
            foreach (float[]? b in new[] { bias, null })
            {
                (float[] expected, float[] expectedMean, float[] expectedInv) = Reference(x, scale, b, outer, inner, 1e-5f);
                var y = new float[outer * inner];
                var mean = new float[outer];
                var inv = new float[outer];
                LayerNorm.Run<float>(x, scale, b, y, mean, inv, outer, inner, 1e-5f);
                string what = $"length {inner}, bias {b is not null}";
                Tolerance.AssertClose(y, expected, 1e-5, what);
                Tolerance.AssertClose(mean, expectedMean, 1e-5, what + " mean");
                Tolerance.AssertClose(inv, expectedInv, 1e-5, what + " 1/σ");

                // In place, as the arena may place the output over the input.
                var inPlace = (float[])x.Clone();
                LayerNorm.Run<float>(inPlace, scale, b, inPlace, default, default, outer, inner, 1e-5f);
                Tolerance.AssertClose(inPlace, expected, 1e-5, what + " in place");
            }
        }
    }

    [Fact]
    public void LargeMeanSmallSpreadKeepsItsVariance()
    {
        // Values 1000 ± 0.01: E[x²] − E[x]² would cancel to noise in float; the two-pass variance must not.
        const int inner = 200;
        float[] x = KernelReference.Random(inner, 7, 0.01f);
        for (int i = 0; i < inner; i++)
        {
            x[i] += 1000f;
        }

        var scale = new float[inner];
        Array.Fill(scale, 1f);
        (float[] expected, _, _) = Reference(x, scale, null, 1, inner, 1e-9f);
        var y = new float[inner];
        LayerNorm.Run<float>(x, scale, default, y, default, default, 1, inner, 1e-9f);
        Tolerance.AssertClose(y, expected, 1e-5, "1000 ± 0.01");
    }

    [Fact]
    public void DoubleRowsStillComputeInDouble()
    {
        double[] x = { 1, 2, 3, 4, 5 };
        double[] scale = { 1, 1, 1, 1, 1 };
        var y = new double[5];
        LayerNorm.Run<double>(x, scale, default, y, default, default, 1, 5, 0f);
        Assert.Equal(-Math.Sqrt(2), y[0], 12);
        Assert.Equal(0, y[2], 12);
    }
}
