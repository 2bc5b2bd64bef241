using System;
using System.Runtime.CompilerServices;

namespace Neo.Runtime.Kernels;

/// <summary>How GridSample treats sampling positions outside the input (ONNX's padding_mode).</summary>
public enum GridPadding
{
    /// <summary>Outside pixels read as 0.</summary>
    Zeros = 0,

    /// <summary>Positions are clamped to the border.</summary>
    Border = 1,

    /// <summary>Positions are reflected at the border.</summary>
    Reflection = 2,
}

/// <summary>How GridSample interpolates (ONNX's mode).</summary>
public enum GridInterpolation
{
    /// <summary>Bilinear.</summary>
    Bilinear = 0,

    /// <summary>Nearest pixel (halves round to even).</summary>
    Nearest = 1,

    /// <summary>Bicubic, A = -0.75.</summary>
    Bicubic = 2,
}

/// <summary>Sampling at computed positions: GridSample (spatial transformers) and RoiAlign (detection heads), over NCHW inputs.</summary>
public static class Sampling
{
    /// <summary>
    /// GridSample: y[n, c, h, w] = x[n, c] sampled at grid[n, h, w] = (x, y) in [-1, 1] (−1 the left or top
    /// edge: of the first pixel's centre with <paramref name="alignCorners"/>, of the first pixel otherwise),
    /// as PyTorch's grid_sample computes it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GridSample(
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> grid,
        Span<float> output,
        int batch,
        int channels,
        int height,
        int width,
        int outHeight,
        int outWidth,
        GridInterpolation mode,
        GridPadding padding,
        bool alignCorners)
    {
        int plane = height * width, outPlane = outHeight * outWidth;
        for (int n = 0; n < batch; n++)
        {
            for (int p = 0; p < outPlane; p++)
            {
                float gx = grid[(((n * outPlane) + p) * 2) + 0];
                float gy = grid[(((n * outPlane) + p) * 2) + 1];
                float x = Unnormalize(gx, width, alignCorners);
                float y = Unnormalize(gy, height, alignCorners);
                for (int c = 0; c < channels; c++)
                {
                    ReadOnlySpan<float> src = input.Slice(((n * channels) + c) * plane, plane);
                    float v;
                    if (mode == GridInterpolation.Bicubic)
                    {
                        v = Bicubic(src, height, width, x, y, padding, alignCorners);
                    }
                    else
                    {
                        float sx = Pad(x, width, padding, alignCorners), sy = Pad(y, height, padding, alignCorners);
                        if (mode == GridInterpolation.Nearest)
                        {
                            v = Read(src, height, width, (int)MathF.Round(sy, MidpointRounding.ToEven), (int)MathF.Round(sx, MidpointRounding.ToEven));
                        }
                        else
                        {
                            int x0 = (int)MathF.Floor(sx), y0 = (int)MathF.Floor(sy);
                            float tx = sx - x0, ty = sy - y0;
                            v = (Read(src, height, width, y0, x0) * (1 - tx) * (1 - ty))
                                + (Read(src, height, width, y0, x0 + 1) * tx * (1 - ty))
                                + (Read(src, height, width, y0 + 1, x0) * (1 - tx) * ty)
                                + (Read(src, height, width, y0 + 1, x0 + 1) * tx * ty);
                        }
                    }

                    output[(((n * channels) + c) * outPlane) + p] = v;
                }
            }
        }
    }

    /// <summary>
    /// RoiAlign (Mask R-CNN): for each region [x1, y1, x2, y2] of batch item batchIndices[r], the average (or
    /// ONNX Runtime's max) of bilinear samples on a sampling grid in each of outHeight×outWidth bins. With
    /// <paramref name="halfPixel"/> (opset 16's default) region corners shift by half a pixel and regions are
    /// not widened to at least one pixel.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RoiAlign(
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> rois,
        ReadOnlySpan<long> batchIndices,
        Span<float> output,
        int batch,
        int channels,
        int height,
        int width,
        int regions,
        int outHeight,
        int outWidth,
        int samplingRatio,
        float spatialScale,
        bool halfPixel,
        bool max)
    {
        int plane = height * width;
        float offset = halfPixel ? 0.5f : 0f;
        for (int r = 0; r < regions; r++)
        {
            long n = batchIndices[r];
            if ((ulong)n >= (ulong)batch)
            {
                throw new ArgumentOutOfRangeException(nameof(batchIndices), n, $"NEO3004: RoiAlign region {r} names batch item {n} of {batch}.");
            }

            float startW = (rois[(r * 4) + 0] * spatialScale) - offset;
            float startH = (rois[(r * 4) + 1] * spatialScale) - offset;
            float endW = (rois[(r * 4) + 2] * spatialScale) - offset;
            float endH = (rois[(r * 4) + 3] * spatialScale) - offset;
            float roiW = endW - startW, roiH = endH - startH;
            if (!halfPixel)
            {
                roiW = MathF.Max(roiW, 1f);
                roiH = MathF.Max(roiH, 1f);
            }

            float binH = roiH / outHeight, binW = roiW / outWidth;
            int gridH = samplingRatio > 0 ? samplingRatio : (int)MathF.Ceiling(roiH / outHeight);
            int gridW = samplingRatio > 0 ? samplingRatio : (int)MathF.Ceiling(roiW / outWidth);
            float count = Math.Max(gridH * gridW, 1);
            for (int c = 0; c < channels; c++)
            {
                ReadOnlySpan<float> src = input.Slice((int)((((n * channels) + c) * plane)), plane);
                Span<float> dst = output.Slice(((r * channels) + c) * outHeight * outWidth, outHeight * outWidth);
                for (int ph = 0; ph < outHeight; ph++)
                {
                    for (int pw = 0; pw < outWidth; pw++)
                    {
                        float acc = max ? float.MinValue : 0f;
                        bool any = false;
                        for (int iy = 0; iy < gridH; iy++)
                        {
                            float y = startH + (ph * binH) + ((iy + 0.5f) * binH / gridH);
                            for (int ix = 0; ix < gridW; ix++)
                            {
                                float x = startW + (pw * binW) + ((ix + 0.5f) * binW / gridW);
                                if (y < -1f || y > height || x < -1f || x > width)
                                {
                                    if (max)
                                    {
                                        acc = MathF.Max(acc, 0f);
                                        any = true;
                                    }

                                    continue;
                                }

                                float yy = MathF.Max(y, 0f), xx = MathF.Max(x, 0f);
                                int y0 = (int)yy, x0 = (int)xx, y1, x1;
                                if (y0 >= height - 1)
                                {
                                    y0 = y1 = height - 1;
                                    yy = y0;
                                }
                                else
                                {
                                    y1 = y0 + 1;
                                }

                                if (x0 >= width - 1)
                                {
                                    x0 = x1 = width - 1;
                                    xx = x0;
                                }
                                else
                                {
                                    x1 = x0 + 1;
                                }

                                float ly = yy - y0, lx = xx - x0, hy = 1f - ly, hx = 1f - lx;
                                float v1 = hy * hx * src[(y0 * width) + x0], v2 = hy * lx * src[(y0 * width) + x1];
                                float v3 = ly * hx * src[(y1 * width) + x0], v4 = ly * lx * src[(y1 * width) + x1];
                                if (max)
                                {
                                    // ONNX Runtime's max mode takes the largest weighted corner, not the interpolated value.
                                    acc = MathF.Max(acc, MathF.Max(MathF.Max(v1, v2), MathF.Max(v3, v4)));
                                    any = true;
                                }
                                else
                                {
                                    acc += v1 + v2 + v3 + v4;
                                }
                            }
                        }

                        dst[(ph * outWidth) + pw] = max ? (any ? acc : 0f) : acc / count;
                    }
                }
            }
        }
    }

    private static float Unnormalize(float g, int size, bool alignCorners) =>
        alignCorners ? (g + 1f) / 2f * (size - 1) : (((g + 1f) * size) - 1f) / 2f;

    /// <summary>Applies border clamping or reflection to a position (zeros padding leaves it as it is).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Pad(float v, int size, GridPadding padding, bool alignCorners)
    {
        if (padding == GridPadding.Border)
        {
            return Math.Clamp(v, 0f, size - 1);
        }

        if (padding == GridPadding.Reflection)
        {
            v = alignCorners ? Reflect(v, 0f, 2f * (size - 1)) : Reflect(v, -1f, (2f * size) - 1f);
            return Math.Clamp(v, 0f, size - 1);
        }

        return v;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Reflect(float v, float twiceLow, float twiceHigh)
    {
        if (twiceLow == twiceHigh)
        {
            return 0f;
        }

        float min = twiceLow / 2f, span = (twiceHigh - twiceLow) / 2f;
        v = MathF.Abs(v - min);
        float extra = v % span;
        int flips = (int)MathF.Floor(v / span);
        return flips % 2 == 0 ? extra + min : span - extra + min;
    }

    private static float Read(ReadOnlySpan<float> src, int height, int width, int y, int x) =>
        (uint)y < (uint)height && (uint)x < (uint)width ? src[(y * width) + x] : 0f;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Bicubic(ReadOnlySpan<float> src, int height, int width, float x, float y, GridPadding padding, bool alignCorners)
    {
        float x0 = MathF.Floor(x), y0 = MathF.Floor(y);
        float tx = x - x0, ty = y - y0;
        Span<float> wx = stackalloc float[4];
        Span<float> wy = stackalloc float[4];
        CubicWeights(tx, wx);
        CubicWeights(ty, wy);
        float sum = 0f;
        for (int i = 0; i < 4; i++)
        {
            float row = 0f;
            for (int j = 0; j < 4; j++)
            {
                float px = Pad(x0 - 1 + j, width, padding, alignCorners), py = Pad(y0 - 1 + i, height, padding, alignCorners);
                row += wx[j] * Read(src, height, width, (int)py, (int)px);
            }

            sum += wy[i] * row;
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CubicWeights(float t, Span<float> w)
    {
        const float A = -0.75f;
        float x1 = t + 1, x2 = t, x3 = 1 - t, x4 = 2 - t;
        w[0] = (((((A * x1) - (5 * A)) * x1) + (8 * A)) * x1) - (4 * A);
        w[1] = ((((A + 2) * x2) - (A + 3)) * x2 * x2) + 1;
        w[2] = ((((A + 2) * x3) - (A + 3)) * x3 * x3) + 1;
        w[3] = (((((A * x4) - (5 * A)) * x4) + (8 * A)) * x4) - (4 * A);
    }
}
