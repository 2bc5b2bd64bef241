using System;
using Neo.Runtime.Kernels;
using Xunit;

namespace Neo.Tests.Kernels;

/// <summary>Reduce.Run's float32 sum and mean over contiguous blocks (vector path) and over strided axes (index walk), against double loops.</summary>
public sealed class ReduceTests
{
    [Fact]
    public void SumAndMeanOverTheInnerAxesOfEveryLength()
    {
        // x [2, 3, h, w] reduced over (h, w): the block of h·w floats behind each (n, c), every length 1-70 and a long one.
        foreach ((int h, int w) in new[] { (1, 1), (1, 3), (2, 4), (1, 15), (4, 4), (7, 7), (1, 70), (3, 23), (100, 99) })
        {
            int planes = 6, count = h * w;
            float[] x = KernelReference.Random(planes * count, count);
            var sum = new float[planes];
            var mean = new float[planes];
            int[] keptShape = { 2, 3 }, keptStrides = { 3 * count, count }, reducedShape = { h, w }, reducedStrides = { w, 1 };
            Reduce.Run<float, SumReducer>(x, sum, keptShape, keptStrides, reducedShape, reducedStrides, default);
            Reduce.Run<float, MeanReducer>(x, mean, keptShape, keptStrides, reducedShape, reducedStrides, default);
            for (int p = 0; p < planes; p++)
            {
                double s = 0, magnitude = 0;
                for (int i = 0; i < count; i++)
                {
                    s += x[(p * count) + i];
                    magnitude += Math.Abs(x[(p * count) + i]);
                }

                double tolerance = 1e-6 * Math.Max(1, magnitude);
                Assert.True(Math.Abs(sum[p] - s) <= tolerance, $"{h}x{w} plane {p}: sum {sum[p]}, expected {s}");
                Assert.True(Math.Abs(mean[p] - (s / count)) <= tolerance / count, $"{h}x{w} plane {p}: mean {mean[p]}, expected {s / count}");
            }
        }
    }

    [Fact]
    public void SumOverAStridedAxisWalksTheIndex()
    {
        // x [4, 5, 6] reduced over axis 1 (stride 6): not a contiguous block.
        float[] x = KernelReference.Random(4 * 5 * 6, 3);
        var y = new float[4 * 6];
        Reduce.Run<float, SumReducer>(x, y, new[] { 4, 6 }, new[] { 30, 1 }, new[] { 5 }, new[] { 6 }, default);
        for (int a = 0; a < 4; a++)
        {
            for (int c = 0; c < 6; c++)
            {
                double s = 0;
                for (int b = 0; b < 5; b++)
                {
                    s += x[(a * 30) + (b * 6) + c];
                }

                Assert.Equal((float)s, y[(a * 6) + c], 5);
            }
        }
    }
}
