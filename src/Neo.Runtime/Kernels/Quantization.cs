using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Neo.Runtime.Kernels;

/// <summary>
/// Linear quantization (ONNX QuantizeLinear, DequantizeLinear, DynamicQuantizeLinear) and integer
/// convolutions and matrix products (ConvInteger, MatMulInteger, QLinearConv, QLinearMatMul). Scales and
/// zero points are per tensor (one element) or per channel along an axis; tensors are viewed as
/// [outer, axis, inner]. Rounding is half to even and results saturate, as ONNX specifies.
/// </summary>
public static class Quantization
{
    /// <summary>y = saturate(round(x / scale) + zeroPoint); <paramref name="zeroPoint"/> may be empty (0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Quantize<T>(ReadOnlySpan<float> x, ReadOnlySpan<float> scale, ReadOnlySpan<T> zeroPoint, Span<T> y, int outer, int axis, int inner)
        where T : unmanaged, IBinaryInteger<T>
    {
        for (int o = 0, i = 0; o < outer; o++)
        {
            for (int a = 0; a < axis; a++)
            {
                int p = scale.Length == 1 ? 0 : a;
                float s = scale[p];
                int z = zeroPoint.IsEmpty ? 0 : int.CreateTruncating(zeroPoint[p]);
                for (int k = 0; k < inner; k++, i++)
                {
                    y[i] = Saturate<T>(MathF.Round(x[i] / s, MidpointRounding.ToEven) + z);
                }
            }
        }
    }

    /// <summary>y = (x - zeroPoint) · scale; <paramref name="zeroPoint"/> may be empty (0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dequantize<T>(ReadOnlySpan<T> x, ReadOnlySpan<float> scale, ReadOnlySpan<T> zeroPoint, Span<float> y, int outer, int axis, int inner)
        where T : unmanaged, IBinaryInteger<T>
    {
        for (int o = 0, i = 0; o < outer; o++)
        {
            for (int a = 0; a < axis; a++)
            {
                int p = scale.Length == 1 ? 0 : a;
                float s = scale[p];
                int z = zeroPoint.IsEmpty ? 0 : int.CreateTruncating(zeroPoint[p]);
                for (int k = 0; k < inner; k++, i++)
                {
                    y[i] = (int.CreateTruncating(x[i]) - z) * s;
                }
            }
        }
    }

