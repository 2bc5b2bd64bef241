using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Neo.Runtime.Threading;

namespace Neo.Runtime.Kernels;

/// <summary>
/// Direct depthwise convolution (one input channel per output channel), any kernel size, stride 1 and 2
/// vectorized along the output row. Stride 2 first splits each input plane into its even and odd columns,
/// so every kernel tap becomes a contiguous load. Borders, where a tap falls in the padding, run scalar.
/// </summary>
public static unsafe partial class Conv
{
    /// <summary>
    /// Depthwise 2-D convolution: weights [channels, 1, kernelHeight, kernelWidth] in ONNX layout (no packing);
    /// y = epilogue(conv + bias[channel] + residual[i]). <paramref name="bias"/> and <paramref name="residual"/> may be empty.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Depthwise2D<TEpilogue>(
        ThreadTeam team,
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> weights,
        ReadOnlySpan<float> bias,
        Span<float> output,
        int batch,
        int channels,
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
        int dilationWidth,
        ReadOnlySpan<float> residual,
        TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        var shape = new ConvShape(batch, channels, inHeight, inWidth, channels, outHeight, outWidth, kernelHeight, kernelWidth, strideHeight, strideWidth, padTop, padLeft, dilationHeight, dilationWidth, channels);
        if (input.Length < (long)batch * channels * inHeight * inWidth || output.Length < shape.OutputLength
            || weights.Length < channels * kernelHeight * kernelWidth || (!bias.IsEmpty && bias.Length < channels)
            || (!residual.IsEmpty && residual.Length < shape.OutputLength))
        {
            throw new ArgumentException("NEO3020: a depthwise convolution operand is shorter than its shape needs.");
        }

