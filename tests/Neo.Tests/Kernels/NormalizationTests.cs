using System;
using Neo.Runtime.Kernels;
using Neo.Runtime.Threading;
using Xunit;

namespace Neo.Tests.Kernels;

/// <summary>
/// The folded BatchNormalization (a scale and a shift per channel, then the fused activation) against a plain loop:
/// plane lengths around the 4-, 8- and 16-wide vectors, two images, one and two threads (large enough to split),
/// in place and into a separate buffer with a sentinel past its end.
/// </summary>
public sealed class NormalizationTests
{
    [Theory]
    [InlineData(1, 3, 1, 1)]
    [InlineData(2, 5, 7, 1)]
    [InlineData(1, 4, 33, 1)]
    [InlineData(2, 37, 49, 2)]
    [InlineData(1, 64, 3136, 2)]
    [InlineData(2, 19, 1001, 2)]
    public void ChannelAffineMatchesReference(int batch, int channels, int spatial, int threads)
    {
        using ThreadTeam team = ThreadTeam.Create(threads);
        int total = batch * channels * spatial;
        float[] x = KernelReference.Random(total, 31);
        float[] scale = KernelReference.Random(channels, 32), shift = KernelReference.Random(channels, 33);
        var expected = new float[total];
        for (int i = 0; i < total; i++)
        {
            int c = (i / spatial) % channels;
            expected[i] = Math.Max(0f, (x[i] * scale[c]) + shift[c]);
        }

        var y = new float[total + 1];
        y[^1] = 42f;
        Normalization.ChannelAffine(team, x, scale, shift, y, batch, channels, spatial, default(Relu));
        Assert.Equal(42f, y[^1]);
        for (int i = 0; i < total; i++)
        {
            Assert.True(Math.Abs(y[i] - expected[i]) <= 1e-6f * (1 + Math.Abs(expected[i])), $"element {i}: got {y[i]}, expected {expected[i]}");
        }

        // In place, as the plan runs it when the input dies at this step.
        Normalization.ChannelAffine(team, x, scale, shift, x, batch, channels, spatial, default(Relu));
        for (int i = 0; i < total; i++)
        {
            Assert.True(Math.Abs(x[i] - expected[i]) <= 1e-6f * (1 + Math.Abs(expected[i])), $"in place, element {i}: got {x[i]}, expected {expected[i]}");
        }
    }
}
