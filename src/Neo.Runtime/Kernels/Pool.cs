using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using Neo.Runtime.Threading;

namespace Neo.Runtime.Kernels;

/// <summary>
/// Pooling kernels over NCHW planes (<c>planes</c> = N·C), the planes split across the model's threads. Max pooling
/// over small planes runs 16 planes at a time as vectors over the channels (AVX-512); otherwise, without dilation and
/// with stride width 1 or 2, it is separable on vectors (the window's rows, then its columns, over rows with −∞
/// borders); with dilation it runs on vectors along the output row (stride 2 on the plane split into even and odd
/// columns, as the depthwise convolution does), and windows that reach into the padding run scalar. Average pooling
/// is separable the same way.
/// </summary>
public static unsafe class Pool
{
    /// <summary>
    /// 2-D max pooling; padding never wins (it counts as -∞). The planes are split across <paramref name="team"/>
    /// (a pool of at least <see cref="ThreadTeam.ParallelElements"/> input elements).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Max2D(
        ThreadTeam team,
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
        if (input.Length < (long)planes * inPlane || output.Length < (long)planes * outPlane)
        {
            throw new ArgumentException("NEO3020: a pooling operand is shorter than its shape needs.");
        }

        var s = new ConvShape(1, 1, inHeight, inWidth, 1, outHeight, outWidth, kernelHeight, kernelWidth, strideHeight, strideWidth, padTop, padLeft, dilationHeight, dilationWidth, 1);
        fixed (float* px = input, py = output)
        {
            var job = new MaxJob { X = px, Y = py, Shape = s, Planes = planes };
            int parts = planes;
            if (kernelHeight == 2 && kernelWidth == 2 && strideHeight == 2 && strideWidth == 2 && dilationHeight == 1 && dilationWidth == 1
                && padTop == 0 && padLeft == 0 && 2 * outHeight <= inHeight && 2 * outWidth <= inWidth)
            {
                // The common 2×2 stride-2 pool with every window inside the plane: no taps to set up, no padding to skip.
                job.Kind = MaxJob.TwoByTwo;
            }
            else if (UsesChannels16(s, planes))
            {
                // Small planes 16 at a time, as vectors over the channels.
                job.Kind = MaxJob.Channels16;
                parts = (planes + 15) / 16;
            }
            else if (dilationHeight == 1 && dilationWidth == 1 && (strideWidth == 1 || (strideWidth == 2 && Avx2.IsSupported)) && Vector256.IsHardwareAccelerated)
            {
                // Separable: the column maximum of the window's rows, then the row maximum of kernelWidth columns.
                job.Kind = MaxJob.Separable;
                job.RowLength = Math.Max(((outWidth - 1) * strideWidth) + kernelWidth, padLeft + inWidth) + 16;
            }

            team.Run(parts, (long)planes * inPlane, ref job);
        }
    }

    private partial struct MaxJob : IParallelJob
    {
        public const int General = 0, TwoByTwo = 1, Separable = 2, Channels16 = 3;
        public float* X, Y;
        public ConvShape Shape;
        public int Kind, RowLength, Planes;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Execute(int start, int end)
        {
            ConvShape s = Shape;
#if NET9_0_OR_GREATER
            if (Kind == Channels16)
            {
                ExecuteChannels16(start, end);
                return;
            }
#endif

            long inPlane = s.InPlane, outPlane = (long)s.OutHeight * s.OutWidth;
            // Each thread's own row buffers (the workspace is per thread).
            // Separable: a row of column maxima per output row (their borders −∞ for every plane), then one output row.
            float* buffers = Kind == Separable ? Workspace.Get(0, (s.OutHeight + 1L) * RowLength) : null;
            if (Kind == Separable)
            {
                new Span<float>(buffers, s.OutHeight * RowLength).Fill(float.NegativeInfinity);
            }

            for (int p = start; p < end; p++)
            {
                float* x = X + (p * inPlane), y = Y + (p * outPlane);
                switch (Kind)
                {
                    case TwoByTwo:
                        MaxPlane2x2(x, y, s.InWidth, s.OutHeight, s.OutWidth);
                        break;
                    case Separable:
                        MaxPlaneSeparable(x, y, s, buffers, buffers + ((long)s.OutHeight * RowLength), RowLength);
                        break;
                    default:
                        MaxPlane(x, y, s);
                        break;
                }
            }
        }
    }

    /// <summary>Max pools 16 planes at a time (<c>MaxChannels16</c>); a switch for same-process comparisons.</summary>
    internal static bool ChannelBlocks = true;

    /// <summary>The largest input plane <c>MaxChannels16</c> takes (its padded copy, 64 bytes a pixel, stays in L2).</summary>
    private const int MaxChannelBlockPixels = 28 * 28;

    /// <summary>Whether a max pool of this shape (not the 2×2 stride-2 one, which has its own kernel) takes <c>MaxChannels16</c>.</summary>
    private static bool UsesChannels16(ConvShape s, int planes)
    {
#if NET9_0_OR_GREATER
        return ChannelBlocks && Avx512F.IsSupported && GemmTiles.Width >= 512 && planes >= 16 && s.DilationHeight == 1 && s.DilationWidth == 1
            && s.InPlane <= MaxChannelBlockPixels;
#else
        return false;
#endif
    }