        fixed (float* px = input, pw = weights, pb = bias, py = output, pr = residual)
        {
            var job = new DepthwiseJob<TEpilogue> { Shape = shape, X = px, W = pw, Bias = pb, Y = py, Residual = pr, Epilogue = epilogue };
            int planes = batch * channels;
            if (team.Threads == 1 || shape.Macs < Gemm.ParallelMacs)
            {
                job.Execute(0, planes);
            }
            else
            {
                team.Run(planes, ref job);
            }
        }
    }

    private struct DepthwiseJob<TEpilogue> : IParallelJob
        where TEpilogue : struct, IUnaryOperator
    {
        public ConvShape Shape;
        public float* X, W, Bias, Y, Residual;
        public TEpilogue Epilogue;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Execute(int start, int end)
        {
            ConvShape s = Shape;
            int taps = s.KernelHeight * s.KernelWidth;
            int outPlane = s.N;
            for (int p = start; p < end; p++)
            {
                int c = p % s.InChannels;
                DepthwisePlane(
                    X + ((long)p * s.InPlane),
                    W + (c * taps),
                    Bias == null ? 0f : Bias[c],
                    Y + ((long)p * outPlane),
                    Residual == null ? null : Residual + ((long)p * outPlane),
                    s,
                    Epilogue);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DepthwisePlane<TEpilogue>(float* x, float* w, float bias, float* y, float* residual, ConvShape s, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        int kw = s.KernelWidth;
        bool vector = (Vector256.IsHardwareAccelerated || Vector128.IsHardwareAccelerated) && (s.StrideWidth == 1 || s.StrideWidth == 2) && kw <= 16;
        int lo = s.OutWidth, hi = s.OutWidth;
        float** planes = stackalloc float*[16];
        int* widths = stackalloc int[16];
        int* shifts = stackalloc int[16];
        if (vector)
        {
            ColumnTaps(x, s, planes, widths, shifts, out lo, out hi);
        }

        for (int oh = 0; oh < s.OutHeight; oh++)
        {
            float* yr = y + (oh * s.OutWidth);
            float* rr = residual == null ? null : residual + (oh * s.OutWidth);
            int ow = lo;
            if (vector)
            {
                if (Vector256.IsHardwareAccelerated && hi - lo >= 8)
                {
                    // Four independent accumulators: one chain of kernelHeight·kernelWidth dependent multiply-adds
                    // would wait on the FMA latency at every tap.
                    int start = lo;
                    for (; start + 32 <= hi; start += 32)
                    {
                        DepthwiseRow4(planes, widths, shifts, w, bias, yr, rr, oh, start, s, epilogue);
                    }

                    // The last vector overlaps the one before rather than leave a scalar tail (the output is not the input).
                    for (int next = start == hi ? hi : Math.Min(start, hi - 8); next < hi; next = ow + 8 < hi && ow + 16 > hi ? hi - 8 : ow + 8)
                    {
                        ow = next;
                        Vector256<float> acc = Vector256.Create(bias);
                        for (int i = 0; i < s.KernelHeight; i++)
                        {
                            int ih = (oh * s.StrideHeight) - s.PadTop + (i * s.DilationHeight);
                            if ((uint)ih >= (uint)s.InHeight)
                            {
                                continue;
                            }

                            for (int j = 0; j < kw; j++)
                            {
                                float* src = planes[j] + (ih * widths[j]) + ow + shifts[j];
                                acc = VectorMath.MultiplyAdd(Vector256.Create(w[(i * kw) + j]), Vector256.Load(src), acc);
                            }
                        }

                        if (rr != null)
                        {
                            acc += Vector256.Load(rr + ow);
                        }

                        epilogue.Invoke(acc).Store(yr + ow);
                    }

                    ow = hi;
                }

                for (; ow + 4 <= hi; ow += 4)
                {
                    Vector128<float> acc = Vector128.Create(bias);
                    for (int i = 0; i < s.KernelHeight; i++)
                    {
                        int ih = (oh * s.StrideHeight) - s.PadTop + (i * s.DilationHeight);
                        if ((uint)ih >= (uint)s.InHeight)
                        {
                            continue;
                        }

                        for (int j = 0; j < kw; j++)
                        {
                            float* src = planes[j] + (ih * widths[j]) + ow + shifts[j];
                            acc = VectorMath.MultiplyAdd(Vector128.Create(w[(i * kw) + j]), Vector128.Load(src), acc);
                        }
                    }

                    if (rr != null)
                    {
                        acc += Vector128.Load(rr + ow);
                    }

                    epilogue.Invoke(acc).Store(yr + ow);
                }
            }

            // Scalar: the left border, the right border and whatever the vectors left over.
            for (int o = 0; o < s.OutWidth; o++)
            {
                if (o == lo)
                {
                    o = ow;
                    if (o >= s.OutWidth)
                    {
                        break;
                    }
                }

                yr[o] = DepthwisePoint(x, w, bias, rr == null ? 0f : rr[o], oh, o, s, epilogue);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DepthwiseRow4<TEpilogue>(float** planes, int* widths, int* shifts, float* w, float bias, float* yr, float* rr, int oh, int ow, ConvShape s, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        Vector256<float> a0 = Vector256.Create(bias), a1 = a0, a2 = a0, a3 = a0;
        int kw = s.KernelWidth;
        for (int i = 0; i < s.KernelHeight; i++)
        {
            int ih = (oh * s.StrideHeight) - s.PadTop + (i * s.DilationHeight);
            if ((uint)ih >= (uint)s.InHeight)
            {
                continue;
            }

            for (int j = 0; j < kw; j++)
            {
                float* src = planes[j] + (ih * widths[j]) + ow + shifts[j];
                Vector256<float> wv = Vector256.Create(w[(i * kw) + j]);
                a0 = VectorMath.MultiplyAdd(wv, Vector256.Load(src), a0);
                a1 = VectorMath.MultiplyAdd(wv, Vector256.Load(src + 8), a1);
                a2 = VectorMath.MultiplyAdd(wv, Vector256.Load(src + 16), a2);
                a3 = VectorMath.MultiplyAdd(wv, Vector256.Load(src + 24), a3);
            }
        }

        if (rr != null)
        {
            a0 += Vector256.Load(rr + ow);
            a1 += Vector256.Load(rr + ow + 8);
            a2 += Vector256.Load(rr + ow + 16);
            a3 += Vector256.Load(rr + ow + 24);
        }

        epilogue.Invoke(a0).Store(yr + ow);
        epilogue.Invoke(a1).Store(yr + ow + 8);
        epilogue.Invoke(a2).Store(yr + ow + 16);
        epilogue.Invoke(a3).Store(yr + ow + 24);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float DepthwisePoint<TEpilogue>(float* x, float* w, float bias, float residual, int oh, int ow, ConvShape s, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        float acc = bias;
        for (int i = 0; i < s.KernelHeight; i++)
        {
            int ih = (oh * s.StrideHeight) - s.PadTop + (i * s.DilationHeight);
            if ((uint)ih >= (uint)s.InHeight)
            {
                continue;
            }

            for (int j = 0; j < s.KernelWidth; j++)
            {
                int iw = (ow * s.StrideWidth) - s.PadLeft + (j * s.DilationWidth);
                if ((uint)iw < (uint)s.InWidth)
                {
                    acc += w[(i * s.KernelWidth) + j] * x[(ih * s.InWidth) + iw];
                }
            }
        }

        return epilogue.Invoke(acc + residual);
    }

    /// <summary>
    /// Where each kernel column of a window row reads (stride 1 or 2): the plane (the input row, or its even or odd
    /// columns after <see cref="SplitColumns"/>), that plane's width and the column shift, so output column ow
    /// reads planes[j][ow + shifts[j]]. [lo, hi) are the output columns whose every tap is inside the row.
    /// </summary>
    internal static void ColumnTaps(float* x, ConvShape s, float** planes, int* widths, int* shifts, out int lo, out int hi)
    {
        float* even = x, odd = x;
        int evenWidth = s.InWidth, oddWidth = s.InWidth;
        if (s.StrideWidth == 2)
        {
            evenWidth = (s.InWidth + 1) / 2;
            oddWidth = s.InWidth / 2;
            even = Workspace.Get(2, (long)s.InHeight * (evenWidth + oddWidth));
            odd = even + ((long)s.InHeight * evenWidth);
            SplitColumns(x, s.InHeight, s.InWidth, even, odd);
        }

        lo = 0;
        hi = s.OutWidth;
        for (int j = 0; j < s.KernelWidth; j++)
        {
            int t = (j * s.DilationWidth) - s.PadLeft;
            if (s.StrideWidth == 1)
            {
                planes[j] = x;
                widths[j] = s.InWidth;
                shifts[j] = t;
            }
            else
            {
                int parity = t & 1;
                planes[j] = parity == 0 ? even : odd;
                widths[j] = parity == 0 ? evenWidth : oddWidth;
                shifts[j] = (t - parity) >> 1;
            }

            lo = Math.Max(lo, -shifts[j]);
            hi = Math.Min(hi, widths[j] - shifts[j]);
        }

        lo = Math.Min(lo, s.OutWidth);
        hi = Math.Max(hi, lo);
    }

    /// <summary>Splits each row into its even columns and its odd columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void SplitColumns(float* x, int height, int width, float* even, float* odd)
    {
        int evenWidth = (width + 1) / 2, oddWidth = width / 2;
        for (int r = 0; r < height; r++)
        {
            float* src = x + (r * width);
            float* e = even + (r * evenWidth);
            float* o = odd + (r * oddWidth);
            int i = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; i + 8 <= oddWidth; i += 8)
                {
                    Vector256<float> v0 = Vector256.Load(src + (2 * i));
                    Vector256<float> v1 = Vector256.Load(src + (2 * i) + 8);
                    Vector256<float> lowEven = Vector256.Shuffle(v0, Vector256.Create(0, 2, 4, 6, 0, 2, 4, 6));
                    Vector256<float> highEven = Vector256.Shuffle(v1, Vector256.Create(0, 2, 4, 6, 0, 2, 4, 6));
                    Vector256<float> lowOdd = Vector256.Shuffle(v0, Vector256.Create(1, 3, 5, 7, 1, 3, 5, 7));
                    Vector256<float> highOdd = Vector256.Shuffle(v1, Vector256.Create(1, 3, 5, 7, 1, 3, 5, 7));
                    Vector256.Create(lowEven.GetLower(), highEven.GetLower()).Store(e + i);
                    Vector256.Create(lowOdd.GetLower(), highOdd.GetLower()).Store(o + i);
                }
            }

            for (; i < oddWidth; i++)
            {
                e[i] = src[2 * i];
                o[i] = src[(2 * i) + 1];
            }

            if (evenWidth > oddWidth)
            {
                e[evenWidth - 1] = src[width - 1];
            }
        }
    }
}
