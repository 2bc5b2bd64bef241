using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Neo.Runtime.Kernels;

/// <summary>
/// Pooling over three spatial dims (depth, height, width) of NCDHW planes (<c>planes</c> = N·C), for
/// what the 2-D kernels of <see cref="Pool"/> do not take: 3-D windows, the Indices output of MaxPool,
/// integer element types and Lp pooling. Spatial parameters are 3-element arrays; 1-D and 2-D shapes pass
/// 1 (and 0 padding) for their missing leading dims.
/// </summary>
public static class PoolNd
{
    /// <summary>
    /// Max pooling; padding never wins. When <paramref name="indices"/> is not empty it receives, for each
    /// output, the flat index of the maximum in the whole input tensor: the plane's offset plus the
    /// position in row-major order, or column-major when <paramref name="columnMajor"/> (storage_order 1).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Max<T>(
        ReadOnlySpan<T> input,
        Span<T> output,
        Span<long> indices,
        int planes,
        ReadOnlySpan<int> inShape,
        ReadOnlySpan<int> outShape,
        ReadOnlySpan<int> kernel,
        ReadOnlySpan<int> strides,
        ReadOnlySpan<int> pads,
        ReadOnlySpan<int> dilations,
        bool columnMajor)
        where T : struct, INumber<T>
    {
        int id = inShape[0], ih = inShape[1], iw = inShape[2];
        int od = outShape[0], oh = outShape[1], ow = outShape[2];
        int inPlane = id * ih * iw, outPlane = od * oh * ow;
        for (int p = 0; p < planes; p++)
        {
            ReadOnlySpan<T> x = input.Slice(p * inPlane, inPlane);
            int o = p * outPlane;
            for (int z = 0; z < od; z++)
            {
                for (int y = 0; y < oh; y++)
                {
                    for (int c = 0; c < ow; c++, o++)
                    {
                        T best = default;
                        int bz = -1, by = 0, bx = 0;
                        for (int a = 0; a < kernel[0]; a++)
                        {
                            int sz = (z * strides[0]) - pads[0] + (a * dilations[0]);
                            if ((uint)sz >= (uint)id)
                            {
                                continue;
                            }

                            for (int b = 0; b < kernel[1]; b++)
                            {
                                int sy = (y * strides[1]) - pads[1] + (b * dilations[1]);
                                if ((uint)sy >= (uint)ih)
                                {
                                    continue;
                                }

                                for (int e = 0; e < kernel[2]; e++)
                                {
                                    int sx = (c * strides[2]) - pads[2] + (e * dilations[2]);
                                    if ((uint)sx >= (uint)iw)
                                    {
                                        continue;
                                    }

                                    T v = x[(((sz * ih) + sy) * iw) + sx];
                                    if (bz < 0 || v > best || T.IsNaN(v))
                                    {
                                        best = v;
                                        bz = sz;
                                        by = sy;
                                        bx = sx;
                                    }
                                }
                            }
                        }

                        output[o] = bz < 0 ? Lowest<T>() : best;
                        if (!indices.IsEmpty)
                        {
                            bz = Math.Max(bz, 0);
                            long within = columnMajor ? bz + ((long)by * id) + ((long)bx * id * ih) : (((long)bz * ih) + by) * iw + bx;
                            indices[o] = ((long)p * inPlane) + within;
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Average pooling. With <paramref name="countIncludePad"/> the divisor counts padding inside the
    /// padded extent (not the cells ceil_mode adds past it), as ONNX specifies; otherwise only input cells.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Average(
        ReadOnlySpan<float> input,
        Span<float> output,
        int planes,
        ReadOnlySpan<int> inShape,
        ReadOnlySpan<int> outShape,
        ReadOnlySpan<int> kernel,
        ReadOnlySpan<int> strides,
        ReadOnlySpan<int> padsBegin,
        ReadOnlySpan<int> padsEnd,
        bool countIncludePad)
    {
        int id = inShape[0], ih = inShape[1], iw = inShape[2];
        int od = outShape[0], oh = outShape[1], ow = outShape[2];
        int inPlane = id * ih * iw, outPlane = od * oh * ow;
        for (int p = 0; p < planes; p++)
        {
            ReadOnlySpan<float> x = input.Slice(p * inPlane, inPlane);
            int o = p * outPlane;
            for (int z = 0; z < od; z++)
            {
                (int z0, int z1, int zs, int ze) = Window(z, strides[0], padsBegin[0], kernel[0], id, padsEnd[0]);
                for (int y = 0; y < oh; y++)
                {
                    (int y0, int y1, int ys, int ye) = Window(y, strides[1], padsBegin[1], kernel[1], ih, padsEnd[1]);
                    for (int c = 0; c < ow; c++, o++)
                    {
                        (int x0, int x1, int xs, int xe) = Window(c, strides[2], padsBegin[2], kernel[2], iw, padsEnd[2]);
                        float sum = 0f;
                        for (int a = zs; a < ze; a++)
                        {
                            for (int b = ys; b < ye; b++)
                            {
                                for (int e = xs; e < xe; e++)
                                {
                                    sum += x[(((a * ih) + b) * iw) + e];
                                }
                            }
                        }

                        int count = countIncludePad ? (z1 - z0) * (y1 - y0) * (x1 - x0) : (ze - zs) * (ye - ys) * (xe - xs);
                        output[o] = count > 0 ? sum / count : 0f;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Lp pooling: (Σ |x|^p)^(1/p) over each window; padding counts as zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Lp(
        ReadOnlySpan<float> input,
        Span<float> output,
        int planes,
        ReadOnlySpan<int> inShape,
        ReadOnlySpan<int> outShape,
        ReadOnlySpan<int> kernel,
        ReadOnlySpan<int> strides,
        ReadOnlySpan<int> pads,
        ReadOnlySpan<int> dilations,
        float p)
    {
        int id = inShape[0], ih = inShape[1], iw = inShape[2];
        int od = outShape[0], oh = outShape[1], ow = outShape[2];
        int inPlane = id * ih * iw, outPlane = od * oh * ow;
        for (int plane = 0; plane < planes; plane++)
        {
            ReadOnlySpan<float> x = input.Slice(plane * inPlane, inPlane);
            int o = plane * outPlane;
            for (int z = 0; z < od; z++)
            {
                for (int y = 0; y < oh; y++)
                {
                    for (int c = 0; c < ow; c++, o++)
                    {
                        double sum = 0;
                        for (int a = 0; a < kernel[0]; a++)
                        {
                            int sz = (z * strides[0]) - pads[0] + (a * dilations[0]);
                            for (int b = 0; b < kernel[1]; b++)
                            {
                                int sy = (y * strides[1]) - pads[1] + (b * dilations[1]);
                                for (int e = 0; e < kernel[2]; e++)
                                {
                                    int sx = (c * strides[2]) - pads[2] + (e * dilations[2]);
                                    if ((uint)sz < (uint)id && (uint)sy < (uint)ih && (uint)sx < (uint)iw)
                                    {
                                        sum += Math.Pow(Math.Abs(x[(((sz * ih) + sy) * iw) + sx]), p);
                                    }
                                }
                            }
                        }

                        output[o] = (float)Math.Pow(sum, 1.0 / p);
                    }
                }
            }
        }
    }

    /// <summary>Max over each plane of <paramref name="spatial"/> elements, for any number type.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GlobalMax<T>(ReadOnlySpan<T> input, Span<T> output, int planes, int spatial)
        where T : struct, INumber<T>
    {
        for (int p = 0; p < planes; p++)
        {
            ReadOnlySpan<T> x = input.Slice(p * spatial, spatial);
            T m = x[0];
            for (int i = 1; i < x.Length; i++)
            {
                if (x[i] > m || T.IsNaN(x[i]))
                {
                    m = x[i];
                }
            }

            output[p] = m;
        }
    }

    /// <summary>(Σ |x|^p)^(1/p) over each plane of <paramref name="spatial"/> elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GlobalLp(ReadOnlySpan<float> input, Span<float> output, int planes, int spatial, float p)
    {
        for (int plane = 0; plane < planes; plane++)
        {
            ReadOnlySpan<float> x = input.Slice(plane * spatial, spatial);
            double sum = 0;
            for (int i = 0; i < x.Length; i++)
            {
                sum += Math.Pow(Math.Abs(x[i]), p);
            }

            output[plane] = (float)Math.Pow(sum, 1.0 / p);
        }
    }

    /// <summary>
    /// MaxUnpool: zeros, then each value of <paramref name="input"/> where its index (the Indices output of
    /// the MaxPool it inverts) says. Indices are positions in a tensor of spatial shape
    /// <paramref name="indexShape"/> (the pool's input); when the output's spatial shape
    /// <paramref name="outShape"/> is larger (an explicit output_shape), each keeps its coordinates.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Unpool(ReadOnlySpan<float> input, ReadOnlySpan<long> indices, Span<float> output, ReadOnlySpan<int> indexShape, ReadOnlySpan<int> outShape)
    {
        output.Clear();
        long indexPlane = (long)indexShape[0] * indexShape[1] * indexShape[2];
        long outPlane = (long)outShape[0] * outShape[1] * outShape[2];
        for (int i = 0; i < input.Length; i++)
        {
            long j = indices[i];
            long plane = j / indexPlane, within = j % indexPlane;
            long x = within % indexShape[2], y = within / indexShape[2] % indexShape[1], z = within / ((long)indexShape[1] * indexShape[2]);
            long o = (plane * outPlane) + (((z * outShape[1]) + y) * outShape[2]) + x;
            if (j < 0 || x >= outShape[2] || y >= outShape[1] || z >= outShape[0] || (ulong)o >= (ulong)output.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), j, $"NEO3004: MaxUnpool index {j} is outside the output.");
            }

            output[(int)o] = input[i];
        }
    }

    /// <summary>
    /// MaxRoiPool (Fast R-CNN): for each region [batch, x1, y1, x2, y2] (input coordinates, scaled by
    /// <paramref name="spatialScale"/> and rounded), the max of each of pooledHeight×pooledWidth bins; an
    /// empty bin gives 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MaxRoi(
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> rois,
        Span<float> output,
        int batch,
        int channels,
        int height,
        int width,
        int regions,
        int pooledHeight,
        int pooledWidth,
        float spatialScale)
    {
        int plane = height * width;
        for (int r = 0; r < regions; r++)
        {
            ReadOnlySpan<float> roi = rois.Slice(r * 5, 5);
            int n = (int)roi[0];
            if ((uint)n >= (uint)batch)
            {
                throw new ArgumentOutOfRangeException(nameof(rois), n, $"NEO3004: MaxRoiPool region {r} names batch item {n} of {batch}.");
            }

            int x1 = (int)MathF.Round(roi[1] * spatialScale, MidpointRounding.AwayFromZero);
            int y1 = (int)MathF.Round(roi[2] * spatialScale, MidpointRounding.AwayFromZero);
            int x2 = (int)MathF.Round(roi[3] * spatialScale, MidpointRounding.AwayFromZero);
            int y2 = (int)MathF.Round(roi[4] * spatialScale, MidpointRounding.AwayFromZero);
            int roiH = Math.Max(y2 - y1 + 1, 1), roiW = Math.Max(x2 - x1 + 1, 1);
            float binH = (float)roiH / pooledHeight, binW = (float)roiW / pooledWidth;
            for (int c = 0; c < channels; c++)
            {
                ReadOnlySpan<float> x = input.Slice(((n * channels) + c) * plane, plane);
                Span<float> y = output.Slice(((r * channels) + c) * pooledHeight * pooledWidth, pooledHeight * pooledWidth);
                for (int ph = 0; ph < pooledHeight; ph++)
                {
                    int hs = Math.Clamp((int)MathF.Floor(ph * binH) + y1, 0, height);
                    int he = Math.Clamp((int)MathF.Ceiling((ph + 1) * binH) + y1, 0, height);
                    for (int pw = 0; pw < pooledWidth; pw++)
                    {
                        int ws = Math.Clamp((int)MathF.Floor(pw * binW) + x1, 0, width);
                        int we = Math.Clamp((int)MathF.Ceiling((pw + 1) * binW) + x1, 0, width);
                        float m = float.NegativeInfinity;
                        bool empty = he <= hs || we <= ws;
                        for (int h = hs; h < he; h++)
                        {
                            for (int w = ws; w < we; w++)
                            {
                                m = Math.Max(m, x[(h * width) + w]);
                            }
                        }

                        y[(ph * pooledWidth) + pw] = empty ? 0f : m;
                    }
                }
            }
        }
    }

    private static (int Start, int End, int ClampedStart, int ClampedEnd) Window(int o, int stride, int padBegin, int kernel, int size, int padEnd)
    {
        int start = (o * stride) - padBegin;
        int end = Math.Min(start + kernel, size + padEnd);
        return (start, end, Math.Max(start, 0), Math.Min(end, size));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static T Lowest<T>()
        where T : struct, INumber<T>
    {
        if (typeof(T) == typeof(float))
        {
            return (T)(object)float.NegativeInfinity;
        }

        if (typeof(T) == typeof(double))
        {
            return (T)(object)double.NegativeInfinity;
        }

        return T.Zero;
    }
}