#if NET9_0_OR_GREATER
    private partial struct MaxJob
    {
        /// <summary>Groups of 16 planes <paramref name="start"/> to <paramref name="end"/>.</summary>
        private readonly void ExecuteChannels16(int start, int end)
        {
            ConvShape s = Shape;
            int paddedHeight = ((s.OutHeight - 1) * s.StrideHeight) + s.KernelHeight;
            int paddedWidth = ((s.OutWidth - 1) * s.StrideWidth) + s.KernelWidth;
            int paddedFloats = paddedHeight * paddedWidth * 16;
            var padded = (Vector512<float>*)Workspace.Get(0, paddedFloats);
            var outputs = (Vector512<float>*)Workspace.Get(1, (((long)s.OutHeight * s.OutWidth) + 15) * 16);

            // The borders stay −∞ (padding never wins): every group writes the same interior positions.
            new Span<float>(padded, paddedFloats).Fill(float.NegativeInfinity);
            long outPlane = (long)s.OutHeight * s.OutWidth;
            for (int g = start; g < end; g++)
            {
                int p = g * 16;
                MaxChannels16(X + ((long)p * s.InPlane), Y + (p * outPlane), Math.Min(16, Planes - p), s, paddedHeight, paddedWidth, padded, outputs);
            }
        }
    }

    /// <summary>
    /// A max pool over up to 16 planes at once, as DepthwiseChannels16 does convolutions: the planes transposed in
    /// registers into one −∞-bordered plane of 16-channel vectors, each output pixel the maximum of its window's vectors
    /// (3-wide windows keep their column maxima in registers as they slide along the row), transposed back. One plane
    /// at a time, a 7×7 or 14×14 plane cost more in per-row work and short vectors than in maxima.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MaxChannels16(float* x, float* y, int count, ConvShape s, int paddedHeight, int paddedWidth, Vector512<float>* padded, Vector512<float>* outputs)
    {
        int outPlane = s.OutHeight * s.OutWidth;
        Conv.PlanesToPadded(x, count, s, paddedHeight, paddedWidth, padded);

        int oh = s.OutHeight, ow = s.OutWidth, sh = s.StrideHeight, sw = s.StrideWidth, kh = s.KernelHeight, kw = s.KernelWidth;
        for (int r = 0; r < oh; r++)
        {
            Vector512<float>* top = padded + (r * sh * paddedWidth);
            Vector512<float>* o = outputs + (r * ow);
            if (kw == 3 && sw <= 2)
            {
                // Column maxima of the window's rows, reused as the window slides: 2 + (kh - 1)·sw maxima per output.
                Vector512<float> c0 = Column(top, kh, paddedWidth), c1 = Column(top + 1, kh, paddedWidth);
                for (int q = 0; q < ow; q++)
                {
                    Vector512<float>* col = top + (q * sw);
                    Vector512<float> c2 = Column(col + 2, kh, paddedWidth);
                    o[q] = Max(Max(c0, c1), c2);
                    if (sw == 1)
                    {
                        c0 = c1;
                        c1 = c2;
                    }
                    else if (q + 1 < ow)
                    {
                        c0 = c2;
                        c1 = Column(col + 3, kh, paddedWidth);
                    }
                }

                continue;
            }

            for (int q = 0; q < ow; q++)
            {
                Vector512<float>* w = top + (q * sw);
                Vector512<float> m = Column(w, kh, paddedWidth);
                for (int j = 1; j < kw; j++)
                {
                    m = Max(m, Column(w + j, kh, paddedWidth));
                }

                o[q] = m;
            }
        }

        for (int p0 = 0; p0 < outPlane; p0 += 16)
        {
            Conv.PixelsToPlanes(outputs + p0, Math.Min(16, outPlane - p0), y + p0, outPlane, count);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector512<float> Column(Vector512<float>* p, int rows, int stride)
        {
            Vector512<float> m = p[0];
            for (int i = 1; i < rows; i++)
            {
                m = Max(m, p[i * stride]);
            }

            return m;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector512<float> Max(Vector512<float> a, Vector512<float> b) => default(MaxOp).Apply(a, b);
    }
#endif

    /// <summary>NaN-propagating maximum (a NaN in either operand wins), as the scalar loop does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> MaxNaN(Vector256<float> m, Vector256<float> v) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(v, m) | ~Vector256.Equals(v, v), v, m);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float MaxNaN(float m, float v) => MaxNaN(Vector128.CreateScalarUnsafe(m), Vector128.CreateScalarUnsafe(v)).ToScalar();

    /// <summary>
    /// One plane of a max pool without dilation, stride width 1 or 2: for each output row, the maximum over the
    /// window's rows of every input column goes into a row of <paramref name="columns"/> (−∞ borders), then each
    /// output is the maximum of <c>kernelWidth</c> neighbours of that row (for stride 2, of every column, then the
    /// even ones picked by a shuffle). A 3×3 window costs four vector maxima per 8 outputs instead of nine, and the
    /// borders need no scalar path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MaxPlaneSeparable(float* x, float* y, ConvShape s, float* columns, float* row, int rowLength)
    {
        int w = s.InWidth, pl = s.PadLeft, ow = s.OutWidth;
        // Every output row's column maxima first, then the row maxima: read right after they were stored, the row pass's
        // unaligned loads each spanned two stores and waited for them (store-to-load forwarding fails).
        for (int oh = 0; oh < s.OutHeight; oh++)
        {
            float* c = columns + ((long)oh * rowLength) + pl;
            int ih0 = (oh * s.StrideHeight) - s.PadTop;
            int first = Math.Max(0, ih0), last = Math.Min(s.InHeight, ih0 + s.KernelHeight);
            if (first >= last)
            {
                new Span<float>(c, w).Fill(float.NegativeInfinity);
            }
            else
            {
                RowsReduce(x + ((long)first * w), w, last - first, c, w, default(MaxOp));
            }
        }

        for (int oh = 0; oh < s.OutHeight; oh++)
        {
            RowMax(columns + ((long)oh * rowLength), y + ((long)oh * ow), row, s);
        }
    }

    /// <summary>One output row from its column maxima: the maximum of <c>kernelWidth</c> neighbours, every stride-th.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RowMax(float* column, float* yr, float* row, ConvShape s)
    {
        int kw = s.KernelWidth, sw = s.StrideWidth, ow = s.OutWidth;
        // Columns the row pass reads: stride-1 maxima at 0 .. span - 1.
        int span = ((ow - 1) * sw) + 1;
        float* dst = sw == 1 ? yr : row;
        // Row maximum of kw neighbours: the same reduction as the column pass, over rows one float apart.
        RowsReduce(column, 1, kw, dst, span, default(MaxOp));
        if (sw == 2)
        {
            // Output o = row[2o]: two vectors of 8 give 8 outputs (even lanes, then the 64-bit halves in order).
            // The last vector overlaps the one before; under 8 outputs, one at a time.
            for (int o = 0; ow >= 8; o = Math.Min(o + 8, ow - 8))
            {
                Vector256<float> even = Avx.Shuffle(Vector256.Load(row + (2 * o)), Vector256.Load(row + (2 * o) + 8), 0x88);
                Avx2.Permute4x64(even.AsDouble(), 0xD8).AsSingle().Store(yr + o);
                if (o == ow - 8)
                {
                    break;
                }
            }

            for (int o = 0; o < ow && ow < 8; o++)
            {
                yr[o] = row[2 * o];
            }
        }
    }

    /// <summary>
    /// dst[j] = op over r &lt; <paramref name="rows"/> of x[r·stride + j], j &lt; n: 16 columns at a time on AVX-512,
    /// 8 on 256-bit vectors, the last vector overlapping the one before (dst is not x), 4 at a time for rows under 8,
    /// scalar under 4.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RowsReduce<TOp>(float* x, int stride, int rows, float* dst, int n, TOp op)
        where TOp : struct, IPoolOp
    {
        if (n >= 16 && Vector512.IsHardwareAccelerated)
        {
            for (int j = 0; ; j = Math.Min(j + 16, n - 16))
            {
                Vector512<float> m = Vector512.Load(x + j);
                for (int r = 1; r < rows; r++)
                {
                    m = op.Apply(m, Vector512.Load(x + ((long)r * stride) + j));
                }

                m.Store(dst + j);
                if (j == n - 16)
                {
                    return;
                }
            }
        }

        if (n >= 8)
        {
            for (int j = 0; ; j = Math.Min(j + 8, n - 8))
            {
                Vector256<float> m = Vector256.Load(x + j);
                for (int r = 1; r < rows; r++)
                {
                    m = op.Apply(m, Vector256.Load(x + ((long)r * stride) + j));
                }

                m.Store(dst + j);
                if (j == n - 8)
                {
                    return;
                }
            }
        }

        if (n >= 4)
        {
            for (int j = 0; ; j = Math.Min(j + 4, n - 4))
            {
                Vector128<float> m = Vector128.Load(x + j);
                for (int r = 1; r < rows; r++)
                {
                    m = op.Apply(m, Vector128.Load(x + ((long)r * stride) + j));
                }

                m.Store(dst + j);
                if (j == n - 4)
                {
                    return;
                }
            }
        }

        for (int j = 0; j < n; j++)
        {
            float m = x[j];
            for (int r = 1; r < rows; r++)
            {
                m = op.Apply(m, x[((long)r * stride) + j]);
            }

            dst[j] = m;
        }
    }

    /// <summary>The reduction of a separable pool's row and column passes.</summary>
    private interface IPoolOp
    {
        Vector512<float> Apply(Vector512<float> a, Vector512<float> b);

        Vector256<float> Apply(Vector256<float> a, Vector256<float> b);

        Vector128<float> Apply(Vector128<float> a, Vector128<float> b);

        float Apply(float a, float b);
    }

    /// <summary>NaN-propagating maximum: a NaN in either operand wins.</summary>
    private struct MaxOp : IPoolOp
    {
        // On x86, MAXPS returns its second operand when either is NaN, so only a NaN already in m needs keeping.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<float> Apply(Vector512<float> m, Vector512<float> v) => Avx512F.IsSupported
            ? Vector512.ConditionalSelect(~Vector512.Equals(m, m), m, Avx512F.Max(m, v))
            : Vector512.ConditionalSelect(Vector512.GreaterThan(v, m) | ~Vector512.Equals(v, v), v, m);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<float> Apply(Vector256<float> m, Vector256<float> v) => Avx.IsSupported
            ? Vector256.ConditionalSelect(~Vector256.Equals(m, m), m, Avx.Max(m, v))
            : MaxNaN(m, v);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<float> Apply(Vector128<float> m, Vector128<float> v) => MaxNaN(m, v);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Apply(float m, float v) => MaxNaN(m, v);
    }

    private struct SumOp : IPoolOp
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<float> Apply(Vector512<float> a, Vector512<float> b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<float> Apply(Vector256<float> a, Vector256<float> b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<float> Apply(Vector128<float> a, Vector128<float> b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Apply(float a, float b) => a + b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> MaxNaN(Vector128<float> m, Vector128<float> v) =>
        Vector128.ConditionalSelect(Vector128.GreaterThan(v, m) | ~Vector128.Equals(v, v), v, m);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MaxPlane(float* x, float* y, ConvShape s)
    {
        int kw = s.KernelWidth;
        bool vector = Vector256.IsHardwareAccelerated && (s.StrideWidth == 1 || s.StrideWidth == 2) && kw <= 16;
        int lo = s.OutWidth, hi = s.OutWidth;
        float** planes = stackalloc float*[16];
        int* widths = stackalloc int[16];
        int* shifts = stackalloc int[16];
        if (vector)
        {
            Conv.ColumnTaps(x, s, planes, widths, shifts, out lo, out hi);
        }

        for (int oh = 0; oh < s.OutHeight; oh++)
        {
            float* yr = y + (oh * s.OutWidth);
            int ow = lo;
            if (vector && hi - lo >= 8)
            {
                // The last vector overlaps the one before rather than leave a scalar tail: output is not input, so writing twice is harmless.
                for (int next = lo; next < hi; next = ow + 8 < hi && ow + 16 > hi ? hi - 8 : ow + 8)
                {
                    ow = next;
                    Vector256<float> m = Vector256.Create(float.NegativeInfinity);
                    for (int i = 0; i < s.KernelHeight; i++)
                    {
                        int ih = (oh * s.StrideHeight) - s.PadTop + (i * s.DilationHeight);
                        if ((uint)ih >= (uint)s.InHeight)
                        {
                            continue;
                        }

                        for (int j = 0; j < kw; j++)
                        {
                            Vector256<float> v = Vector256.Load(planes[j] + (ih * widths[j]) + ow + shifts[j]);
                            // NaN wins, as in the scalar loop.
                            m = Vector256.ConditionalSelect(Vector256.GreaterThan(v, m) | ~Vector256.Equals(v, v), v, m);
                        }
                    }

                    m.Store(yr + ow);
                }

                ow = hi;
            }

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

                yr[o] = MaxPoint(x, oh, o, s);
            }
        }
    }

    /// <summary>
    /// 2×2 stride-2 max pooling of one plane: the vertical max of two input rows, then the max of each even column
    /// and the odd column after it, 8 (or 4) outputs per step from vectors of the row pair split into evens and
    /// odds. The last step of a row overlaps the one before rather than leave a scalar tail.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MaxPlane2x2(float* x, float* y, int inWidth, int outHeight, int outWidth)
    {
        for (int oh = 0; oh < outHeight; oh++)
        {
            float* r0 = x + (2 * oh * inWidth), r1 = r0 + inWidth;
            float* yr = y + (oh * outWidth);
            int ow = 0;
            if (Avx.IsSupported && outWidth >= 8)
            {
                for (int next = 0; next < outWidth; next = ow + 8 < outWidth && ow + 16 > outWidth ? outWidth - 8 : ow + 8)
                {
                    ow = next;
                    Vector256<float> lo = Max(Vector256.Load(r0 + (2 * ow)), Vector256.Load(r1 + (2 * ow)));
                    Vector256<float> hi = Max(Vector256.Load(r0 + (2 * ow) + 8), Vector256.Load(r1 + (2 * ow) + 8));
                    // Within each 128-bit lane: lo's evens, hi's evens (and odds); the 64-bit permute puts them in order.
                    Vector256<float> m = Max(Avx.Shuffle(lo, hi, 0x88), Avx.Shuffle(lo, hi, 0xDD));
                    Avx2.Permute4x64(m.AsDouble(), 0xD8).AsSingle().Store(yr + ow);
                }

                continue;
            }

            if (Sse.IsSupported && outWidth >= 4)
            {
                for (int next = 0; next < outWidth; next = ow + 4 < outWidth && ow + 8 > outWidth ? outWidth - 4 : ow + 4)
                {
                    ow = next;
                    Vector128<float> lo = Max(Vector128.Load(r0 + (2 * ow)), Vector128.Load(r1 + (2 * ow)));
                    Vector128<float> hi = Max(Vector128.Load(r0 + (2 * ow) + 4), Vector128.Load(r1 + (2 * ow) + 4));
                    Max(Sse.Shuffle(lo, hi, 0x88), Sse.Shuffle(lo, hi, 0xDD)).Store(yr + ow);
                }

                continue;
            }

            if (AdvSimd.Arm64.IsSupported && outWidth >= 4)
            {
                for (int next = 0; next < outWidth; next = ow + 4 < outWidth && ow + 8 > outWidth ? outWidth - 4 : ow + 4)
                {
                    ow = next;
                    Vector128<float> lo = Max(Vector128.Load(r0 + (2 * ow)), Vector128.Load(r1 + (2 * ow)));
                    Vector128<float> hi = Max(Vector128.Load(r0 + (2 * ow) + 4), Vector128.Load(r1 + (2 * ow) + 4));
                    Max(AdvSimd.Arm64.UnzipEven(lo, hi), AdvSimd.Arm64.UnzipOdd(lo, hi)).Store(yr + ow);
                }

                continue;
            }

            for (; ow < outWidth; ow++)
            {
                float* a = r0 + (2 * ow), b = r1 + (2 * ow);
                yr[ow] = Max(Max(a[0], a[1]), Max(b[0], b[1]));
            }
        }
    }

    /// <summary>The larger of two values; NaN wins, as in <see cref="MaxPoint"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Max(float a, float b) => a > b || float.IsNaN(a) ? a : b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Max(Vector256<float> a, Vector256<float> b) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(a, b) | ~Vector256.Equals(a, a), a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Max(Vector128<float> a, Vector128<float> b) =>
        Vector128.ConditionalSelect(Vector128.GreaterThan(a, b) | ~Vector128.Equals(a, a), a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float MaxPoint(float* x, int oh, int ow, ConvShape s)
    {
        float m = float.NegativeInfinity;
        for (int kh = 0; kh < s.KernelHeight; kh++)
        {
            int ih = (oh * s.StrideHeight) - s.PadTop + (kh * s.DilationHeight);
            if ((uint)ih >= (uint)s.InHeight)
            {
                continue;
            }

            for (int kw = 0; kw < s.KernelWidth; kw++)
            {
                int iw = (ow * s.StrideWidth) - s.PadLeft + (kw * s.DilationWidth);
                if ((uint)iw >= (uint)s.InWidth)
                {
                    continue;
                }

                float v = x[(ih * s.InWidth) + iw];
                if (v > m || float.IsNaN(v))
                {
                    m = v;
                }
            }
        }

        return m;
    }

    /// <summary>
    /// 2-D average pooling. With <paramref name="countIncludePad"/> the divisor counts padding inside the
    /// padded extent (but not the extra cells ceil_mode adds past it), as ONNX specifies. Separable on vectors:
    /// the sum of the window's rows for every column (zeros past the edges), then of <c>kernelWidth</c> neighbours,
    /// divided by the window's count. The planes are split across <paramref name="team"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Average2D(
        ThreadTeam team,
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
        if (input.Length < (long)planes * inPlane || output.Length < (long)planes * outPlane)
        {
            throw new ArgumentException("NEO3020: a pooling operand is shorter than its shape needs.");
        }

        var s = new ConvShape(1, 1, inHeight, inWidth, 1, outHeight, outWidth, kernelHeight, kernelWidth, strideHeight, strideWidth, padTop, padLeft, 1, 1, 1);
        fixed (float* px = input, py = output)
        {
            var job = new AverageJob
            {
                X = px, Y = py, Shape = s, PadBottom = padBottom, PadRight = padRight, CountIncludePad = countIncludePad,
                RowLength = Math.Max(((outWidth - 1) * strideWidth) + kernelWidth, padLeft + inWidth) + 16,
            };
            team.Run(planes, (long)planes * inPlane, ref job);
        }
    }

    private struct AverageJob : IParallelJob
    {
        public float* X, Y;
        public ConvShape Shape;
        public int PadBottom, PadRight, RowLength;
        public bool CountIncludePad;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Execute(int start, int end)
        {
            ConvShape s = Shape;
            int ow = s.OutWidth, sw = s.StrideWidth, pl = s.PadLeft, w = s.InWidth, kw = s.KernelWidth;
            // column: the window rows' sums with zero borders; row: their kw-neighbour sums; counts: each output
            // column's share of the divisor (its columns inside the counted extent).
            float* column = Workspace.Get(0, (2L * RowLength) + ow);
            float* row = column + RowLength, counts = row + RowLength;
            new Span<float>(column, RowLength).Clear();
            for (int o = 0; o < ow; o++)
            {
                int w0 = (o * sw) - pl, w1 = Math.Min(w0 + kw, w + PadRight);
                counts[o] = CountIncludePad ? w1 - w0 : Math.Min(w1, w) - Math.Max(w0, 0);
            }

            int span = ((ow - 1) * sw) + 1;
            long inPlane = s.InPlane, outPlane = (long)s.OutHeight * ow;
            for (int p = start; p < end; p++)
            {
                float* x = X + (p * inPlane), y = Y + (p * outPlane);
                for (int oh = 0; oh < s.OutHeight; oh++)
                {
                    int h0 = (oh * s.StrideHeight) - s.PadTop, h1 = Math.Min(h0 + s.KernelHeight, s.InHeight + PadBottom);
                    int first = Math.Max(h0, 0), last = Math.Min(h1, s.InHeight);
                    if (first >= last)
                    {
                        new Span<float>(column + pl, w).Clear();
                    }
                    else
                    {
                        RowsReduce(x + ((long)first * w), w, last - first, column + pl, w, default(SumOp));
                    }

                    RowsReduce(column, 1, kw, row, span, default(SumOp));
                    DivideRow(row, sw, CountIncludePad ? h1 - h0 : last - first, counts, y + ((long)oh * ow), ow);
                }
            }
        }
    }

    /// <summary>
    /// y[o] = row[o·sw] / (rows · counts[o]), 0 for a window that counts nothing: 8 outputs at a time for stride 1
    /// and 2 (the even columns picked by a shuffle, as the max pool does), the last vector overlapping the one before.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DivideRow(float* row, int sw, float rows, float* counts, float* y, int ow)
    {
        if (ow >= 8 && ((sw == 1 && Vector256.IsHardwareAccelerated) || (sw == 2 && Avx2.IsSupported)))
        {
            Vector256<float> r = Vector256.Create(rows);
            for (int o = 0; ; o = Math.Min(o + 8, ow - 8))
            {
                Vector256<float> sums = sw == 1
                    ? Vector256.Load(row + o)
                    : Avx2.Permute4x64(Avx.Shuffle(Vector256.Load(row + (2 * o)), Vector256.Load(row + (2 * o) + 8), 0x88).AsDouble(), 0xD8).AsSingle();
                Vector256<float> c = r * Vector256.Load(counts + o);
                Vector256.ConditionalSelect(Vector256.GreaterThan(c, Vector256<float>.Zero), sums / c, Vector256<float>.Zero).Store(y + o);
                if (o == ow - 8)
                {
                    return;
                }
            }
        }

        for (int o = 0; o < ow; o++)
        {
            float count = rows * counts[o];
            y[o] = count > 0 ? row[o * sw] / count : 0f;
        }
    }

    /// <summary>Mean over each plane of <paramref name="spatial"/> elements; the planes split across <paramref name="team"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GlobalAverage(ThreadTeam team, ReadOnlySpan<float> input, Span<float> output, int planes, int spatial)
    {
        if (input.Length < (long)planes * spatial || output.Length < planes)
        {
            throw new ArgumentException("NEO3020: a pooling operand is shorter than its shape needs.");
        }

        fixed (float* x = input, y = output)
        {
            var job = new GlobalAverageJob { X = x, Y = y, Spatial = spatial };
            team.Run(planes, (long)planes * spatial, ref job);
        }
    }

    private struct GlobalAverageJob : IParallelJob
    {
        public float* X, Y;
        public int Spatial;

        public readonly void Execute(int start, int end)
        {
            for (int p = start; p < end; p++)
            {
                Y[p] = Sum(new ReadOnlySpan<float>(X + ((long)p * Spatial), Spatial)) / Spatial;
            }
        }
    }

    /// <summary>Max over each plane of <paramref name="spatial"/> elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    /// <summary>Σx on vectors (two 256-bit accumulators).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static float Sum(ReadOnlySpan<float> x)
    {
        ref float xs = ref MemoryMarshal.GetReference(x);
        nuint n = (nuint)x.Length, i = 0;
        float sum = 0f;
        if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            Vector256<float> s0 = Vector256<float>.Zero, s1 = Vector256<float>.Zero;
            for (; i + 16 <= n; i += 16)
            {
                s0 += Vector256.LoadUnsafe(ref xs, i);
                s1 += Vector256.LoadUnsafe(ref xs, i + 8);
            }

            for (; i + 8 <= n; i += 8)
            {
                s0 += Vector256.LoadUnsafe(ref xs, i);
            }

            sum = Vector256.Sum(s0 + s1);
        }

        for (; i < n; i++)
        {
            sum += Unsafe.Add(ref xs, i);
        }

        return sum;
    }
}
