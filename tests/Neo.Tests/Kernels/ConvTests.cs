using System;
using System.Collections.Generic;
using System.Linq;
using Neo.Runtime.Kernels;
using Neo.Runtime.Threading;
using Neo.Tests.Infrastructure;
using Xunit;

namespace Neo.Tests.Kernels;

/// <summary>Every convolution path (1×1 in place, im2col panels, grouped, depthwise stride 1 and 2) against a direct reference.</summary>
[Collection(KernelWidthCollection.Name)]
public sealed class ConvTests
{
    // batch, ic, ih, iw, oc, kh, kw, sh, sw, pt, pl, pb, pr, dh, dw, groups
    public static IEnumerable<object[]> Geometries()
    {
        int[][] g =
        {
            new[] { 1, 3, 9, 11, 5, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1 },
            new[] { 2, 8, 7, 7, 20, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1 },
            new[] { 1, 16, 13, 5, 7, 1, 1, 2, 2, 0, 0, 0, 0, 1, 1, 1 },
            new[] { 1, 3, 23, 23, 8, 7, 7, 2, 2, 3, 3, 3, 3, 1, 1, 1 },
            new[] { 1, 12, 10, 9, 12, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 12 },
            new[] { 1, 12, 11, 14, 12, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 12 },
            new[] { 1, 6, 20, 21, 6, 5, 5, 1, 1, 2, 2, 2, 2, 1, 1, 6 },
            new[] { 1, 6, 20, 21, 6, 5, 5, 2, 2, 2, 2, 2, 2, 1, 1, 6 },
            new[] { 1, 8, 12, 12, 16, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2, 4 },
            new[] { 1, 64, 6, 6, 70, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1 },
            new[] { 1, 6, 40, 40, 6, 3, 3, 2, 2, 0, 0, 1, 1, 1, 1, 6 },
            new[] { 1, 1, 28, 28, 6, 5, 5, 1, 1, 0, 0, 0, 0, 1, 1, 1 },

            // Stride 2 over rows long enough for im2col's 16-output gathers, padding on both sides and a ragged end.
            new[] { 1, 3, 9, 77, 5, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1 },
            new[] { 1, 2, 5, 70, 4, 7, 7, 2, 2, 3, 3, 3, 3, 1, 1, 1 },

            // im2col from the zero-bordered copy: two images and two groups (each its own padded planes), stride 2 with
            // padding on one side only (the copy shorter than the input), stride 3, a 1×1 stride-2 shortcut, dilation.
            new[] { 2, 5, 11, 13, 9, 3, 3, 2, 2, 1, 0, 0, 1, 1, 1, 1 },
            new[] { 2, 6, 9, 10, 6, 3, 3, 1, 1, 0, 1, 1, 0, 2, 2, 2 },
            new[] { 1, 4, 17, 19, 7, 3, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1 },
            new[] { 2, 8, 7, 7, 16, 1, 1, 2, 2, 0, 0, 0, 0, 1, 1, 1 },
            new[] { 1, 3, 10, 40, 4, 3, 3, 2, 2, 0, 0, 0, 0, 1, 1, 1 },

            // Depthwise rows wide enough for the four- and two-accumulator blocks, with a tail after them.
            new[] { 1, 4, 5, 75, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 4 },
            new[] { 1, 4, 6, 150, 4, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 4 },
            new[] { 1, 3, 7, 50, 3, 5, 5, 1, 1, 2, 2, 2, 2, 1, 1, 3 },
            new[] { 1, 2, 4, 66, 2, 3, 3, 1, 1, 0, 0, 0, 0, 1, 1, 2 },
        };
        foreach (int width in new[] { 0, 128, 256, 512 })
        {
            for (int i = 0; i < g.Length; i++)
            {
                yield return new object[] { width, i, g[i] };
            }
        }
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void MatchesReference(int width, int index, int[] p)
    {
        _ = index;
        using var scope = new KernelWidthScope(width);
        int batch = p[0], ic = p[1], ih = p[2], iw = p[3], oc = p[4], kh = p[5], kw = p[6], sh = p[7], sw = p[8], pt = p[9], pl = p[10], pb = p[11], pr = p[12], dh = p[13], dw = p[14], groups = p[15];
        int oh = ((ih + pt + pb - (((kh - 1) * dh) + 1)) / sh) + 1;
        int ow = ((iw + pl + pr - (((kw - 1) * dw) + 1)) / sw) + 1;
        float[] x = KernelReference.Random(batch * ic * ih * iw, 1);
        float[] w = KernelReference.Random(oc * (ic / groups) * kh * kw, 2);
        float[] bias = KernelReference.Random(oc, 3);
        float[] residual = KernelReference.Random(batch * oc * oh * ow, 4);
        float[] expected = KernelReference.Conv(x, w, bias, batch, ic, ih, iw, oc, oh, ow, kh, kw, sh, sw, pt, pl, dh, dw, groups, residual, v => Math.Clamp(v, 0f, 6f));
        var y = new float[expected.Length];
        Conv.Conv2D(ThreadTeam.Serial, x, w, bias, y, batch, ic, ih, iw, oc, oh, ow, kh, kw, sh, sw, pt, pl, dh, dw, groups, residual, new Clip(0f, 6f));
        Tolerance.AssertClose(y, expected, 1e-5, "Conv2D");

        if (!Conv.IsDepthwise(ic, oc, groups))
        {
            int kPerGroup = ic / groups * kh * kw;
            var packed = new float[Conv.PackedWeightsLength(oc, groups, kPerGroup)];
            Conv.PackWeights(w, packed, oc, groups, kPerGroup);
            Array.Clear(y);
            Conv.Conv2DPacked(ThreadTeam.Serial, x, packed, bias, y, batch, ic, ih, iw, oc, oh, ow, kh, kw, sh, sw, pt, pl, dh, dw, groups, residual, new Clip(0f, 6f));
            Tolerance.AssertClose(y, expected, 1e-5, "Conv2DPacked");
        }
    }

    /// <summary>
    /// A 1×1 convolution with a per-input-channel scale (a squeeze-and-excitation scaling fused into its projection)
    /// equals the plain one on the scaled input: column tails (N = 49, 196, 13), K past one K block (600 and 1100
    /// channels: the scale of each block's rows, not the first block's), two images sharing the scale, two groups
    /// (each its channels' scale), one and two threads, every vector width.
    /// </summary>
    [Theory]
    [InlineData(1, 40, 14, 14, 24, 1)]
    [InlineData(1, 600, 7, 7, 30, 1)]
    [InlineData(2, 1100, 1, 13, 8, 1)]
    [InlineData(1, 12, 5, 9, 10, 2)]
    [InlineData(1, 96, 56, 56, 24, 1)]
    public void InputScaleMatchesScaledInput(int batch, int ic, int ih, int iw, int oc, int groups)
    {
        float[] x = KernelReference.Random(batch * ic * ih * iw, 11);
        float[] scale = KernelReference.Random(ic, 12);
        float[] w = KernelReference.Random(oc * (ic / groups), 13);
        float[] bias = KernelReference.Random(oc, 14);
        float[] residual = KernelReference.Random(batch * oc * ih * iw, 15);
        float[] scaled = x.Select((v, i) => v * scale[(i / (ih * iw)) % ic]).ToArray();
        float[] expected = KernelReference.Conv(scaled, w, bias, batch, ic, ih, iw, oc, ih, iw, 1, 1, 1, 1, 0, 0, 1, 1, groups, residual, v => Math.Max(v, 0f));
        int kPerGroup = ic / groups;
        var packed = new float[Conv.PackedWeightsLength(oc, groups, kPerGroup)];
        Conv.PackWeights(w, packed, oc, groups, kPerGroup);
        foreach (int width in new[] { 0, 128, 256, 512 })
        {
            using var scope = new KernelWidthScope(width);
            foreach (int threads in new[] { 1, 2 })
            {
                using ThreadTeam team = ThreadTeam.Create(threads);
                var y = new float[expected.Length];
                Conv.Conv2DPacked(team, x, packed, bias, y, batch, ic, ih, iw, oc, ih, iw, 1, 1, 1, 1, 0, 0, 1, 1, groups, residual, default(Relu), scale);
                Tolerance.AssertClose(y, expected, 1e-4, $"input scale, width {width}, {threads} thread(s)");
            }
        }
    }

    [Fact]
    public void InputScaleNeedsADirectOneByOneAndAValuePerChannel()
    {
        float[] x = new float[4 * 5 * 5], y = new float[3 * 5 * 5];
        var packed = new float[Conv.PackedWeightsLength(3, 1, 4 * 9)];
        ArgumentException e = Assert.Throws<ArgumentException>(() =>
            Conv.Conv2DPacked(ThreadTeam.Serial, x, packed, default, y, 1, 4, 5, 5, 3, 5, 5, 3, 3, 1, 1, 1, 1, 1, 1, 1, default, default(Identity), new float[4]));
        Assert.StartsWith("NEO3020", e.Message, StringComparison.Ordinal);
        packed = new float[Conv.PackedWeightsLength(3, 1, 4)];
        e = Assert.Throws<ArgumentException>(() =>
            Conv.Conv2DPacked(ThreadTeam.Serial, x, packed, default, y, 1, 4, 5, 5, 3, 5, 5, 1, 1, 1, 1, 0, 0, 1, 1, 1, default, default(Identity), new float[3]));
        Assert.StartsWith("NEO3020", e.Message, StringComparison.Ordinal);
    }

    // batch, ic, ih, iw, oc, kh, kw, sh, sw, pt, pl, pb, pr, dh, dw, groups: the direct kernel's shapes
    // (channels 1..17 across the 8-channel blocks, kernels 1..7, planes under and around 8 pixels and vector widths).
    public static IEnumerable<object[]> DirectGeometries()
    {
        int[][] g =
        {
            new[] { 1, 1, 28, 28, 8, 5, 5, 1, 1, 2, 2, 2, 2, 1, 1, 1 },
            new[] { 1, 8, 14, 14, 16, 5, 5, 1, 1, 0, 0, 0, 0, 1, 1, 1 },
            new[] { 2, 3, 9, 11, 5, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1 },
            new[] { 1, 2, 7, 9, 17, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1 },
            new[] { 1, 5, 3, 2, 9, 2, 2, 1, 1, 0, 0, 0, 0, 1, 1, 1 },
            new[] { 1, 4, 2, 2, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1 },
            new[] { 1, 17, 8, 17, 1, 7, 7, 1, 1, 3, 3, 3, 3, 1, 1, 1 },
            new[] { 1, 6, 15, 16, 12, 4, 4, 1, 1, 1, 2, 2, 1, 1, 1, 1 },
            new[] { 1, 3, 23, 23, 8, 7, 7, 2, 2, 3, 3, 3, 3, 1, 1, 1 },
            new[] { 1, 8, 12, 13, 16, 3, 3, 1, 2, 2, 1, 2, 0, 2, 2, 4 },
            new[] { 1, 6, 10, 9, 10, 3, 5, 2, 1, 0, 2, 1, 2, 1, 1, 2 },
            new[] { 1, 16, 6, 6, 7, 6, 6, 1, 1, 0, 0, 0, 0, 1, 1, 1 },
            new[] { 1, 3, 1, 33, 11, 1, 5, 1, 1, 0, 2, 0, 2, 1, 1, 1 },
            new[] { 1, 7, 11, 15, 9, 3, 3, 3, 3, 4, 4, 4, 4, 1, 1, 1 },
            new[] { 1, 4, 10, 11, 6, 3, 3, 2, 2, 0, 0, 0, 0, 1, 1, 1 },

            // Rows of 16 pixels or more with under 32 taps (the row kernel on AVX-512): three segments, stride 2 in
            // height with dilation 2 in width, groups, exactly one segment.
            new[] { 2, 2, 9, 40, 10, 3, 3, 2, 1, 1, 1, 1, 1, 1, 2, 1 },
            new[] { 1, 4, 6, 20, 6, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 2 },
            new[] { 1, 1, 5, 16, 8, 3, 3, 1, 1, 0, 1, 0, 1, 1, 1, 1 },

            // One block of outputs at any depth (the row kernel too): DBNet's 24→6 heads, groups of width 8.
            new[] { 1, 24, 6, 24, 6, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1 },
            new[] { 1, 16, 5, 18, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 2 },
        };
        foreach (int width in new[] { 0, 128, 256, 512 })
        {
            for (int i = 0; i < g.Length; i++)
            {
                yield return new object[] { width, i, g[i] };
            }
        }
    }

    // kernel, stride, pad top, pad left, pad bottom, pad right, dilation
    private static readonly int[][] DepthwiseWindows =
    {
        new[] { 3, 1, 1, 1, 1, 1, 1 },
        new[] { 3, 2, 1, 1, 1, 1, 1 },
        new[] { 3, 2, 0, 0, 1, 1, 1 },
        new[] { 3, 1, 0, 0, 0, 0, 1 },
        new[] { 5, 1, 2, 2, 2, 2, 1 },
        new[] { 5, 2, 2, 2, 2, 2, 1 },
        new[] { 5, 2, 1, 2, 2, 1, 1 },
        new[] { 3, 2, 2, 1, 0, 2, 2 },
        new[] { 3, 1, 2, 2, 2, 2, 2 },
        new[] { 3, 3, 1, 1, 1, 1, 1 },
        new[] { 7, 1, 3, 3, 3, 3, 1 },
        new[] { 3, 1, 2, 0, 0, 2, 1 },
        new[] { 5, 1, 1, 3, 3, 1, 1 },
        new[] { 1, 2, 0, 0, 0, 0, 1 },
        new[] { 2, 2, 0, 1, 1, 0, 1 },
    };

    /// <summary>
    /// Depthwise windows (3×3, 5×5, strides 1–3, paddings 0–3, dilation 2, other kernel sizes) over planes from 1×1
    /// up to rows just around multiples of the vector widths, with bias, residual and an epilogue, on every path.
    /// </summary>
    public static IEnumerable<object[]> DepthwiseCases()
    {
        int[] sizes = { 1, 2, 3, 4, 7, 8, 9, 14, 15, 16, 17, 31, 33, 56 };
        foreach (int width in new[] { 0, 128, 256, 512 })
        {
            for (int window = 0; window < DepthwiseWindows.Length; window++)
            {
                yield return new object[] { width, window, sizes };
            }
        }
    }

    [Theory]
    [MemberData(nameof(DirectGeometries))]
    public void DirectMatchesReference(int width, int index, int[] p)
    {
        _ = index;
        using var scope = new KernelWidthScope(width);
        int batch = p[0], ic = p[1], ih = p[2], iw = p[3], oc = p[4], kh = p[5], kw = p[6], sh = p[7], sw = p[8], pt = p[9], pl = p[10], pb = p[11], pr = p[12], dh = p[13], dw = p[14], groups = p[15];
        int oh = ((ih + pt + pb - (((kh - 1) * dh) + 1)) / sh) + 1;
        int ow = ((iw + pl + pr - (((kw - 1) * dw) + 1)) / sw) + 1;
        int kPerGroup = ic / groups * kh * kw;
        float[] x = KernelReference.Random(batch * ic * ih * iw, 11);
        float[] w = KernelReference.Random(oc * kPerGroup, 12);
        float[] bias = KernelReference.Random(oc, 13);
        float[] residual = KernelReference.Random(batch * oc * oh * ow, 14);
        var blocked = new float[Conv.DirectWeightsLength(oc, groups, kPerGroup)];
        Conv.PackDirectWeights(w, blocked, oc, groups, kPerGroup);

        float[] expected = KernelReference.Conv(x, w, bias, batch, ic, ih, iw, oc, oh, ow, kh, kw, sh, sw, pt, pl, dh, dw, groups, residual, v => Math.Clamp(v, 0f, 6f));
        // Past the output, a sentinel: a partial last channel block must not write channels that do not exist.
        var y = new float[expected.Length + 256];
        Array.Fill(y, 12345f, expected.Length, 256);
        Conv.Direct2D(ThreadTeam.Serial, x, blocked, bias, y, batch, ic, ih, iw, oc, oh, ow, kh, kw, sh, sw, pt, pl, dh, dw, groups, residual, new Clip(0f, 6f));
        Tolerance.AssertClose(y[..expected.Length], expected, 1e-5, "Direct2D, bias, residual, Clip");
        Assert.All(y[expected.Length..], v => Assert.Equal(12345f, v));

        // No bias, no residual, the identity: the raw sums.
        expected = KernelReference.Conv(x, w, null, batch, ic, ih, iw, oc, oh, ow, kh, kw, sh, sw, pt, pl, dh, dw, groups, null, v => v);
        y = new float[expected.Length];
        Conv.Direct2D(ThreadTeam.Serial, x, blocked, default, y, batch, ic, ih, iw, oc, oh, ow, kh, kw, sh, sw, pt, pl, dh, dw, groups, default, default(Identity));
        Tolerance.AssertClose(y, expected, 1e-5, "Direct2D, plain");
    }

    [Theory]
    [InlineData(12, 29, 31, 20)] // more pixels than channels: the threads split the columns
    [InlineData(16, 15, 15, 100)] // more channels than pixels (8×8): the threads split the rows
    public void Im2colTwoThreadsMatchReference(int ic, int ih, int iw, int oc)
    {
        // Big enough for both the zero-bordered copy and the GEMM to run on the team's two threads; two images.
        int batch = 2;
        int oh = ((ih + 2 - 3) / 2) + 1, ow = ((iw + 2 - 3) / 2) + 1;
        float[] x = KernelReference.Random(batch * ic * ih * iw, 17);
        float[] w = KernelReference.Random(oc * ic * 9, 18);
        float[] bias = KernelReference.Random(oc, 19);
        float[] expected = KernelReference.Conv(x, w, bias, batch, ic, ih, iw, oc, oh, ow, 3, 3, 2, 2, 1, 1, 1, 1, 1, null, v => Math.Max(v, 0f));
        var packed = new float[Conv.PackedWeightsLength(oc, 1, ic * 9)];
        Conv.PackWeights(w, packed, oc, 1, ic * 9);
        var y = new float[expected.Length];
        using ThreadTeam team = ThreadTeam.Create(2);
        Conv.Conv2DPacked(team, x, packed, bias, y, batch, ic, ih, iw, oc, oh, ow, 3, 3, 2, 2, 1, 1, 1, 1, 1, default, default(Relu));
        Tolerance.AssertClose(y, expected, 1e-5, "Conv2DPacked, 2 threads");
    }

    [Fact]
    public void DirectTwoThreadsMatchReference()
    {
        int ic = 8, ih = 30, iw = 30, oc = 24;
        float[] x = KernelReference.Random(ic * ih * iw, 15);
        float[] w = KernelReference.Random(oc * ic * 25, 16);
        float[] expected = KernelReference.Conv(x, w, null, 1, ic, ih, iw, oc, ih, iw, 5, 5, 1, 1, 2, 2, 1, 1, 1, null, v => Math.Max(v, 0f));
        var blocked = new float[Conv.DirectWeightsLength(oc, 1, ic * 25)];
        Conv.PackDirectWeights(w, blocked, oc, 1, ic * 25);
        var y = new float[expected.Length];
        using ThreadTeam team = ThreadTeam.Create(2);
        Conv.Direct2D(team, x, blocked, default, y, 1, ic, ih, iw, oc, ih, iw, 5, 5, 1, 1, 2, 2, 1, 1, 1, default, default(Relu));
        Tolerance.AssertClose(y, expected, 1e-5, "Direct2D, 2 threads");
    }

    [Theory]
    [MemberData(nameof(DepthwiseCases))]
    public void DepthwiseMatchesReference(int width, int window, int[] sizes)
    {
        using var scope = new KernelWidthScope(width);
        int[] d = DepthwiseWindows[window];
        int k = d[0], stride = d[1], pt = d[2], pl = d[3], pb = d[4], pr = d[5], dilation = d[6];
        int c = 3;
        foreach (int size in sizes)
        {
            // Square planes, and planes whose height and width differ (one odd, one even).
            foreach ((int ih, int iw) in new[] { (size, size), (size + 1, size + 2) })
            {
                int spanH = ih + pt + pb - (((k - 1) * dilation) + 1), spanW = iw + pl + pr - (((k - 1) * dilation) + 1);
                if (spanH < 0 || spanW < 0)
                {
                    // The window is larger than the padded plane: no output.
                    continue;
                }

                int oh = (spanH / stride) + 1, ow = (spanW / stride) + 1;

                int batch = size == 7 ? 2 : 1;
                float[] x = KernelReference.Random(batch * c * ih * iw, size);
                float[] w = KernelReference.Random(c * k * k, size + 1);
                float[] bias = KernelReference.Random(c, size + 2);
                float[] residual = KernelReference.Random(batch * c * oh * ow, size + 3);
                string what = $"{k}x{k} stride {stride} pads {pt},{pl},{pb},{pr} dilation {dilation} on {ih}x{iw}";

                float[] expected = KernelReference.Conv(x, w, bias, batch, c, ih, iw, c, oh, ow, k, k, stride, stride, pt, pl, dilation, dilation, c, residual, HardSwishReference);
                // Past the output, a sentinel: a row's last, overlapping vector must not run past the plane.
                var y = new float[expected.Length + 64];
                Array.Fill(y, 12345f, expected.Length, 64);
                Conv.Depthwise2D(ThreadTeam.Serial, x, w, bias, y, batch, c, ih, iw, oh, ow, k, k, stride, stride, pt, pl, dilation, dilation, residual, default(HardSwish));
                Tolerance.AssertClose(y[..expected.Length], expected, 1e-5, what + ", residual, HardSwish");
                Assert.All(y[expected.Length..], v => Assert.Equal(12345f, v));
                y = new float[expected.Length];

                expected = KernelReference.Conv(x, w, null, batch, c, ih, iw, c, oh, ow, k, k, stride, stride, pt, pl, dilation, dilation, c, null, v => v);
                Array.Fill(y, float.NaN);
                Conv.Depthwise2D(ThreadTeam.Serial, x, w, default, y, batch, c, ih, iw, oh, ow, k, k, stride, stride, pt, pl, dilation, dilation, default, default(Identity));
                Tolerance.AssertClose(y, expected, 1e-5, what + ", no bias");

                // The residual is the output itself (an in-place skip connection).
                expected = KernelReference.Conv(x, w, bias, batch, c, ih, iw, c, oh, ow, k, k, stride, stride, pt, pl, dilation, dilation, c, residual, v => Math.Clamp(v, 0f, 6f));
                float[] inPlace = (float[])residual.Clone();
                Conv.Depthwise2D(ThreadTeam.Serial, x, w, bias, inPlace, batch, c, ih, iw, oh, ow, k, k, stride, stride, pt, pl, dilation, dilation, inPlace, new Clip(0f, 6f));
                Tolerance.AssertClose(inPlace, expected, 1e-5, what + ", in-place residual");
            }
        }
    }

    private static float HardSwishReference(float v) => v * Math.Clamp((v / 6f) + 0.5f, 0f, 1f);

    /// <summary>
    /// 3×3 stride-2 depthwise planes wide enough for the direct stride-2 kernel's unmasked middle (16 outputs from 33
    /// input columns) and its masked borders: widths around 16, 17, 32 and 33 outputs, every combination of top and
    /// left padding 0 or 1 with bottom and right padding 0 or 1 (column 2c + 32 the row's last, or past it), the residual
    /// apart and in place, SiLU, two images, every vector width (the narrower ones take the phase path).
    /// </summary>
    [Theory]
    [InlineData(1, 1, 1, 1)]
    [InlineData(0, 0, 1, 1)]
    [InlineData(1, 0, 0, 1)]
    [InlineData(0, 1, 1, 0)]
    [InlineData(1, 1, 0, 0)]
    [InlineData(0, 0, 0, 0)]
    public void DepthwiseStride2MatchesReference(int pt, int pl, int pb, int pr)
    {
        int c = 3, batch = 2;
        foreach (int width in new[] { 0, 256, 512 })
        {
            using var scope = new KernelWidthScope(width);
            foreach ((int ih, int iw) in new[] { (9, 23), (6, 24), (5, 33), (8, 34), (5, 63), (6, 64), (7, 65), (10, 66), (4, 67), (3, 100), (12, 112), (11, 113) })
            {
                int oh = ((ih + pt + pb - 3) / 2) + 1, ow = ((iw + pl + pr - 3) / 2) + 1;
                float[] x = KernelReference.Random(batch * c * ih * iw, iw);
                float[] w = KernelReference.Random(c * 9, iw + 1);
                float[] bias = KernelReference.Random(c, iw + 2);
                float[] residual = KernelReference.Random(batch * c * oh * ow, iw + 3);
                string what = $"3x3 stride 2 pads {pt},{pl},{pb},{pr} on {ih}x{iw}, width {width}";
                float[] expected = KernelReference.Conv(x, w, bias, batch, c, ih, iw, c, oh, ow, 3, 3, 2, 2, pt, pl, 1, 1, c, residual, v => v / (1f + MathF.Exp(-v)));
                var y = new float[expected.Length + 64];
                Array.Fill(y, 12345f, expected.Length, 64);
                Conv.Depthwise2D(ThreadTeam.Serial, x, w, bias, y, batch, c, ih, iw, oh, ow, 3, 3, 2, 2, pt, pl, 1, 1, residual, default(Silu));
                Tolerance.AssertClose(y[..expected.Length], expected, 1e-5, what + ", residual, SiLU");
                Assert.All(y[expected.Length..], v => Assert.Equal(12345f, v));

                float[] inPlace = (float[])residual.Clone();
                Conv.Depthwise2D(ThreadTeam.Serial, x, w, bias, inPlace, batch, c, ih, iw, oh, ow, 3, 3, 2, 2, pt, pl, 1, 1, inPlace, default(Silu));
                Tolerance.AssertClose(inPlace, expected, 1e-5, what + ", residual in place");
            }
        }
    }

    [Theory]
    [InlineData(0, 1, 8, 14, 14, 8, 1)]
    [InlineData(128, 1, 8, 14, 14, 8, 1)]
    [InlineData(256, 2, 13, 17, 23, 20, 1)]
    [InlineData(512, 1, 9, 12, 12, 7, 0)]
    [InlineData(256, 1, 64, 56, 56, 64, 1)]
    [InlineData(256, 1, 70, 27, 27, 33, 1)]
    [InlineData(256, 1, 5, 5, 9, 3, 0)]
    [InlineData(256, 1, 4, 30, 30, 5, 1)]
    [InlineData(512, 2, 13, 17, 23, 20, 1)]
    [InlineData(512, 1, 64, 56, 56, 64, 1)]
    [InlineData(512, 1, 70, 27, 27, 33, 1)]
    [InlineData(512, 1, 4, 30, 30, 5, 1)]
    [InlineData(512, 1, 48, 13, 13, 40, 1)]
    [InlineData(512, 2, 16, 55, 55, 24, 1)]
    [InlineData(256, 1, 48, 13, 13, 40, 1)]
    public void WinogradMatchesReference(int width, int batch, int ic, int ih, int iw, int oc, int pad)
    {
        using var scope = new KernelWidthScope(width);
        int oh = ih + (2 * pad) - 2, ow = iw + (2 * pad) - 2;
        float[] x = KernelReference.Random(batch * ic * ih * iw, 7);
        float[] w = KernelReference.Random(oc * ic * 9, 8);
        float[] bias = KernelReference.Random(oc, 9);
        float[] residual = KernelReference.Random(batch * oc * oh * ow, 10);
        float[] expected = KernelReference.Conv(x, w, bias, batch, ic, ih, iw, oc, oh, ow, 3, 3, 1, 1, pad, pad, 1, 1, 1, residual, v => Math.Max(v, 0f));
        var transformed = new float[Conv.WinogradWeightsLength(oc, ic)];
        Conv.TransformWinogradWeights(w, transformed, oc, ic);
        // Sentinels past the output: edge tiles store only their columns and rows inside the image.
        var guarded = new float[expected.Length + 64];
        guarded.AsSpan(expected.Length).Fill(float.NaN);
        Conv.Winograd3x3(ThreadTeam.Serial, x, transformed, bias, guarded.AsSpan(0, expected.Length), batch, ic, ih, iw, oc, oh, ow, pad, pad, residual, default(Relu));
        Tolerance.AssertClose(guarded.AsSpan(0, expected.Length).ToArray(), expected, 1e-5, "Winograd, 1 thread");
        Assert.All(guarded[expected.Length..], v => Assert.True(float.IsNaN(v), "Winograd wrote past its output"));
        var y = new float[expected.Length];
        using ThreadTeam team = ThreadTeam.Create(2);
        Conv.Winograd3x3(team, x, transformed, bias, y, batch, ic, ih, iw, oc, oh, ow, pad, pad, residual, default(Relu));
        Tolerance.AssertClose(y, expected, 1e-5, "Winograd, 2 threads");

        // Without a residual the epilogue runs before the outputs are scattered to their tiles.
        float[] plain = KernelReference.Conv(x, w, bias, batch, ic, ih, iw, oc, oh, ow, 3, 3, 1, 1, pad, pad, 1, 1, 1, null, v => Math.Max(v, 0f));
        Array.Clear(y);
        Conv.Winograd3x3(ThreadTeam.Serial, x, transformed, bias, y, batch, ic, ih, iw, oc, oh, ow, pad, pad, default, default(Relu));
        Tolerance.AssertClose(y, plain, 1e-5, "Winograd without residual");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TwoThreadsMatchReference(bool depthwise)
    {
        int ic = 32, ih = 30, iw = 30, oc = 32, groups = depthwise ? 32 : 1;
        float[] x = KernelReference.Random(ic * ih * iw, 5);
        float[] w = KernelReference.Random(oc * (ic / groups) * 9, 6);
        float[] expected = KernelReference.Conv(x, w, null, 1, ic, ih, iw, oc, ih, iw, 3, 3, 1, 1, 1, 1, 1, 1, groups, null, v => Math.Max(v, 0f));
        var y = new float[expected.Length];
        using ThreadTeam team = ThreadTeam.Create(2);
        Conv.Conv2D(team, x, w, default, y, 1, ic, ih, iw, oc, ih, iw, 3, 3, 1, 1, 1, 1, 1, 1, groups, default, default(Relu));
        Tolerance.AssertClose(y, expected, 1e-5, "2 threads");
    }

    /// <summary>
    /// Depthwise convolutions with many channels over small planes (the kernel that takes 16 channels at a time on
    /// AVX-512): channel counts that are and are not multiples of 16, two images, each window, SiLU and Clip epilogues,
    /// one thread and two (whose parts start inside a block of 16); a sentinel past the output.
    /// </summary>
    [Theory]
    [InlineData(20, 7)]
    [InlineData(35, 14)]
    [InlineData(16, 13)]
    [InlineData(48, 28)]
    [InlineData(17, 5)]
    [InlineData(24, 20)]
    public void DepthwiseManyChannelsMatchesReference(int c, int size)
    {
        using ThreadTeam team = ThreadTeam.Create(2);
        foreach (int[] d in DepthwiseWindows)
        {
            int k = d[0], stride = d[1], pt = d[2], pl = d[3], pb = d[4], pr = d[5], dilation = d[6];
            int ih = size, iw = size + 1;
            int spanH = ih + pt + pb - (((k - 1) * dilation) + 1), spanW = iw + pl + pr - (((k - 1) * dilation) + 1);
            if (spanH < 0 || spanW < 0)
            {
                continue;
            }

            int oh = (spanH / stride) + 1, ow = (spanW / stride) + 1;
            const int batch = 2;
            float[] x = KernelReference.Random(batch * c * ih * iw, size + k);
            float[] w = KernelReference.Random(c * k * k, size + 1);
            float[] bias = KernelReference.Random(c, size + 2);
            string what = $"{c} channels, {k}x{k} stride {stride} pads {pt},{pl},{pb},{pr} dilation {dilation} on {ih}x{iw}";
            float[] silu = KernelReference.Conv(x, w, bias, batch, c, ih, iw, c, oh, ow, k, k, stride, stride, pt, pl, dilation, dilation, c, null, v => v / (1f + MathF.Exp(-v)));
            float[] clip = KernelReference.Conv(x, w, null, batch, c, ih, iw, c, oh, ow, k, k, stride, stride, pt, pl, dilation, dilation, c, null, v => Math.Clamp(v, 0f, 6f));
            foreach (ThreadTeam t in new[] { ThreadTeam.Serial, team })
            {
                var y = new float[silu.Length + 64];
                Array.Fill(y, 12345f);
                Conv.Depthwise2D(t, x, w, bias, y.AsSpan(0, silu.Length), batch, c, ih, iw, oh, ow, k, k, stride, stride, pt, pl, dilation, dilation, default, default(Silu));
                Tolerance.AssertClose(y.AsSpan(0, silu.Length).ToArray(), silu, 1e-5, what + ", SiLU, " + t.Threads + " thread(s)");
                Assert.True(y.AsSpan(silu.Length).ToArray().All(v => v == 12345f), what + ": stored past the output");
                Conv.Depthwise2D(t, x, w, default, y.AsSpan(0, clip.Length), batch, c, ih, iw, oh, ow, k, k, stride, stride, pt, pl, dilation, dilation, default, new Clip(0f, 6f));
                Tolerance.AssertClose(y.AsSpan(0, clip.Length).ToArray(), clip, 1e-5, what + ", Clip, " + t.Threads + " thread(s)");
            }
        }
    }
}