    /// <summary>
    /// DynamicQuantizeLinear: uint8 quantization over [min(0, min x), max(0, max x)]: scale = range / 255,
    /// zeroPoint = saturate(round(-min / scale)), y = saturate(round(x / scale) + zeroPoint).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void DynamicQuantize(ReadOnlySpan<float> x, Span<byte> y, Span<float> scale, Span<byte> zeroPoint)
    {
        float min = 0f, max = 0f;
        foreach (float v in x)
        {
            min = MathF.Min(min, v);
            max = MathF.Max(max, v);
        }

        float s = (max - min) / 255f;
        byte z = s == 0f ? (byte)0 : Saturate<byte>(MathF.Round((0f - min) / s, MidpointRounding.ToEven));
        scale[0] = s;
        zeroPoint[0] = z;
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = s == 0f ? z : Saturate<byte>(MathF.Round(x[i] / s, MidpointRounding.ToEven) + z);
        }
    }

    /// <summary>
    /// Integer convolution over three spatial dims (1-D and 2-D pass 1 and 0 for the missing leading dims):
    /// acc = Σ (x - xZeroPoint)·(w - wZeroPoint[oc]). With <paramref name="requantize"/> the result is
    /// saturate(round((acc + bias[oc]) · xScale·wScale[oc] / yScale) + yZeroPoint) (QLinearConv) into
    /// <paramref name="quantized"/>; otherwise acc goes to <paramref name="accumulated"/> (ConvInteger).
    /// Zero points, scales and bias may be empty where ONNX makes them optional.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Conv<TX, TW, TY>(
        ReadOnlySpan<TX> input,
        ReadOnlySpan<TX> inputZeroPoint,
        ReadOnlySpan<TW> weights,
        ReadOnlySpan<TW> weightsZeroPoint,
        ReadOnlySpan<int> bias,
        Span<int> accumulated,
        ReadOnlySpan<float> inputScale,
        ReadOnlySpan<float> weightsScale,
        ReadOnlySpan<float> outputScale,
        ReadOnlySpan<TY> outputZeroPoint,
        Span<TY> quantized,
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
        bool requantize)
        where TX : unmanaged, IBinaryInteger<TX>
        where TW : unmanaged, IBinaryInteger<TW>
        where TY : unmanaged, IBinaryInteger<TY>
    {
        int id = inShape[0], ih = inShape[1], iw = inShape[2];
        int od = outShape[0], oh = outShape[1], ow = outShape[2];
        int kd = kernel[0], kh = kernel[1], kw = kernel[2];
        int icPerGroup = inChannels / groups, ocPerGroup = outChannels / groups;
        int inPlane = id * ih * iw, outPlane = od * oh * ow, kSize = kd * kh * kw;
        int xz = inputZeroPoint.IsEmpty ? 0 : int.CreateTruncating(inputZeroPoint[0]);
        for (int n = 0; n < batch; n++)
        {
            for (int oc = 0; oc < outChannels; oc++)
            {
                int g = oc / ocPerGroup;
                int wz = weightsZeroPoint.IsEmpty ? 0 : int.CreateTruncating(weightsZeroPoint[weightsZeroPoint.Length == 1 ? 0 : oc]);
                float multiplier = requantize ? inputScale[0] * weightsScale[weightsScale.Length == 1 ? 0 : oc] / outputScale[0] : 0f;
                int yz = requantize && !outputZeroPoint.IsEmpty ? int.CreateTruncating(outputZeroPoint[0]) : 0;
                int o = ((n * outChannels) + oc) * outPlane;
                for (int z = 0; z < od; z++)
                {
                    for (int y = 0; y < oh; y++)
                    {
                        for (int x = 0; x < ow; x++, o++)
                        {
                            int acc = 0;
                            for (int icg = 0; icg < icPerGroup; icg++)
                            {
                                int xBase = ((n * inChannels) + (g * icPerGroup) + icg) * inPlane;
                                int wBase = ((oc * icPerGroup) + icg) * kSize;
                                for (int a = 0; a < kd; a++)
                                {
                                    int sz = (z * strides[0]) - pads[0] + (a * dilations[0]);
                                    for (int b = 0; b < kh; b++)
                                    {
                                        int sy = (y * strides[1]) - pads[1] + (b * dilations[1]);
                                        for (int e = 0; e < kw; e++)
                                        {
                                            int sx = (x * strides[2]) - pads[2] + (e * dilations[2]);

                                            // Padding holds the zero point, so it contributes nothing.
                                            if ((uint)sz < (uint)id && (uint)sy < (uint)ih && (uint)sx < (uint)iw)
                                            {
                                                int xv = int.CreateTruncating(input[xBase + (((sz * ih) + sy) * iw) + sx]) - xz;
                                                int wv = int.CreateTruncating(weights[wBase + (((a * kh) + b) * kw) + e]) - wz;
                                                acc += xv * wv;
                                            }
                                        }
                                    }
                                }
                            }

                            if (requantize)
                            {
                                acc += bias.IsEmpty ? 0 : bias[oc];
                                quantized[o] = Saturate<TY>(MathF.Round(acc * multiplier, MidpointRounding.ToEven) + yz);
                            }
                            else
                            {
                                accumulated[o] = acc;
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Batched integer matrix product: for each batch b, A at aOffsets[b] (M×K) times B at bOffsets[b] (K×N):
    /// acc = Σ (a - aZeroPoint[row])·(b - bZeroPoint[column]). With <paramref name="requantize"/> (QLinearMatMul)
    /// the result is saturate(round(acc · aScale·bScale / yScale) + yZeroPoint) into <paramref name="quantized"/>,
    /// else acc goes to <paramref name="accumulated"/> (MatMulInteger). Per-row and per-column zero points
    /// and scales have M and N elements; per-tensor ones one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MatMul<TA, TB, TY>(
        ReadOnlySpan<TA> a,
        ReadOnlySpan<TA> aZeroPoint,
        ReadOnlySpan<TB> b,
        ReadOnlySpan<TB> bZeroPoint,
        Span<int> accumulated,
        ReadOnlySpan<float> aScale,
        ReadOnlySpan<float> bScale,
        ReadOnlySpan<float> outputScale,
        ReadOnlySpan<TY> outputZeroPoint,
        Span<TY> quantized,
        ReadOnlySpan<int> aOffsets,
        ReadOnlySpan<int> bOffsets,
        int m,
        int n,
        int k,
        bool requantize)
        where TA : unmanaged, IBinaryInteger<TA>
        where TB : unmanaged, IBinaryInteger<TB>
        where TY : unmanaged, IBinaryInteger<TY>
    {
        int yz = requantize && !outputZeroPoint.IsEmpty ? int.CreateTruncating(outputZeroPoint[0]) : 0;
        for (int batch = 0; batch < aOffsets.Length; batch++)
        {
            ReadOnlySpan<TA> am = a.Slice(aOffsets[batch], m * k);
            ReadOnlySpan<TB> bm = b.Slice(bOffsets[batch], k * n);
            int yBase = batch * m * n;
            for (int i = 0; i < m; i++)
            {
                int az = aZeroPoint.IsEmpty ? 0 : int.CreateTruncating(aZeroPoint[aZeroPoint.Length == 1 ? 0 : i]);
                for (int j = 0; j < n; j++)
                {
                    int bz = bZeroPoint.IsEmpty ? 0 : int.CreateTruncating(bZeroPoint[bZeroPoint.Length == 1 ? 0 : j]);
                    int acc = 0;
                    for (int p = 0; p < k; p++)
                    {
                        acc += (int.CreateTruncating(am[(i * k) + p]) - az) * (int.CreateTruncating(bm[(p * n) + j]) - bz);
                    }

                    if (requantize)
                    {
                        float multiplier = aScale[aScale.Length == 1 ? 0 : i] * bScale[bScale.Length == 1 ? 0 : j] / outputScale[0];
                        quantized[yBase + (i * n) + j] = Saturate<TY>(MathF.Round(acc * multiplier, MidpointRounding.ToEven) + yz);
                    }
                    else
                    {
                        accumulated[yBase + (i * n) + j] = acc;
                    }
                }
            }
        }
    }

    private static T Saturate<T>(float v)
        where T : unmanaged, IBinaryInteger<T> =>
        float.IsNaN(v) ? T.Zero : T.CreateSaturating(v);
}
