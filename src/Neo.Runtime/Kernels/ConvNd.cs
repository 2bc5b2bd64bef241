using System;
using System.Runtime.CompilerServices;

namespace Neo.Runtime.Kernels;

/// <summary>
/// Direct convolution over three spatial dims (depth, height, width; NCDHW activations, OIDHW weights),
/// for the shapes <see cref="Conv.Conv2D{TEpilogue}"/> does not take: 3-D convolution. Spatial
/// parameters are 3-element arrays; a 1-D or 2-D shape passes 1 (and 0 padding) for its missing dims.
/// </summary>
public static class ConvNd
{
    /// <summary>
    /// y = epilogue(conv(x, w) + bias[channel] + residual[i]); <paramref name="bias"/> and
    /// <paramref name="residual"/> may be empty. <paramref name="pads"/> are the leading pads per dim.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TEpilogue>(
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> weights,
        ReadOnlySpan<float> bias,
        Span<float> output,
        int batch,
        int inChannels,
        int outChannels,
        int groups,
        ReadOnlySpan<int> inShape,
        ReadOnlySpan<int> outShape,
        ReadOnlySpan<int> kernel,
        ReadOnlySpan<int> strides,
        ReadOnlySpan<int> pads,
        ReadOnlySpan<int> dilations,
        ReadOnlySpan<float> residual,
        TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        int id = inShape[0], ih = inShape[1], iw = inShape[2];
        int od = outShape[0], oh = outShape[1], ow = outShape[2];
        int kd = kernel[0], kh = kernel[1], kw = kernel[2];
        int icPerGroup = inChannels / groups, ocPerGroup = outChannels / groups;
        int inPlane = id * ih * iw, outPlane = od * oh * ow, kSize = kd * kh * kw;
        for (int n = 0; n < batch; n++)
        {
            for (int oc = 0; oc < outChannels; oc++)
            {
                int g = oc / ocPerGroup;
                int yBase = ((n * outChannels) + oc) * outPlane;
                float b = bias.IsEmpty ? 0f : bias[oc];
                for (int z = 0; z < od; z++)
                {
                    for (int y = 0; y < oh; y++)
                    {
                        for (int x = 0; x < ow; x++)
                        {
                            float acc = 0f;
                            for (int icg = 0; icg < icPerGroup; icg++)
                            {
                                int ic = (g * icPerGroup) + icg;
                                int xBase = ((n * inChannels) + ic) * inPlane;
                                int wBase = ((oc * icPerGroup) + icg) * kSize;
                                for (int a = 0; a < kd; a++)
                                {
                                    int sz = (z * strides[0]) - pads[0] + (a * dilations[0]);
                                    if ((uint)sz >= (uint)id)
                                    {
                                        continue;
                                    }

                                    for (int c = 0; c < kh; c++)
                                    {
                                        int sy = (y * strides[1]) - pads[1] + (c * dilations[1]);
                                        if ((uint)sy >= (uint)ih)
                                        {
                                            continue;
                                        }

                                        for (int e = 0; e < kw; e++)
                                        {
                                            int sx = (x * strides[2]) - pads[2] + (e * dilations[2]);
                                            if ((uint)sx >= (uint)iw)
                                            {
                                                continue;
                                            }

                                            acc += input[xBase + (((sz * ih) + sy) * iw) + sx] * weights[wBase + (((a * kh) + c) * kw) + e];
                                        }
                                    }
                                }
                            }

                            int o = yBase + (((z * oh) + y) * ow) + x;
                            float v = acc + b;
                            if (!residual.IsEmpty)
                            {
                                v += residual[o];
                            }

                            output[o] = epilogue.Invoke(v);
                        }
                    }
                }
            }
        }
    }
}
