using System;
using System.Collections.Generic;
using Neo.Runtime.Kernels;
using Neo.Runtime.Threading;
using Xunit;

namespace Neo.Tests.Kernels;

/// <summary>
/// Max pooling against a plain loop: the 2×2 stride-2 path (output widths under, at and around the 4- and
/// 8-wide vectors, odd input sizes, NaN) and the general path (padding, ceil-mode windows past the edge,
/// dilation, other kernels and strides).
/// </summary>
public sealed class PoolTests
{
    // planes, ih, iw, kh, kw, sh, sw, pt, pl, dh, dw, oh, ow
    public static IEnumerable<object[]> Geometries()
    {
        var cases = new List<int[]>();
        foreach (int iw in new[] { 2, 3, 6, 7, 8, 9, 10, 15, 16, 17, 20, 28, 31, 33, 34, 56 })
        {
            foreach (int ih in new[] { 2, 5, 10 })
            {
                cases.Add(new[] { 3, ih, iw, 2, 2, 2, 2, 0, 0, 1, 1, ih / 2, iw / 2 });
            }
        }

        // ceil_mode: the last window runs past the edge, so the general path takes it.
        cases.Add(new[] { 2, 7, 9, 2, 2, 2, 2, 0, 0, 1, 1, 4, 5 });
        cases.Add(new[] { 2, 9, 21, 2, 2, 2, 2, 0, 0, 1, 1, 5, 11 });
        cases.Add(new[] { 2, 12, 12, 3, 3, 2, 2, 1, 1, 1, 1, 6, 6 });
        cases.Add(new[] { 2, 13, 30, 3, 3, 1, 1, 1, 1, 1, 1, 13, 30 });
        cases.Add(new[] { 2, 10, 24, 2, 2, 2, 2, 1, 1, 1, 1, 6, 13 });
        cases.Add(new[] { 2, 14, 25, 2, 2, 2, 2, 0, 0, 2, 2, 6, 11 });
        cases.Add(new[] { 1, 8, 40, 2, 3, 2, 1, 0, 0, 1, 1, 4, 38 });

        // The separable path (no dilation, stride width 1 or 2): GoogLeNet's 3×3 stride-1 pools, ResNet's and
        // SqueezeNet's 3×3 stride-2 pools (padded, and ceil_mode past the edge), wider kernels, rows under 8.
        cases.Add(new[] { 2, 7, 7, 3, 3, 1, 1, 1, 1, 1, 1, 7, 7 });
        cases.Add(new[] { 2, 14, 14, 3, 3, 1, 1, 1, 1, 1, 1, 14, 14 });
        cases.Add(new[] { 1, 28, 28, 3, 3, 1, 1, 1, 1, 1, 1, 28, 28 });
        cases.Add(new[] { 2, 112, 112, 3, 3, 2, 2, 1, 1, 1, 1, 56, 56 });
        cases.Add(new[] { 2, 55, 55, 3, 3, 2, 2, 0, 0, 1, 1, 27, 27 });
        cases.Add(new[] { 2, 14, 14, 3, 3, 2, 2, 0, 0, 1, 1, 7, 7 });
        cases.Add(new[] { 2, 28, 28, 2, 2, 2, 2, 0, 0, 1, 1, 14, 14 });
        cases.Add(new[] { 2, 13, 17, 5, 5, 1, 1, 2, 2, 1, 1, 13, 17 });
        cases.Add(new[] { 2, 9, 23, 5, 4, 2, 2, 2, 1, 1, 1, 5, 12 });
        cases.Add(new[] { 2, 3, 5, 3, 3, 1, 1, 1, 1, 1, 1, 3, 5 });
        cases.Add(new[] { 2, 6, 37, 3, 3, 3, 1, 1, 1, 1, 1, 2, 37 });
        for (int i = 0; i < cases.Count; i++)
        {
            yield return new object[] { i, cases[i] };
        }
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void MaxMatchesReference(int index, int[] p)
    {
        _ = index;
        CheckMax(ThreadTeam.Serial, p);
    }

    // Pools of at least ThreadTeam.ParallelElements inputs, split across two threads: 2×2, separable and general paths,
    // plane counts that do not divide evenly.
    [Theory]
    [InlineData(9, 64, 64, 2, 2, 2, 2, 0, 0, 1, 1, 32, 32)]
    [InlineData(7, 56, 60, 3, 3, 1, 1, 1, 1, 1, 1, 56, 60)]
    [InlineData(5, 112, 112, 3, 3, 2, 2, 1, 1, 1, 1, 56, 56)]
    [InlineData(11, 40, 50, 3, 3, 2, 2, 0, 0, 2, 2, 18, 23)]
    public void MaxOnTwoThreadsMatchesReference(params int[] p)
    {
        using ThreadTeam team = ThreadTeam.Create(2);
        CheckMax(team, p);
    }

    // 16 planes at a time (AVX-512): GoogLeNet's 3×3 stride-1 and stride-2 ceil-mode pools, groups short of 16 planes,
    // wider and uneven kernels, stride 3, a window past the bottom-right edge; one and two threads.
    [Theory]
    [InlineData(1, 16, 7, 7, 3, 3, 1, 1, 1, 1, 1, 1, 7, 7)]
    [InlineData(1, 21, 14, 14, 3, 3, 1, 1, 1, 1, 1, 1, 14, 14)]
    [InlineData(2, 40, 28, 28, 3, 3, 2, 2, 0, 0, 1, 1, 14, 14)]
    [InlineData(2, 35, 56, 56, 3, 3, 2, 2, 0, 0, 1, 1, 28, 28)]
    [InlineData(1, 17, 13, 17, 5, 5, 1, 1, 2, 2, 1, 1, 13, 17)]
    [InlineData(2, 33, 9, 23, 5, 4, 2, 2, 2, 1, 1, 1, 5, 12)]
    [InlineData(1, 18, 6, 37, 3, 3, 3, 1, 1, 1, 1, 1, 2, 37)]
    [InlineData(2, 19, 12, 12, 2, 3, 2, 3, 0, 1, 1, 1, 6, 4)]
    [InlineData(1, 16, 15, 15, 3, 3, 2, 2, 0, 0, 1, 1, 7, 7)]
    public void MaxSixteenPlanesAtATimeMatchesReference(int threads, params int[] p)
    {
        using ThreadTeam team = ThreadTeam.Create(threads);
        CheckMax(team, p);
    }

    private static void CheckMax(ThreadTeam team, int[] p)
    {
        int planes = p[0], ih = p[1], iw = p[2], kh = p[3], kw = p[4], sh = p[5], sw = p[6], pt = p[7], pl = p[8], dh = p[9], dw = p[10], oh = p[11], ow = p[12];
        float[] x = KernelReference.Random(planes * ih * iw, 21);
        // A NaN in the first plane and one in the last must reach the outputs of their windows.
        x[Math.Min(x.Length - 1, iw + 1)] = float.NaN;
        x[x.Length - iw - 2] = float.NaN;
        var y = new float[(planes * oh * ow) + 1];
        y[^1] = 42f;
        Pool.Max2D(team, x, y, planes, ih, iw, oh, ow, kh, kw, sh, sw, pt, pl, dh, dw);
        Assert.Equal(42f, y[^1]);
        for (int c = 0; c < planes; c++)
        {
            for (int r = 0; r < oh; r++)
            {
                for (int q = 0; q < ow; q++)
                {
                    float m = float.NegativeInfinity;
                    for (int i = 0; i < kh; i++)
                    {
                        for (int j = 0; j < kw; j++)
                        {
                            int h = (r * sh) - pt + (i * dh), w = (q * sw) - pl + (j * dw);
                            if (h >= 0 && h < ih && w >= 0 && w < iw)
                            {
                                float v = x[(((c * ih) + h) * iw) + w];
                                m = float.IsNaN(m) || v <= m ? m : v;
                                m = float.IsNaN(v) ? v : m;
                            }
                        }
                    }

                    float got = y[(((c * oh) + r) * ow) + q];
                    Assert.True(float.IsNaN(m) ? float.IsNaN(got) : got == m, $"plane {c} ({r}, {q}): got {got}, expected {m}");
                }
            }
        }
    }

    // planes, ih, iw, kh, kw, sh, sw, pt, pl, pb, pr, oh, ow, countIncludePad, threads
    [Theory]
    [InlineData(3, 8, 8, 2, 2, 2, 2, 0, 0, 0, 0, 4, 4, 0, 1)]
    [InlineData(3, 56, 56, 2, 2, 2, 2, 0, 0, 0, 0, 28, 28, 0, 1)]
    [InlineData(2, 7, 7, 2, 2, 2, 2, 0, 0, 0, 0, 3, 3, 0, 1)]
    [InlineData(2, 9, 21, 2, 2, 2, 2, 0, 0, 1, 1, 5, 11, 0, 1)]
    [InlineData(2, 9, 21, 2, 2, 2, 2, 0, 0, 1, 1, 5, 11, 1, 1)]
    [InlineData(2, 13, 30, 3, 3, 1, 1, 1, 1, 1, 1, 13, 30, 0, 1)]
    [InlineData(2, 13, 30, 3, 3, 1, 1, 1, 1, 1, 1, 13, 30, 1, 1)]
    [InlineData(2, 14, 17, 3, 3, 2, 2, 1, 1, 1, 1, 7, 9, 1, 1)]
    [InlineData(2, 35, 35, 3, 3, 1, 1, 1, 1, 1, 1, 35, 35, 0, 1)]
    [InlineData(2, 12, 40, 5, 4, 3, 3, 2, 1, 2, 2, 4, 14, 1, 1)]
    [InlineData(2, 12, 40, 5, 4, 3, 3, 2, 1, 2, 2, 4, 14, 0, 1)]
    [InlineData(2, 3, 5, 3, 3, 1, 1, 1, 1, 1, 1, 3, 5, 0, 1)]
    [InlineData(1, 10, 64, 1, 3, 1, 1, 0, 1, 0, 1, 10, 64, 0, 1)]
    [InlineData(9, 64, 64, 2, 2, 2, 2, 0, 0, 0, 0, 32, 32, 0, 2)]
    [InlineData(7, 56, 60, 3, 3, 1, 1, 1, 1, 1, 1, 56, 60, 0, 2)]
    [InlineData(5, 60, 61, 3, 3, 2, 2, 1, 1, 1, 1, 30, 31, 1, 2)]
    public void AverageMatchesReference(params int[] p)
    {
        int planes = p[0], ih = p[1], iw = p[2], kh = p[3], kw = p[4], sh = p[5], sw = p[6], pt = p[7], pl = p[8], pb = p[9], pr = p[10], oh = p[11], ow = p[12];
        bool includePad = p[13] != 0;
        using ThreadTeam team = ThreadTeam.Create(p[14]);
        float[] x = KernelReference.Random(planes * ih * iw, 22);
        var y = new float[(planes * oh * ow) + 1];
        y[^1] = 42f;
        Pool.Average2D(team, x, y, planes, ih, iw, oh, ow, kh, kw, sh, sw, pt, pl, pb, pr, includePad);
        Assert.Equal(42f, y[^1]);
        for (int c = 0; c < planes; c++)
        {
            for (int r = 0; r < oh; r++)
            {
                int h0 = (r * sh) - pt, h1 = Math.Min(h0 + kh, ih + pb);
                for (int q = 0; q < ow; q++)
                {
                    int w0 = (q * sw) - pl, w1 = Math.Min(w0 + kw, iw + pr);
                    double sum = 0;
                    int inside = 0;
                    for (int h = Math.Max(h0, 0); h < Math.Min(h1, ih); h++)
                    {
                        for (int w = Math.Max(w0, 0); w < Math.Min(w1, iw); w++)
                        {
                            sum += x[(((c * ih) + h) * iw) + w];
                            inside++;
                        }
                    }

                    int count = includePad ? (h1 - h0) * (w1 - w0) : inside;
                    double expected = sum / count;
                    float got = y[(((c * oh) + r) * ow) + q];
                    Assert.True(Math.Abs(got - expected) <= 1e-5 * (1 + Math.Abs(expected)), $"plane {c} ({r}, {q}): got {got}, expected {expected}");
                }
            }
        }
    }
}
