using System;
using Neo.Runtime.Threading;

namespace Neo.Runtime.Kernels;

/// <summary>Convolution kernels (NCHW activations, OIHW weights).</summary>
public static class Conv
{
    /// <summary>
    /// 2-D convolution with groups, strides, dilations and padding; then, for every output element,
    /// y = epilogue(conv + bias[channel] + residual[i]). <paramref name="bias"/> and <paramref name="residual"/> may be empty.
    /// </summary>
    public static void Conv2D<TEpilogue>(
        ThreadTeam team,
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> weights,
        ReadOnlySpan<float> bias,
        Span<float> output,
        int batch,
        int inChannels,
        int inHeight,
        int inWidth,
        int outChannels,
        int outHeight,
        int outWidth,
        int kernelHeight,
        int kernelWidth,
        int strideHeight,
        int strideWidth,
        int padTop,
        int padLeft,
        int dilationHeight,
        int dilationWidth,
        int groups,
        ReadOnlySpan<float> residual,
        TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        _ = team;
        int icPerGroup = inChannels / groups;
        int ocPerGroup = outChannels / groups;
        int inPlane = inHeight * inWidth;
        int outPlane = outHeight * outWidth;
        int kSize = kernelHeight * kernelWidth;
        for (int n = 0; n < batch; n++)
        {
            for (int oc = 0; oc < outChannels; oc++)
            {
                int g = oc / ocPerGroup;
                Span<float> o = output.Slice(((n * outChannels) + oc) * outPlane, outPlane);
                o.Fill(bias.IsEmpty ? 0f : bias[oc]);
                for (int icg = 0; icg < icPerGroup; icg++)
                {
                    int ic = (g * icPerGroup) + icg;
                    ReadOnlySpan<float> x = input.Slice(((n * inChannels) + ic) * inPlane, inPlane);
                    ReadOnlySpan<float> w = weights.Slice(((oc * icPerGroup) + icg) * kSize, kSize);
                    for (int kh = 0; kh < kernelHeight; kh++)
                    {
                        for (int kw = 0; kw < kernelWidth; kw++)
                        {
                            float wv = w[(kh * kernelWidth) + kw];
                            int iwOff = (kw * dilationWidth) - padLeft;
                            // Output columns whose input column lies inside the image.
                            int owStart = iwOff >= 0 ? 0 : (-iwOff + strideWidth - 1) / strideWidth;
                            int owEnd = Math.Min(outWidth, ((inWidth - 1 - iwOff) / strideWidth) + 1);
                            if (inWidth - 1 - iwOff < 0)
                            {
                                continue;
                            }

                            for (int oh = 0; oh < outHeight; oh++)
                            {
                                int ih = (oh * strideHeight) - padTop + (kh * dilationHeight);
                                if ((uint)ih >= (uint)inHeight)
                                {
                                    continue;
                                }

                                ReadOnlySpan<float> xr = x.Slice(ih * inWidth, inWidth);
                                Span<float> orow = o.Slice(oh * outWidth, outWidth);
                                if (strideWidth == 1)
                                {
                                    for (int ow = owStart; ow < owEnd; ow++)
                                    {
                                        orow[ow] += wv * xr[ow + iwOff];
                                    }
                                }
                                else
                                {
                                    for (int ow = owStart; ow < owEnd; ow++)
                                    {
                                        orow[ow] += wv * xr[(ow * strideWidth) + iwOff];
                                    }
                                }
                            }
                        }
                    }
                }

                if (!residual.IsEmpty)
                {
                    ReadOnlySpan<float> r = residual.Slice(((n * outChannels) + oc) * outPlane, outPlane);
                    for (int i = 0; i < o.Length; i++)
                    {
                        o[i] = epilogue.Invoke(o[i] + r[i]);
                    }
                }
                else
                {
                    for (int i = 0; i < o.Length; i++)
                    {
                        o[i] = epilogue.Invoke(o[i]);
                    }
                }
            }
        }
    }
}
