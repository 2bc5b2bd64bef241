using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Neo.Runtime.Kernels;

/// <summary>
/// Transposed convolution (the gradient of a convolution with respect to its input): each input
/// element scatters its kernel-weighted values into the output. NCDHW activations; weights are
/// [inChannels, outChannels/groups, kD, kH, kW], as ONNX stores them. Spatial parameters are 3-element
/// arrays; 1-D and 2-D shapes pass 1 (and 0 padding) for their missing dims.
/// </summary>
public static unsafe class ConvTranspose
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
        // Per group, cols[ocg·kSize + tap, pixel] = Σ_ic w[ic, ocg, tap]·x[ic, pixel] is one GEMM; the scatter of cols
        // into the output (col2im) is then additions only.
        int rowsM = ocPerGroup * kSize;
        float* cols = Threading.Workspace.Get(2, (long)rowsM * inPlane);
        var colSpan = new Span<float>(cols, rowsM * inPlane);

        // Kernel = stride, no padding or dilation, output exactly input × stride (the 2×2 stride-2 upsampling of
        // segmentation heads): every output cell gets exactly one tap, so cols is written in place, not accumulated.
        bool tiled = Tiled && kd == 1 && strides[0] == 1 && kh == strides[1] && kw == strides[2] && oh == ih * kh && ow == iw * kw && od == id
            && pads[0] == 0 && pads[1] == 0 && pads[2] == 0
            && dilations[1] == 1 && dilations[2] == 1;
        for (int n = 0; n < batch; n++)
        {
            // The scatter accumulates onto the bias; the tiled path writes every cell with its bias.
            for (int oc = 0; oc < outChannels && !tiled; oc++)
            {
                output.Slice(((n * outChannels) + oc) * outPlane, outPlane).Fill(bias.IsEmpty ? 0f : bias[oc]);
            }

            for (int g = 0; g < groups; g++)
            {
                ReadOnlySpan<float> wg = weights.Slice(g * icPerGroup * rowsM, icPerGroup * rowsM);
                ReadOnlySpan<float> xg = input.Slice(((n * inChannels) + (g * icPerGroup)) * inPlane, icPerGroup * inPlane);
                Gemm.Run(Threading.ThreadTeam.Serial, wg, xg, default, colSpan, rowsM, inPlane, icPerGroup, true, false, 1f, 0f, GemmBias.None, default, default(Identity));
                for (int ocg = 0; ocg < ocPerGroup; ocg++)
                {
                    int oc = (g * ocPerGroup) + ocg;
                    fixed (float* y = output.Slice(((n * outChannels) + oc) * outPlane, outPlane))
                    {
                        if (tiled)
                        {
                            Interleave(cols + ((long)ocg * kSize * inPlane), y, id * ih, iw, kh, kw, inPlane, bias.IsEmpty ? 0f : bias[oc]);
                            continue;
                        }

                        for (int a = 0; a < kd; a++)
                        {
                            for (int b = 0; b < kh; b++)
                            {
                                for (int e = 0; e < kw; e++)
                                {
                                    float* col = cols + ((long)((ocg * kSize) + (((a * kh) + b) * kw) + e) * inPlane);
                                    int txBase = (e * dilations[2]) - pads[2];

                                    // Input columns c whose output column c·stride + txBase lies inside the row.
                                    int cLo = txBase >= 0 ? 0 : (-txBase + strides[2] - 1) / strides[2];
                                    int cHi = ow - 1 - txBase < 0 ? 0 : Math.Min(iw, ((ow - 1 - txBase) / strides[2]) + 1);
                                    for (int z = 0; z < id; z++)
                                    {
                                        int tz = (z * strides[0]) + (a * dilations[0]) - pads[0];
                                        if ((uint)tz >= (uint)od)
                                        {
                                            continue;
                                        }

                                        for (int r = 0; r < ih; r++)
                                        {
                                            int ty = (r * strides[1]) + (b * dilations[1]) - pads[1];
                                            if ((uint)ty >= (uint)oh)
                                            {
                                                continue;
                                            }

                                            float* src = col + (((z * ih) + r) * iw);
                                            float* dst = y + (((tz * oh) + ty) * ow) + txBase;
                                            Scatter(src, dst, cLo, cHi, strides[2]);
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
            Elementwise.Binary(output, residual, output, default(Add));
        }

        if (typeof(TEpilogue) != typeof(Identity))
        {
            Elementwise.Unary(output, output, epilogue);
        }
    }

    /// <summary>The in-place path for kernel = stride (a switch for same-process comparisons).</summary>
    internal static bool Tiled = true;

    /// <summary>
    /// y[(r·kh + b)·ow + c·kw + e] = cols[(b·kw + e)·inPlane + r·iw + c] + bias for each input row r and tap (b, e): the
    /// taps of a kernel row interleaved along the output row (two taps: 8-lane unpacks, whole vectors stored).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Interleave(float* cols, float* y, int rows, int iw, int kh, int kw, int inPlane, float bias)
    {
        int ow = iw * kw;
        Vector256<float> bv = Vector256.Create(bias);
        for (int r = 0; r < rows; r++)
        {
            for (int b = 0; b < kh; b++)
            {
                float* dst = y + ((long)((r * kh) + b) * ow);
                float* src = cols + ((long)b * kw * inPlane) + ((long)r * iw);
                int c = 0;
                if (kw == 2 && Avx.IsSupported)
                {
                    float* src1 = src + inPlane;
                    for (; c + 8 <= iw; c += 8)
                    {
                        Vector256<float> a0 = Avx.LoadVector256(src + c) + bv, a1 = Avx.LoadVector256(src1 + c) + bv;
                        Vector256<float> lo = Avx.UnpackLow(a0, a1), hi = Avx.UnpackHigh(a0, a1);
                        Avx.Store(dst + (2 * c), Avx.Permute2x128(lo, hi, 0x20));
                        Avx.Store(dst + (2 * c) + 8, Avx.Permute2x128(lo, hi, 0x31));
                    }
                }

                for (; c < iw; c++)
                {
                    for (int e = 0; e < kw; e++)
                    {
                        dst[(c * kw) + e] = src[((long)e * inPlane) + c] + bias;
                    }
                }
            }
        }
    }

    /// <summary>dst[c·stride] += src[c] for c in [lo, hi); whole vectors when the stride is 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Scatter(float* src, float* dst, int lo, int hi, int stride)
    {
        int c = lo;
        if (stride == 1)
        {
            if (Vector256.IsHardwareAccelerated)
            {
                for (; c + 8 <= hi; c += 8)
                {
                    (Vector256.Load(dst + c) + Vector256.Load(src + c)).Store(dst + c);
                }
            }

            for (; c < hi; c++)
            {
                dst[c] += src[c];
            }

            return;
        }

        for (; c < hi; c++)
        {
            dst[(long)c * stride] += src[c];
        }
    }
}
