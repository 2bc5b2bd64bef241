using System;

namespace Neo.Runtime.Kernels;

/// <summary>Pooling kernels over NCHW planes (<c>planes</c> = N·C).</summary>
public static class Pool
{
    /// <summary>2-D max pooling; padding never wins (it counts as -∞).</summary>
    public static void Max2D(
        ReadOnlySpan<float> input,
        Span<float> output,
        int planes,
        int inHeight,
        int inWidth,
        int outHeight,
        int outWidth,
        int kernelHeight,
        int kernelWidth,
        int strideHeight,
        int strideWidth,
        int padTop,
        int padLeft,
        int dilationHeight,
        int dilationWidth)
    {
        int inPlane = inHeight * inWidth, outPlane = outHeight * outWidth;
        for (int p = 0; p < planes; p++)
        {
            ReadOnlySpan<float> x = input.Slice(p * inPlane, inPlane);
            Span<float> y = output.Slice(p * outPlane, outPlane);
            for (int oh = 0; oh < outHeight; oh++)
            {
                for (int ow = 0; ow < outWidth; ow++)
                {
                    float m = float.NegativeInfinity;
                    for (int kh = 0; kh < kernelHeight; kh++)
                    {
                        int ih = (oh * strideHeight) - padTop + (kh * dilationHeight);
                        if ((uint)ih >= (uint)inHeight)
                        {
                            continue;
                        }

                        for (int kw = 0; kw < kernelWidth; kw++)
                        {
                            int iw = (ow * strideWidth) - padLeft + (kw * dilationWidth);
                            if ((uint)iw >= (uint)inWidth)
                            {
                                continue;
                            }

                            float v = x[(ih * inWidth) + iw];
                            if (v > m || float.IsNaN(v))
                            {
                                m = v;
                            }
                        }
                    }

                    y[(oh * outWidth) + ow] = m;
                }
            }
        }
    }

    /// <summary>
    /// 2-D average pooling. With <paramref name="countIncludePad"/> the divisor counts padding inside the
    /// padded extent (but not the extra cells ceil_mode adds past it), as ONNX specifies.
    /// </summary>
    public static void Average2D(
        ReadOnlySpan<float> input,
        Span<float> output,
        int planes,
        int inHeight,
        int inWidth,
        int outHeight,
        int outWidth,
        int kernelHeight,
        int kernelWidth,
        int strideHeight,
        int strideWidth,
        int padTop,
        int padLeft,
        int padBottom,
        int padRight,
        bool countIncludePad)
    {
        int inPlane = inHeight * inWidth, outPlane = outHeight * outWidth;
        for (int p = 0; p < planes; p++)
        {
            ReadOnlySpan<float> x = input.Slice(p * inPlane, inPlane);
            Span<float> y = output.Slice(p * outPlane, outPlane);
            for (int oh = 0; oh < outHeight; oh++)
            {
                int h0 = (oh * strideHeight) - padTop;
                int h1 = Math.Min(h0 + kernelHeight, inHeight + padBottom);
                int hs = Math.Max(h0, 0), he = Math.Min(h1, inHeight);
                for (int ow = 0; ow < outWidth; ow++)
                {
                    int w0 = (ow * strideWidth) - padLeft;
                    int w1 = Math.Min(w0 + kernelWidth, inWidth + padRight);
                    int ws = Math.Max(w0, 0), we = Math.Min(w1, inWidth);
                    float sum = 0f;
                    for (int ih = hs; ih < he; ih++)
                    {
                        for (int iw = ws; iw < we; iw++)
                        {
                            sum += x[(ih * inWidth) + iw];
                        }
                    }

                    int count = countIncludePad ? (h1 - h0) * (w1 - w0) : (he - hs) * (we - ws);
                    y[(oh * outWidth) + ow] = count > 0 ? sum / count : 0f;
                }
            }
        }
    }

    /// <summary>Mean over each plane of <paramref name="spatial"/> elements.</summary>
    public static void GlobalAverage(ReadOnlySpan<float> input, Span<float> output, int planes, int spatial)
    {
        for (int p = 0; p < planes; p++)
        {
            ReadOnlySpan<float> x = input.Slice(p * spatial, spatial);
            float sum = 0f;
            for (int i = 0; i < x.Length; i++)
            {
                sum += x[i];
            }

            output[p] = sum / spatial;
        }
    }

    /// <summary>Max over each plane of <paramref name="spatial"/> elements.</summary>
    public static void GlobalMax(ReadOnlySpan<float> input, Span<float> output, int planes, int spatial)
    {
        for (int p = 0; p < planes; p++)
        {
            ReadOnlySpan<float> x = input.Slice(p * spatial, spatial);
            float m = float.NegativeInfinity;
            for (int i = 0; i < x.Length; i++)
            {
                m = Math.Max(m, x[i]);
            }

            output[p] = m;
        }
    }
}
