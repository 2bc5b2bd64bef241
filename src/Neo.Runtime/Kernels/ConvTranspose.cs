using System;
using System.Runtime.CompilerServices;

namespace Neo.Runtime.Kernels;

/// <summary>
/// Transposed convolution (the gradient of a convolution with respect to its input): each input
/// element scatters its kernel-weighted values into the output. NCDHW activations; weights are
/// [inChannels, outChannels/groups, kD, kH, kW], as ONNX stores them. Spatial parameters are 3-element
/// arrays; 1-D and 2-D shapes pass 1 (and 0 padding) for their missing dims.
/// </summary>
public static class ConvTranspose
{
    /// <summary>
    /// y[o] = epilogue(Σ x[i]·w[k] over o = i·stride + k·dilation - pad, + bias[channel] + residual[o]); bias and residual may be empty. Output cells no
    /// input reaches (an output_shape larger than the natural one) get the bias alone.
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
                output.Slice(((n * outChannels) + oc) * outPlane, outPlane).Fill(bias.IsEmpty ? 0f : bias[oc]);
            }

            for (int ic = 0; ic < inChannels; ic++)
            {
                int g = ic / icPerGroup;
                ReadOnlySpan<float> x = input.Slice(((n * inChannels) + ic) * inPlane, inPlane);
                for (int ocg = 0; ocg < ocPerGroup; ocg++)
                {
                    int oc = (g * ocPerGroup) + ocg;
                    Span<float> y = output.Slice(((n * outChannels) + oc) * outPlane, outPlane);
                    ReadOnlySpan<float> w = weights.Slice(((ic * ocPerGroup) + ocg) * kSize, kSize);
                    for (int z = 0; z < id; z++)
                    {
                        for (int r = 0; r < ih; r++)
                        {
                            for (int c = 0; c < iw; c++)
                            {
                                float xv = x[(((z * ih) + r) * iw) + c];
                                for (int a = 0; a < kd; a++)
                                {
                                    int tz = (z * strides[0]) + (a * dilations[0]) - pads[0];
                                    if ((uint)tz >= (uint)od)
                                    {
                                        continue;
                                    }

                                    for (int b = 0; b < kh; b++)
                                    {
                                        int ty = (r * strides[1]) + (b * dilations[1]) - pads[1];
                                        if ((uint)ty >= (uint)oh)
                                        {
                                            continue;
                                        }

                                        for (int e = 0; e < kw; e++)
                                        {
                                            int tx = (c * strides[2]) + (e * dilations[2]) - pads[2];
                                            if ((uint)tx >= (uint)ow)
                                            {
                                                continue;
                                            }

                                            y[(((tz * oh) + ty) * ow) + tx] += xv * w[(((a * kh) + b) * kw) + e];
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        if (!residual.IsEmpty)
        {
            for (int i = 0; i < output.Length; i++)
            {
                output[i] = epilogue.Invoke(output[i] + residual[i]);
            }
        }
        else if (typeof(TEpilogue) != typeof(Identity))
        {
            for (int i = 0; i < output.Length; i++)
            {
                output[i] = epilogue.Invoke(output[i]);
            }
        }
    }
}
