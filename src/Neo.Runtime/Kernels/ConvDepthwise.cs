using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using Neo.Runtime.Threading;

namespace Neo.Runtime.Kernels;

/// <summary>
/// Direct depthwise convolution (one input channel per output channel), any kernel size, stride and dilation.
/// Each input plane is first copied once into a zero-bordered workspace, split into stride phases (for stride 2:
/// even and odd rows times even and odd columns), so that every kernel tap of output (oh, ow) reads
/// phase[oh·width + ow + offset]: one flat, border-free loop over the whole plane with a constant offset per tap.
/// The flat rows are a little wider than the output rows (the padding columns); the few extra outputs are
/// computed and dropped when the rows are stored with the residual and the epilogue. Small planes (7×7, 14×14)
/// so run as full vectors like big ones, with no scalar borders.
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

        if (shape.OutputLength == 0)
        {
            return;
        }

        fixed (float* px = input, pw = weights, pb = bias, py = output, pr = residual)
        {
            var job = new DepthwiseJob<TEpilogue>
            {
                Shape = shape,
                Layout = new DepthwiseLayout(shape, GemmTiles.Width),
                X = px,
                W = pw,
                Bias = pb,
                Y = py,
                Residual = pr,
                Epilogue = epilogue,
            };
            long outputLength = shape.OutputLength;
            bool residualApart = pr == null || pr + outputLength <= py || py + outputLength <= pr;
            job.Rows = job.Layout.VectorWidth == 256 && outWidth >= 8 && residualApart;
            job.Stride2 = UsesStride2x3(shape) && (residualApart || pr == py);
            job.Channels16 = !job.Stride2 && UsesChannels16(shape, pr != null);
            job.PairRows = job.Rows && kernelHeight == 3 && kernelWidth == 3 && strideHeight == 1 && strideWidth == 1 && dilationHeight == 1 && dilationWidth == 1;
            job.QuadRows5x5 = job.Rows && kernelHeight == 5 && kernelWidth == 5 && strideHeight == 1 && strideWidth == 1 && dilationHeight == 1 && dilationWidth == 1;
            job.QuadRows5x5Stride2 = job.Rows && kernelHeight == 5 && kernelWidth == 5 && strideHeight == 2 && strideWidth == 2 && dilationHeight == 1 && dilationWidth == 1;
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
        public DepthwiseLayout Layout;
        public float* X, W, Bias, Y, Residual;
        public TEpilogue Epilogue;

        /// <summary>
        /// Rows are computed and stored in one pass, the last vector of a row overlapping the one before: needs
        /// 256-bit vectors, rows of at least 8 and a residual that is not the output (the overlap would re-read it).
        /// </summary>
        public bool Rows;

        /// <summary>3×3, stride 1, no dilation: two output rows per pass share the two input rows they both read.</summary>
        public bool PairRows;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly void Plane<TOp>(float* padded, nint* offsets, int taps, float* w, float b, float* y, float* r, ConvShape s, DepthwiseLayout g, TOp op)
            where TOp : struct, IUnaryOperator
        {
            if (s.OutWidth < 16 && g.Wide && DepthwiseWide && MaskedRows)
            {
                DepthwiseMaskedRows512(padded, offsets, taps, w, b, y, r, s.OutHeight, s.OutWidth, g.Width, op);
            }
            else if (taps == 9 && PairRows && s.OutWidth >= 16 && Vector512.IsHardwareAccelerated && DepthwiseWide)
            {
                DepthwiseRowPairs3x3Wide(padded, w, b, y, r, s.OutHeight, s.OutWidth, g.Width, op);
            }
            else if (taps == 9 && PairRows)
            {
                DepthwiseRowPairs3x3(padded, w, b, y, r, s.OutHeight, s.OutWidth, g.Width, op);
            }
            else if (taps == 9)
            {
                DepthwiseRows9(padded, offsets, w, b, y, r, s.OutHeight, s.OutWidth, g.Width, op);
            }
            else if (s.OutWidth >= 16 && g.Wide && DepthwiseWide && QuadRows5 && taps == 25 && s.KernelWidth == 5 && QuadRows5x5Stride2)
            {
                DepthwiseQuadRows5x5Stride2(padded, offsets, w, b, y, r, s.OutHeight, s.OutWidth, g.Width, op);
            }
            else if (s.OutWidth >= 16 && g.Wide && DepthwiseWide && QuadRows5 && taps == 25 && s.KernelWidth == 5 && QuadRows5x5)
            {
                DepthwiseQuadRows5x5(padded, offsets, w, b, y, r, s.OutHeight, s.OutWidth, g.Width, op);
            }
            else if (s.OutWidth >= 16 && g.Wide && DepthwiseWide)
            {
                DepthwiseRows512(padded, offsets, taps, w, b, y, r, s.OutHeight, s.OutWidth, g.Width, op);
            }
            else
            {
                DepthwiseRows(padded, offsets, taps, w, b, y, r, s.OutHeight, s.OutWidth, g.Width, op);
            }
        }

        /// <summary>5×5, stride 1, no dilation: four output rows per pass share the eight input rows they read.</summary>
        public bool QuadRows5x5;

        /// <summary>5×5, stride 2, no dilation: four output rows per pass share the phase rows they read.</summary>
        public bool QuadRows5x5Stride2;

        /// <summary>Small planes, 16 channels at a time (<c>DepthwiseChannels16</c>).</summary>
        public bool Channels16;

        /// <summary>3×3 stride 2 straight from the input rows (<c>DepthwiseStride2x3</c>): no phase copy.</summary>
        public bool Stride2;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Execute(int start, int end)
        {
            ConvShape s = Shape;
            if (Channels16)
            {
                ExecuteChannels16(start, end);
                return;
            }

#if NET9_0_OR_GREATER
            if (Stride2)
            {
                // Straight from the input: no bordered copy to prepare.
                for (int p = start; p < end; p++)
                {
                    int c = p % s.InChannels;
                    DepthwiseStride2x3(X + ((long)p * s.InPlane), W + (c * 9), Bias == null ? 0f : Bias[c], Y + ((long)p * s.N), Residual == null ? null : Residual + ((long)p * s.N), s, Epilogue);
                }

                return;
            }
#endif

            DepthwiseLayout g = Layout;
            int taps = s.KernelHeight * s.KernelWidth;
            int outPlane = s.N;
            float* padded = Workspace.Get(0, g.PaddedLength);
            float* flat = Workspace.Get(1, g.FlatLength);

            // Every plane of the call fills the same positions, so the borders are zeroed once here, not per plane.
            new Span<float>(padded, checked((int)g.PaddedLength)).Clear();
            nint* offsets = stackalloc nint[taps];
            g.TapOffsets(s, offsets);
            for (int p = start; p < end; p++)
            {
                int c = p % s.InChannels;
                FillPhases(X + ((long)p * s.InPlane), padded, s, g);
                if (Rows)
                {
                    float* y = Y + ((long)p * outPlane);
                    float* r = Residual == null ? null : Residual + ((long)p * outPlane);
                    float b = Bias == null ? 0f : Bias[c];
                    if (TEpilogue.IsCheap)
                    {
                        Plane(padded, offsets, taps, W + (c * taps), b, y, r, s, g, Epilogue);
                    }
                    else
                    {
                        // A costly epilogue (SiLU, HardSwish) inlined at each of the kernels' stores ran out of vector
                        // registers and spilled (a 3×3 plane with SiLU took three times as long as without): the plane
                        // is computed plain, then the epilogue runs over it while it is still in L1.
                        Plane(padded, offsets, taps, W + (c * taps), b, y, r, s, g, default(Identity));
                        Elementwise.Unary(new ReadOnlySpan<float>(y, outPlane), new Span<float>(y, outPlane), Epilogue);
                    }

                    continue;
                }

                DepthwiseFlat(padded, offsets, taps, W + (c * taps), Bias == null ? 0f : Bias[c], flat, g.Flat, g.VectorWidth, g.Wide);
                StoreRows(flat, Y + ((long)p * outPlane), Residual == null ? null : Residual + ((long)p * outPlane), s.OutHeight, s.OutWidth, g.Width, g.VectorWidth, Epilogue);
            }
        }

        private readonly void ExecuteChannels16(int start, int end)
        {
#if NET9_0_OR_GREATER
            ConvShape s = Shape;
            int paddedHeight = ((s.OutHeight - 1) * s.StrideHeight) + ((s.KernelHeight - 1) * s.DilationHeight) + 1;
            int paddedWidth = ((s.OutWidth - 1) * s.StrideWidth) + ((s.KernelWidth - 1) * s.DilationWidth) + 1;
            // Eight vectors of slack: the 8-pixel passes of the last row read up to 7 pixels past it.
            int paddedFloats = ((paddedHeight * paddedWidth) + 8) * 16;
            var padded = (Vector512<float>*)Workspace.Get(0, paddedFloats);
            var outputs = (Vector512<float>*)Workspace.Get(1, (((long)s.N + 15) & ~15L) * 16);

            // The borders stay zero: every block writes the same interior positions.
            new Span<float>(padded, paddedFloats).Clear();
            for (int p = start; p < end;)
            {
                int c = p % s.InChannels;
                int count = Math.Min(16, Math.Min(end - p, s.InChannels - c));
                DepthwiseChannels16(X + ((long)p * s.InPlane), W + ((long)c * s.KernelHeight * s.KernelWidth), Bias == null ? null : Bias + c, Y + ((long)p * s.N), count, s, paddedHeight, paddedWidth, padded, outputs, Epilogue);
                p += count;
            }
#else
            throw new PlatformNotSupportedException();
#endif
        }
    }

    /// <summary>
    /// The zero-padded copy of one input plane, split into strideHeight × strideWidth phases: phase (a, b) holds
    /// padded rows a, a + strideHeight, … and padded columns b, b + strideWidth, …, each phase <see cref="Width"/>
    /// wide and <see cref="PhaseHeight"/> high, one after the other.
    /// </summary>
    private readonly struct DepthwiseLayout
    {
        public DepthwiseLayout(ConvShape s, int vectorWidth)
        {
            int neededRows = ((s.OutHeight - 1) * s.StrideHeight) + ((s.KernelHeight - 1) * s.DilationHeight) + 1;
            int neededColumns = ((s.OutWidth - 1) * s.StrideWidth) + ((s.KernelWidth - 1) * s.DilationWidth) + 1;
            Width = (neededColumns + s.StrideWidth - 1) / s.StrideWidth;
            PhaseHeight = (neededRows + s.StrideHeight - 1) / s.StrideHeight;
            PhaseLength = (long)PhaseHeight * Width;
            Flat = checked(s.OutHeight * Width);
            VectorWidth = vectorWidth >= 256 && Vector256.IsHardwareAccelerated ? 256 : vectorWidth >= 128 && Vector128.IsHardwareAccelerated ? 128 : 0;
            Wide = vectorWidth >= 512 && Avx512F.IsSupported;

            // The vector loops round the flat length up to whole vectors (at most 32 floats more) and every tap's
            // offset lies inside the phases, so reads stay below the phases plus the flat length; that slack is
            // zeroed with the borders (no stale denormals in the dropped outputs).
            FlatLength = Flat + 32;
            PaddedLength = ((long)s.StrideHeight * s.StrideWidth * PhaseLength) + FlatLength;
        }

        /// <summary>Columns of every phase row and of every flat output row.</summary>
        public int Width { get; }

        public int PhaseHeight { get; }

        public long PhaseLength { get; }

        /// <summary>Output rows times <see cref="Width"/>: the outputs the flat loop computes.</summary>
        public int Flat { get; }

        public long FlatLength { get; }

        public long PaddedLength { get; }

        /// <summary>256, 128 or 0 (scalar): the vectors the loops use.</summary>
        public int VectorWidth { get; }

        /// <summary>AVX-512 for the plane copies (the kernel width allows 512 bits and the CPU has them).</summary>
        public bool Wide { get; }

        /// <summary>Where tap (i, j) reads for flat output 0; flat output q reads there plus q.</summary>
        public void TapOffsets(ConvShape s, nint* offsets)
        {
            for (int i = 0; i < s.KernelHeight; i++)
            {
                int row = i * s.DilationHeight;
                for (int j = 0; j < s.KernelWidth; j++)
                {
                    int column = j * s.DilationWidth;
                    long phase = ((long)(row % s.StrideHeight) * s.StrideWidth) + (column % s.StrideWidth);
                    offsets[(i * s.KernelWidth) + j] = (nint)((phase * PhaseLength) + ((long)(row / s.StrideHeight) * Width) + (column / s.StrideWidth));
                }
            }
        }
    }

    /// <summary>Copies one input plane into its phases; the borders were zeroed before and stay zero.</summary>
    /// <remarks>
    /// The phase and phase row of each input row are counted along rather than divided out, and rows are copied on
    /// whole vectors (512-bit where allowed) with the last one overlapping the one before, instead of integer
    /// divisions per row, scalar tails and halves joined through the stack: mobilenet_v2 1.037x, efficientnet_b0
    /// 1.023x in one process. Most of what is left is reading the source, which the previous layer left in L3.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FillPhases(float* x, float* padded, ConvShape s, DepthwiseLayout g)
    {
        int sh = s.StrideHeight, sw = s.StrideWidth, width = g.Width, pl = s.PadLeft;
        int phase = s.PadTop % sh, phaseRow = s.PadTop / sh;
        int copy = Math.Min(s.InWidth, width - pl);
        float* even = null, odd = null;
        int evenCount = 0, oddCount = 0;
        if (sw == 2)
        {
            // Input column 2k lands in phase column (pl + 2k) / 2 of phase (pl & 1); column 2k + 1 in the other.
            even = padded + ((pl & 1) * g.PhaseLength) + (pl >> 1);
            odd = padded + (((pl + 1) & 1) * g.PhaseLength) + ((pl + 1) >> 1);
            evenCount = Math.Min((s.InWidth + 1) / 2, width - (pl >> 1));
            oddCount = Math.Min(s.InWidth / 2, width - ((pl + 1) >> 1));
        }

        for (int r = 0; r < s.InHeight; r++)
        {
            if (phaseRow < g.PhaseHeight)
            {
                float* src = x + ((long)r * s.InWidth);
                long dst = ((long)phase * sw * g.PhaseLength) + ((long)phaseRow * width);
                if (sw == 1)
                {
                    CopyRow(src, padded + dst + pl, copy, g.VectorWidth, g.Wide);
                }
                else if (sw == 2)
                {
                    SplitRow(src, even + dst, odd + dst, evenCount, oddCount, g.VectorWidth, g.Wide);
                }
                else
                {
                    for (int column = 0; column < s.InWidth; column++)
                    {
                        int paddedColumn = column + pl;
                        if (paddedColumn / sw < width)
                        {
                            padded[dst + ((paddedColumn % sw) * g.PhaseLength) + (paddedColumn / sw)] = src[column];
                        }
                    }
                }
            }
            else if (sh == 1)
            {
                // No output reads this row, nor any later one.
                break;
            }

            if (++phase == sh)
            {
                phase = 0;
                phaseRow++;
            }
        }
    }

    /// <summary>
    /// dst[k] = src[k] for k &lt; count: rows are short (7 to 112 floats), too short to pay for a memmove call each.
    /// Whole vectors, the last one overlapping the one before (src and dst are different buffers).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void CopyRow(float* src, float* dst, int count, int vectorWidth, bool wide)
    {
        int k = 0;
        if (wide && count >= 16)
        {
            for (; k + 16 <= count; k += 16)
            {
                Vector512.Load(src + k).Store(dst + k);
            }

            if (k < count)
            {
                Vector512.Load(src + count - 16).Store(dst + count - 16);
            }

            return;
        }

        if (vectorWidth == 256 && count >= 8)
        {
            for (; k + 8 <= count; k += 8)
            {
                Vector256.Load(src + k).Store(dst + k);
            }

            if (k < count)
            {
                Vector256.Load(src + count - 8).Store(dst + count - 8);
            }

            return;
        }

        if (vectorWidth != 0 && count >= 4)
        {
            for (; k + 4 <= count; k += 4)
            {
                Vector128.Load(src + k).Store(dst + k);
            }

            if (k < count)
            {
                Vector128.Load(src + count - 4).Store(dst + count - 4);
            }

            return;
        }

        for (; k < count; k++)
        {
            dst[k] = src[k];
        }
    }

    /// <summary>even[k] = src[2k] for k &lt; evenCount, odd[k] = src[2k + 1] for k &lt; oddCount.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SplitRow(float* src, float* even, float* odd, int evenCount, int oddCount, int vectorWidth, bool wide)
    {
        int both = Math.Min(evenCount, oddCount);
        int k = 0;
        if (wide && both >= 16)
        {
            Vector512<int> evens = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
            Vector512<int> odds = Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
            for (; ; k += 16)
            {
                // The last 16 pairs overlap the ones before rather than leave a scalar tail.
                k = Math.Min(k, both - 16);
                Vector512<float> v0 = Vector512.Load(src + (2 * k)), v1 = Vector512.Load(src + (2 * k) + 16);
                Avx512F.PermuteVar16x32x2(v0, evens, v1).Store(even + k);
                Avx512F.PermuteVar16x32x2(v0, odds, v1).Store(odd + k);
                if (k + 16 >= both)
                {
                    k = both;
                    break;
                }
            }
        }
        else if (vectorWidth == 256 && Avx2.IsSupported && both >= 8)
        {
            Vector256<int> split = Vector256.Create(0, 2, 4, 6, 1, 3, 5, 7);
            for (; ; k += 8)
            {
                k = Math.Min(k, both - 8);
                Vector256<float> v0 = Avx2.PermuteVar8x32(Vector256.Load(src + (2 * k)), split);
                Vector256<float> v1 = Avx2.PermuteVar8x32(Vector256.Load(src + (2 * k) + 8), split);
                Avx.Permute2x128(v0, v1, 0x20).Store(even + k);
                Avx.Permute2x128(v0, v1, 0x31).Store(odd + k);
                if (k + 8 >= both)
                {
                    k = both;
                    break;
                }
            }
        }
        else if (vectorWidth != 0)
        {
            for (; k + 4 <= both; k += 4)
            {
                Vector128<float> v0 = Vector128.Load(src + (2 * k));
                Vector128<float> v1 = Vector128.Load(src + (2 * k) + 4);
                if (Sse.IsSupported)
                {
                    Sse.Shuffle(v0, v1, 0x88).Store(even + k);
                    Sse.Shuffle(v0, v1, 0xDD).Store(odd + k);
                }
                else if (AdvSimd.Arm64.IsSupported)
                {
                    AdvSimd.Arm64.UnzipEven(v0, v1).Store(even + k);
                    AdvSimd.Arm64.UnzipOdd(v0, v1).Store(odd + k);
                }
                else
                {
                    Vector128<float> lowEven = Vector128.Shuffle(v0, Vector128.Create(0, 2, 0, 2));
                    Vector128<float> highEven = Vector128.Shuffle(v1, Vector128.Create(0, 2, 0, 2));
                    Vector128<float> lowOdd = Vector128.Shuffle(v0, Vector128.Create(1, 3, 1, 3));
                    Vector128<float> highOdd = Vector128.Shuffle(v1, Vector128.Create(1, 3, 1, 3));
                    Vector128.Create(lowEven.GetLower(), highEven.GetLower()).Store(even + k);
                    Vector128.Create(lowOdd.GetLower(), highOdd.GetLower()).Store(odd + k);
                }
            }
        }

        for (int e = k; e < evenCount; e++)
        {
            even[e] = src[2 * e];
        }

        for (int o = k; o < oddCount; o++)
        {
            odd[o] = src[(2 * o) + 1];
        }
    }

    /// <summary>
    /// flat[q] = bias + Σ_t w[t]·padded[offsets[t] + q] for q &lt; count (vector paths: rounded up to whole vectors).
    /// Four independent accumulators per block, so the taps' multiply-adds do not wait on each other's latency.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DepthwiseFlat(float* padded, nint* offsets, int taps, float* w, float bias, float* flat, int count, int vectorWidth, bool wide)
    {
        if (vectorWidth == 256)
        {
            if (taps == 9)
            {
                DepthwiseFlat9(padded, offsets, w, bias, flat, count);
                return;
            }

            if (wide && DepthwiseWide)
            {
                // 512-bit vectors (7×7 planes of 5×5 kernels: 77 flat outputs in five vectors, not ten); the last one
                // ends at most 15 past the count, inside the flat slack.
                int r = 0;
                for (; r + 48 < count; r += 64)
                {
                    Vector512<float> a0 = Vector512.Create(bias), a1 = a0, a2 = a0, a3 = a0;
                    for (int t = 0; t < taps; t++)
                    {
                        float* src = padded + offsets[t] + r;
                        Vector512<float> wv = Vector512.Create(w[t]);
                        a0 = VectorMath.MultiplyAdd(wv, Vector512.Load(src), a0);
                        a1 = VectorMath.MultiplyAdd(wv, Vector512.Load(src + 16), a1);
                        a2 = VectorMath.MultiplyAdd(wv, Vector512.Load(src + 32), a2);
                        a3 = VectorMath.MultiplyAdd(wv, Vector512.Load(src + 48), a3);
                    }

                    a0.Store(flat + r);
                    a1.Store(flat + r + 16);
                    a2.Store(flat + r + 32);
                    a3.Store(flat + r + 48);
                }

                for (; r < count; r += 16)
                {
                    Vector512<float> a0 = Vector512.Create(bias);
                    for (int t = 0; t < taps; t++)
                    {
                        a0 = VectorMath.MultiplyAdd(Vector512.Create(w[t]), Vector512.Load(padded + offsets[t] + r), a0);
                    }

                    a0.Store(flat + r);
                }

                return;
            }

            int q = 0;
            for (; q + 24 < count; q += 32)
            {
                Vector256<float> a0 = Vector256.Create(bias), a1 = a0, a2 = a0, a3 = a0;
                for (int t = 0; t < taps; t++)
                {
                    float* src = padded + offsets[t] + q;
                    Vector256<float> wv = Vector256.Create(w[t]);
                    a0 = VectorMath.MultiplyAdd(wv, Vector256.Load(src), a0);
                    a1 = VectorMath.MultiplyAdd(wv, Vector256.Load(src + 8), a1);
                    a2 = VectorMath.MultiplyAdd(wv, Vector256.Load(src + 16), a2);
                    a3 = VectorMath.MultiplyAdd(wv, Vector256.Load(src + 24), a3);
                }

                a0.Store(flat + q);
                a1.Store(flat + q + 8);
                a2.Store(flat + q + 16);
                a3.Store(flat + q + 24);
            }

            for (; q < count; q += 8)
            {
                Vector256<float> a0 = Vector256.Create(bias);
                for (int t = 0; t < taps; t++)
                {
                    a0 = VectorMath.MultiplyAdd(Vector256.Create(w[t]), Vector256.Load(padded + offsets[t] + q), a0);
                }

                a0.Store(flat + q);
            }

            return;
        }

        if (vectorWidth == 128)
        {
            int q = 0;
            for (; q + 12 < count; q += 16)
            {
                Vector128<float> a0 = Vector128.Create(bias), a1 = a0, a2 = a0, a3 = a0;
                for (int t = 0; t < taps; t++)
                {
                    float* src = padded + offsets[t] + q;
                    Vector128<float> wv = Vector128.Create(w[t]);
                    a0 = VectorMath.MultiplyAdd(wv, Vector128.Load(src), a0);
                    a1 = VectorMath.MultiplyAdd(wv, Vector128.Load(src + 4), a1);
                    a2 = VectorMath.MultiplyAdd(wv, Vector128.Load(src + 8), a2);
                    a3 = VectorMath.MultiplyAdd(wv, Vector128.Load(src + 12), a3);
                }

                a0.Store(flat + q);
                a1.Store(flat + q + 4);
                a2.Store(flat + q + 8);
                a3.Store(flat + q + 12);
            }

            for (; q < count; q += 4)
            {
                Vector128<float> a0 = Vector128.Create(bias);
                for (int t = 0; t < taps; t++)
                {
                    a0 = VectorMath.MultiplyAdd(Vector128.Create(w[t]), Vector128.Load(padded + offsets[t] + q), a0);
                }

                a0.Store(flat + q);
            }

            return;
        }

        for (int q = 0; q < count; q++)
        {
            float acc = bias;
            for (int t = 0; t < taps; t++)
            {
                acc += w[t] * padded[offsets[t] + q];
            }

            flat[q] = acc;
        }
    }

    /// <summary>The 3×3 case of <see cref="DepthwiseFlat"/>: the nine weights stay broadcast in registers for the whole plane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DepthwiseFlat9(float* padded, nint* offsets, float* w, float bias, float* flat, int count)
    {
        float* t0 = padded + offsets[0], t1 = padded + offsets[1], t2 = padded + offsets[2];
        float* t3 = padded + offsets[3], t4 = padded + offsets[4], t5 = padded + offsets[5];
        float* t6 = padded + offsets[6], t7 = padded + offsets[7], t8 = padded + offsets[8];
        Vector256<float> w0 = Vector256.Create(w[0]), w1 = Vector256.Create(w[1]), w2 = Vector256.Create(w[2]);
        Vector256<float> w3 = Vector256.Create(w[3]), w4 = Vector256.Create(w[4]), w5 = Vector256.Create(w[5]);
        Vector256<float> w6 = Vector256.Create(w[6]), w7 = Vector256.Create(w[7]), w8 = Vector256.Create(w[8]);
        Vector256<float> b = Vector256.Create(bias);
        nint q = 0;
        for (; q + 8 < count; q += 16)
        {
            Vector256<float> a0 = VectorMath.MultiplyAdd(w0, Vector256.Load(t0 + q), b);
            Vector256<float> a1 = VectorMath.MultiplyAdd(w0, Vector256.Load(t0 + q + 8), b);
            a0 = VectorMath.MultiplyAdd(w1, Vector256.Load(t1 + q), a0);
            a1 = VectorMath.MultiplyAdd(w1, Vector256.Load(t1 + q + 8), a1);
            a0 = VectorMath.MultiplyAdd(w2, Vector256.Load(t2 + q), a0);
            a1 = VectorMath.MultiplyAdd(w2, Vector256.Load(t2 + q + 8), a1);
            a0 = VectorMath.MultiplyAdd(w3, Vector256.Load(t3 + q), a0);
            a1 = VectorMath.MultiplyAdd(w3, Vector256.Load(t3 + q + 8), a1);
            a0 = VectorMath.MultiplyAdd(w4, Vector256.Load(t4 + q), a0);
            a1 = VectorMath.MultiplyAdd(w4, Vector256.Load(t4 + q + 8), a1);
            a0 = VectorMath.MultiplyAdd(w5, Vector256.Load(t5 + q), a0);
            a1 = VectorMath.MultiplyAdd(w5, Vector256.Load(t5 + q + 8), a1);
            a0 = VectorMath.MultiplyAdd(w6, Vector256.Load(t6 + q), a0);
            a1 = VectorMath.MultiplyAdd(w6, Vector256.Load(t6 + q + 8), a1);
            a0 = VectorMath.MultiplyAdd(w7, Vector256.Load(t7 + q), a0);
            a1 = VectorMath.MultiplyAdd(w7, Vector256.Load(t7 + q + 8), a1);
            a0 = VectorMath.MultiplyAdd(w8, Vector256.Load(t8 + q), a0);
            a1 = VectorMath.MultiplyAdd(w8, Vector256.Load(t8 + q + 8), a1);
            a0.Store(flat + q);
            a1.Store(flat + q + 8);
        }

        if (q < count)
        {
            Vector256<float> a0 = VectorMath.MultiplyAdd(w0, Vector256.Load(t0 + q), b);
            a0 = VectorMath.MultiplyAdd(w1, Vector256.Load(t1 + q), a0);
            a0 = VectorMath.MultiplyAdd(w2, Vector256.Load(t2 + q), a0);
            a0 = VectorMath.MultiplyAdd(w3, Vector256.Load(t3 + q), a0);
            a0 = VectorMath.MultiplyAdd(w4, Vector256.Load(t4 + q), a0);
            a0 = VectorMath.MultiplyAdd(w5, Vector256.Load(t5 + q), a0);
            a0 = VectorMath.MultiplyAdd(w6, Vector256.Load(t6 + q), a0);
            a0 = VectorMath.MultiplyAdd(w7, Vector256.Load(t7 + q), a0);
            a0 = VectorMath.MultiplyAdd(w8, Vector256.Load(t8 + q), a0);
            a0.Store(flat + q);
        }
    }

    /// <summary>
    /// y[oh, ow] = epilogue(bias + Σ_t w[t]·padded[offsets[t] + oh·width + ow] + residual[oh, ow]), row by row,
    /// straight into the output (256-bit; rows of at least 8). The 3×3 case: the nine weights stay in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DepthwiseRows9<TEpilogue>(float* padded, nint* offsets, float* w, float bias, float* y, float* residual, int outHeight, int outWidth, int width, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        float* t0 = padded + offsets[0], t1 = padded + offsets[1], t2 = padded + offsets[2];
        float* t3 = padded + offsets[3], t4 = padded + offsets[4], t5 = padded + offsets[5];
        float* t6 = padded + offsets[6], t7 = padded + offsets[7], t8 = padded + offsets[8];
        Vector256<float> w0 = Vector256.Create(w[0]), w1 = Vector256.Create(w[1]), w2 = Vector256.Create(w[2]);
        Vector256<float> w3 = Vector256.Create(w[3]), w4 = Vector256.Create(w[4]), w5 = Vector256.Create(w[5]);
        Vector256<float> w6 = Vector256.Create(w[6]), w7 = Vector256.Create(w[7]), w8 = Vector256.Create(w[8]);
        Vector256<float> b = Vector256.Create(bias);
        for (int oh = 0; oh < outHeight; oh++)
        {
            nint row = (nint)oh * width;
            float* yr = y + ((nint)oh * outWidth);
            float* rr = residual == null ? null : residual + ((nint)oh * outWidth);
            int ow = 0;
            for (; ow + 16 <= outWidth; ow += 16)
            {
                nint q = row + ow;
                Vector256<float> a0 = VectorMath.MultiplyAdd(w0, Vector256.Load(t0 + q), b);
                Vector256<float> a1 = VectorMath.MultiplyAdd(w0, Vector256.Load(t0 + q + 8), b);
                a0 = VectorMath.MultiplyAdd(w1, Vector256.Load(t1 + q), a0);
                a1 = VectorMath.MultiplyAdd(w1, Vector256.Load(t1 + q + 8), a1);
                a0 = VectorMath.MultiplyAdd(w2, Vector256.Load(t2 + q), a0);
                a1 = VectorMath.MultiplyAdd(w2, Vector256.Load(t2 + q + 8), a1);
                a0 = VectorMath.MultiplyAdd(w3, Vector256.Load(t3 + q), a0);
                a1 = VectorMath.MultiplyAdd(w3, Vector256.Load(t3 + q + 8), a1);
                a0 = VectorMath.MultiplyAdd(w4, Vector256.Load(t4 + q), a0);
                a1 = VectorMath.MultiplyAdd(w4, Vector256.Load(t4 + q + 8), a1);
                a0 = VectorMath.MultiplyAdd(w5, Vector256.Load(t5 + q), a0);
                a1 = VectorMath.MultiplyAdd(w5, Vector256.Load(t5 + q + 8), a1);
                a0 = VectorMath.MultiplyAdd(w6, Vector256.Load(t6 + q), a0);
                a1 = VectorMath.MultiplyAdd(w6, Vector256.Load(t6 + q + 8), a1);
                a0 = VectorMath.MultiplyAdd(w7, Vector256.Load(t7 + q), a0);
                a1 = VectorMath.MultiplyAdd(w7, Vector256.Load(t7 + q + 8), a1);
                a0 = VectorMath.MultiplyAdd(w8, Vector256.Load(t8 + q), a0);
                a1 = VectorMath.MultiplyAdd(w8, Vector256.Load(t8 + q + 8), a1);
                if (rr != null)
                {
                    a0 += Vector256.Load(rr + ow);
                    a1 += Vector256.Load(rr + ow + 8);
                }

                epilogue.Invoke(a0).Store(yr + ow);
                epilogue.Invoke(a1).Store(yr + ow + 8);
            }

            // At most two vectors left; the last one overlaps the one before rather than leave a scalar tail.
            while (ow < outWidth)
            {
                int o = Math.Min(ow, outWidth - 8);
                nint q = row + o;
                Vector256<float> a0 = VectorMath.MultiplyAdd(w0, Vector256.Load(t0 + q), b);
                a0 = VectorMath.MultiplyAdd(w1, Vector256.Load(t1 + q), a0);
                a0 = VectorMath.MultiplyAdd(w2, Vector256.Load(t2 + q), a0);
                a0 = VectorMath.MultiplyAdd(w3, Vector256.Load(t3 + q), a0);
                a0 = VectorMath.MultiplyAdd(w4, Vector256.Load(t4 + q), a0);
                a0 = VectorMath.MultiplyAdd(w5, Vector256.Load(t5 + q), a0);
                a0 = VectorMath.MultiplyAdd(w6, Vector256.Load(t6 + q), a0);
                a0 = VectorMath.MultiplyAdd(w7, Vector256.Load(t7 + q), a0);
                a0 = VectorMath.MultiplyAdd(w8, Vector256.Load(t8 + q), a0);
                if (rr != null)
                {
                    a0 += Vector256.Load(rr + o);
                }

                epilogue.Invoke(a0).Store(yr + o);
                ow = o + 8;
            }
        }
    }

    /// <summary>The 512-bit form of <see cref="DepthwiseRowPairs3x3"/> on AVX-512 machines; a switch for same-process comparisons.</summary>
    internal static bool DepthwiseWide = true;

    /// <summary>
    /// <see cref="DepthwiseRowPairs3x3"/> on 512-bit vectors, for rows of at least 16: 32 columns of two output rows
    /// per pass, the row's end as overlapping 16-wide vectors (half the instructions of the 256-bit form).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DepthwiseRowPairs3x3Wide<TEpilogue>(float* padded, float* w, float bias, float* y, float* residual, int outHeight, int outWidth, int width, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        Vector512<float> w0 = Vector512.Create(w[0]), w1 = Vector512.Create(w[1]), w2 = Vector512.Create(w[2]);
        Vector512<float> w3 = Vector512.Create(w[3]), w4 = Vector512.Create(w[4]), w5 = Vector512.Create(w[5]);
        Vector512<float> w6 = Vector512.Create(w[6]), w7 = Vector512.Create(w[7]), w8 = Vector512.Create(w[8]);
        int oh = 0;
        for (; oh + 2 <= outHeight; oh += 2)
        {
            float* r0 = padded + ((nint)oh * width), r1 = r0 + width, r2 = r1 + width, r3 = r2 + width;
            float* y0 = y + ((nint)oh * outWidth), y1 = y0 + outWidth;
            float* res0 = residual == null ? null : residual + ((nint)oh * outWidth), res1 = res0 + outWidth;
            int ow = 0;
            while (ow < outWidth)
            {
                // 16 columns per step, the last one overlapping the one before.
                int o = Math.Min(ow, outWidth - 16);
                Vector512<float> a = Vector512.Create(bias), b = a;
                float* p = r0 + o;
                a = VectorMath.MultiplyAdd(w0, Vector512.Load(p), a);
                a = VectorMath.MultiplyAdd(w1, Vector512.Load(p + 1), a);
                a = VectorMath.MultiplyAdd(w2, Vector512.Load(p + 2), a);
                p = r1 + o;
                Vector512<float> x = Vector512.Load(p);
                a = VectorMath.MultiplyAdd(w3, x, a);
                b = VectorMath.MultiplyAdd(w0, x, b);
                x = Vector512.Load(p + 1);
                a = VectorMath.MultiplyAdd(w4, x, a);
                b = VectorMath.MultiplyAdd(w1, x, b);
                x = Vector512.Load(p + 2);
                a = VectorMath.MultiplyAdd(w5, x, a);
                b = VectorMath.MultiplyAdd(w2, x, b);
                p = r2 + o;
                x = Vector512.Load(p);
                a = VectorMath.MultiplyAdd(w6, x, a);
                b = VectorMath.MultiplyAdd(w3, x, b);
                x = Vector512.Load(p + 1);
                a = VectorMath.MultiplyAdd(w7, x, a);
                b = VectorMath.MultiplyAdd(w4, x, b);
                x = Vector512.Load(p + 2);
                a = VectorMath.MultiplyAdd(w8, x, a);
                b = VectorMath.MultiplyAdd(w5, x, b);
                p = r3 + o;
                b = VectorMath.MultiplyAdd(w6, Vector512.Load(p), b);
                b = VectorMath.MultiplyAdd(w7, Vector512.Load(p + 1), b);
                b = VectorMath.MultiplyAdd(w8, Vector512.Load(p + 2), b);
                if (res0 != null)
                {
                    a += Vector512.Load(res0 + o);
                    b += Vector512.Load(res1 + o);
                }

                epilogue.Invoke(a).Store(y0 + o);
                epilogue.Invoke(b).Store(y1 + o);
                ow = o + 16;
            }
        }

        if (oh < outHeight)
        {
            LastRow3x3(padded, w, bias, y, residual, oh, outWidth, width, epilogue);
        }
    }

    /// <summary>The odd last row <paramref name="oh"/> of the row-pair kernels: the single-row kernel, pointed at that row.</summary>
    private static void LastRow3x3<TEpilogue>(float* padded, float* w, float bias, float* y, float* residual, int oh, int outWidth, int width, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        nint* offsets = stackalloc nint[9];
        for (int t = 0; t < 9; t++)
        {
            offsets[t] = ((t / 3) * (nint)width) + (t % 3);
        }

        DepthwiseRows9(padded + ((nint)oh * width), offsets, w, bias, y + ((nint)oh * outWidth), residual == null ? null : residual + ((nint)oh * outWidth), 1, outWidth, width, epilogue);
    }

    /// <summary>
    /// <see cref="DepthwiseRows9"/> for 3×3 stride 1 without dilation, two output rows per pass: the four input rows
    /// are each loaded once for both (12 loads for 18 multiply-adds per vector instead of 18).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DepthwiseRowPairs3x3<TEpilogue>(float* padded, float* w, float bias, float* y, float* residual, int outHeight, int outWidth, int width, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        Vector256<float> w0 = Vector256.Create(w[0]), w1 = Vector256.Create(w[1]), w2 = Vector256.Create(w[2]);
        Vector256<float> w3 = Vector256.Create(w[3]), w4 = Vector256.Create(w[4]), w5 = Vector256.Create(w[5]);
        Vector256<float> w6 = Vector256.Create(w[6]), w7 = Vector256.Create(w[7]), w8 = Vector256.Create(w[8]);
        int oh = 0;
        for (; oh + 2 <= outHeight; oh += 2)
        {
            float* r0 = padded + ((nint)oh * width), r1 = r0 + width, r2 = r1 + width, r3 = r2 + width;
            float* y0 = y + ((nint)oh * outWidth), y1 = y0 + outWidth;
            float* res0 = residual == null ? null : residual + ((nint)oh * outWidth), res1 = res0 + outWidth;
            int ow = 0;
            for (; ow + 16 <= outWidth; ow += 16)
            {
                Vector256<float> a0 = Vector256.Create(bias), a1 = a0, b0 = a0, b1 = a0;
                Top(r0 + ow, w0, w1, w2, ref a0, ref a1);
                Both(r1 + ow, w3, w4, w5, w0, w1, w2, ref a0, ref a1, ref b0, ref b1);
                Both(r2 + ow, w6, w7, w8, w3, w4, w5, ref a0, ref a1, ref b0, ref b1);
                Top(r3 + ow, w6, w7, w8, ref b0, ref b1);
                if (res0 != null)
                {
                    a0 += Vector256.Load(res0 + ow);
                    a1 += Vector256.Load(res0 + ow + 8);
                    b0 += Vector256.Load(res1 + ow);
                    b1 += Vector256.Load(res1 + ow + 8);
                }

                epilogue.Invoke(a0).Store(y0 + ow);
                epilogue.Invoke(a1).Store(y0 + ow + 8);
                epilogue.Invoke(b0).Store(y1 + ow);
                epilogue.Invoke(b1).Store(y1 + ow + 8);
            }

            // At most two vectors left; the last one overlaps the one before rather than leave a scalar tail.
            while (ow < outWidth)
            {
                int o = Math.Min(ow, outWidth - 8);
                Vector256<float> a0 = Vector256.Create(bias), b0 = a0;
                Top1(r0 + o, w0, w1, w2, ref a0);
                Both1(r1 + o, w3, w4, w5, w0, w1, w2, ref a0, ref b0);
                Both1(r2 + o, w6, w7, w8, w3, w4, w5, ref a0, ref b0);
                Top1(r3 + o, w6, w7, w8, ref b0);
                if (res0 != null)
                {
                    a0 += Vector256.Load(res0 + o);
                    b0 += Vector256.Load(res1 + o);
                }

                epilogue.Invoke(a0).Store(y0 + o);
                epilogue.Invoke(b0).Store(y1 + o);
                ow = o + 8;
            }
        }

        if (oh < outHeight)
        {
            LastRow3x3(padded, w, bias, y, residual, oh, outWidth, width, epilogue);
        }

        // One input row into the top output row only (or the bottom only): two vectors.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Top(float* p, Vector256<float> wa, Vector256<float> wb, Vector256<float> wc, ref Vector256<float> a0, ref Vector256<float> a1)
        {
            a0 = VectorMath.MultiplyAdd(wa, Vector256.Load(p), a0);
            a1 = VectorMath.MultiplyAdd(wa, Vector256.Load(p + 8), a1);
            a0 = VectorMath.MultiplyAdd(wb, Vector256.Load(p + 1), a0);
            a1 = VectorMath.MultiplyAdd(wb, Vector256.Load(p + 9), a1);
            a0 = VectorMath.MultiplyAdd(wc, Vector256.Load(p + 2), a0);
            a1 = VectorMath.MultiplyAdd(wc, Vector256.Load(p + 10), a1);
        }

        // One input row into both output rows (weights of kernel row k for the top, k - 1 for the bottom): two vectors.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Both(float* p, Vector256<float> ta, Vector256<float> tb, Vector256<float> tc, Vector256<float> ba, Vector256<float> bb, Vector256<float> bc, ref Vector256<float> a0, ref Vector256<float> a1, ref Vector256<float> b0, ref Vector256<float> b1)
        {
            Vector256<float> x0 = Vector256.Load(p), x1 = Vector256.Load(p + 8);
            a0 = VectorMath.MultiplyAdd(ta, x0, a0);
            a1 = VectorMath.MultiplyAdd(ta, x1, a1);
            b0 = VectorMath.MultiplyAdd(ba, x0, b0);
            b1 = VectorMath.MultiplyAdd(ba, x1, b1);
            x0 = Vector256.Load(p + 1);
            x1 = Vector256.Load(p + 9);
            a0 = VectorMath.MultiplyAdd(tb, x0, a0);
            a1 = VectorMath.MultiplyAdd(tb, x1, a1);
            b0 = VectorMath.MultiplyAdd(bb, x0, b0);
            b1 = VectorMath.MultiplyAdd(bb, x1, b1);
            x0 = Vector256.Load(p + 2);
            x1 = Vector256.Load(p + 10);
            a0 = VectorMath.MultiplyAdd(tc, x0, a0);
            a1 = VectorMath.MultiplyAdd(tc, x1, a1);
            b0 = VectorMath.MultiplyAdd(bc, x0, b0);
            b1 = VectorMath.MultiplyAdd(bc, x1, b1);
        }

        // The one-vector forms of the two above.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Top1(float* p, Vector256<float> wa, Vector256<float> wb, Vector256<float> wc, ref Vector256<float> a0)
        {
            a0 = VectorMath.MultiplyAdd(wa, Vector256.Load(p), a0);
            a0 = VectorMath.MultiplyAdd(wb, Vector256.Load(p + 1), a0);
            a0 = VectorMath.MultiplyAdd(wc, Vector256.Load(p + 2), a0);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Both1(float* p, Vector256<float> ta, Vector256<float> tb, Vector256<float> tc, Vector256<float> ba, Vector256<float> bb, Vector256<float> bc, ref Vector256<float> a0, ref Vector256<float> b0)
        {
            Vector256<float> x = Vector256.Load(p);
            a0 = VectorMath.MultiplyAdd(ta, x, a0);
            b0 = VectorMath.MultiplyAdd(ba, x, b0);
            x = Vector256.Load(p + 1);
            a0 = VectorMath.MultiplyAdd(tb, x, a0);
            b0 = VectorMath.MultiplyAdd(bb, x, b0);
            x = Vector256.Load(p + 2);
            a0 = VectorMath.MultiplyAdd(tc, x, a0);
            b0 = VectorMath.MultiplyAdd(bc, x, b0);
        }
    }

    /// <summary>
    /// <see cref="DepthwiseRows9"/> for any number of taps (5×5, dilated, strided 3 and more). Each output row is
    /// covered by vectors at 0, 8, 16, … (the last one at outWidth - 8, overlapping), and four of these positions,
    /// from one row or the next, are computed at a time: four independent accumulators even on 7- or 14-wide rows,
    /// where one row holds only one or two vectors and a single accumulator would wait on every tap's latency.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DepthwiseRows<TEpilogue>(float* padded, nint* offsets, int taps, float* w, float bias, float* y, float* residual, int outHeight, int outWidth, int width, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        int perRow = (outWidth + 7) / 8;
        int total = outHeight * perRow;
        int row = 0, column = 0;
        for (int i = 0; i < total; i += 4)
        {
            // Past the last position, the block repeats it: the same value is stored twice.
            nint q0 = NextRowVector(ref row, ref column, out nint d0, outHeight, outWidth, width, perRow, 8);
            nint q1 = NextRowVector(ref row, ref column, out nint d1, outHeight, outWidth, width, perRow, 8);
            nint q2 = NextRowVector(ref row, ref column, out nint d2, outHeight, outWidth, width, perRow, 8);
            nint q3 = NextRowVector(ref row, ref column, out nint d3, outHeight, outWidth, width, perRow, 8);
            Vector256<float> a0 = Vector256.Create(bias), a1 = a0, a2 = a0, a3 = a0;
            for (int t = 0; t < taps; t++)
            {
                float* p = padded + offsets[t];
                Vector256<float> wv = Vector256.Create(w[t]);
                a0 = VectorMath.MultiplyAdd(wv, Vector256.Load(p + q0), a0);
                a1 = VectorMath.MultiplyAdd(wv, Vector256.Load(p + q1), a1);
                a2 = VectorMath.MultiplyAdd(wv, Vector256.Load(p + q2), a2);
                a3 = VectorMath.MultiplyAdd(wv, Vector256.Load(p + q3), a3);
            }

            if (residual != null)
            {
                a0 += Vector256.Load(residual + d0);
                a1 += Vector256.Load(residual + d1);
                a2 += Vector256.Load(residual + d2);
                a3 += Vector256.Load(residual + d3);
            }

            epilogue.Invoke(a0).Store(y + d0);
            epilogue.Invoke(a1).Store(y + d1);
            epilogue.Invoke(a2).Store(y + d2);
            epilogue.Invoke(a3).Store(y + d3);
        }
    }

    /// <summary>
    /// For the row kernels: where the vector at (row, column) of <paramref name="lanes"/> outputs starts in the padded plane
    /// (returned) and, in <paramref name="d"/>, in the output, a row's last vector overlapping the one before; then steps
    /// to the next position, staying on the last.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nint NextRowVector(ref int row, ref int column, out nint d, int outHeight, int outWidth, int width, int perRow, int lanes)
    {
        int o = Math.Min(column * lanes, outWidth - lanes);
        d = ((nint)row * outWidth) + o;
        nint q = ((nint)row * width) + o;
        if (++column == perRow)
        {
            if (row + 1 < outHeight)
            {
                column = 0;
                row++;
            }
            else
            {
                column = perRow - 1;
            }
        }

        return q;
    }

    /// <summary>
    /// <see cref="DepthwiseRows{TEpilogue}"/> on 512-bit vectors for rows of at least 16 outputs (MNASNet's and
    /// EfficientNet's 5×5 layers at 28 and 56 wide): four vectors of 16 outputs per pass, a row's last vector
    /// overlapping the one before.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DepthwiseRows512<TEpilogue>(float* padded, nint* offsets, int taps, float* w, float bias, float* y, float* residual, int outHeight, int outWidth, int width, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        int perRow = (outWidth + 15) / 16;
        int total = outHeight * perRow;
        int row = 0, column = 0;
        for (int i = 0; i < total; i += 4)
        {
            // Past the last position, the block repeats it: the same value is stored twice.
            nint q0 = NextRowVector(ref row, ref column, out nint d0, outHeight, outWidth, width, perRow, 16);
            nint q1 = NextRowVector(ref row, ref column, out nint d1, outHeight, outWidth, width, perRow, 16);
            nint q2 = NextRowVector(ref row, ref column, out nint d2, outHeight, outWidth, width, perRow, 16);
            nint q3 = NextRowVector(ref row, ref column, out nint d3, outHeight, outWidth, width, perRow, 16);
            Vector512<float> a0 = Vector512.Create(bias), a1 = a0, a2 = a0, a3 = a0;
            for (int t = 0; t < taps; t++)
            {
                float* p = padded + offsets[t];
                Vector512<float> wv = Vector512.Create(w[t]);
                a0 = VectorMath.MultiplyAdd(wv, Vector512.Load(p + q0), a0);
                a1 = VectorMath.MultiplyAdd(wv, Vector512.Load(p + q1), a1);
                a2 = VectorMath.MultiplyAdd(wv, Vector512.Load(p + q2), a2);
                a3 = VectorMath.MultiplyAdd(wv, Vector512.Load(p + q3), a3);
            }

            if (residual != null)
            {
                a0 += Vector512.Load(residual + d0);
                a1 += Vector512.Load(residual + d1);
                a2 += Vector512.Load(residual + d2);
                a3 += Vector512.Load(residual + d3);
            }

            epilogue.Invoke(a0).Store(y + d0);
            epilogue.Invoke(a1).Store(y + d1);
            epilogue.Invoke(a2).Store(y + d2);
            epilogue.Invoke(a3).Store(y + d3);
        }
    }

    /// <summary>Four output rows per pass for 5×5 planes at stride 1 and 2 (<c>DepthwiseQuadRows5x5</c>, <c>DepthwiseQuadRows5x5Stride2</c>); a switch for same-process comparisons.</summary>
    internal static bool QuadRows5 = true;

    /// <summary>
    /// 5×5 stride 1 without dilation on 512-bit vectors, for rows of at least 16 outputs (EfficientNet's and MNASNet's
    /// 5×5 layers at 28 and 56 wide): four output rows per pass read the eight input rows they need once each, five
    /// loads per row for all four (40 loads for 100 multiply-adds, where one row at a time loads once per multiply-add,
    /// which bounded it). A row's last vector overlaps the one before; the last rows past a multiple of four take
    /// <see cref="DepthwiseRows512{TEpilogue}"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DepthwiseQuadRows5x5<TEpilogue>(float* padded, nint* offsets, float* w, float bias, float* y, float* residual, int outHeight, int outWidth, int width, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        int oh = 0;
        for (; oh + 4 <= outHeight; oh += 4)
        {
            float* rows = padded + ((nint)oh * width);
            int ow = 0;
            while (ow < outWidth)
            {
                int o = Math.Min(ow, outWidth - 16);
                float* p = rows + o;

                // Output row j takes kernel row i - j of input row i. Two chains per output row (even and odd kernel rows).
                Vector512<float> a0 = Vector512.Create(bias), a1 = a0, a2 = a0, a3 = a0;
                Vector512<float> b0 = Vector512<float>.Zero, b1 = b0, b2 = b0, b3 = b0;
                Load5(p, out Vector512<float> x0, out Vector512<float> x1, out Vector512<float> x2, out Vector512<float> x3, out Vector512<float> x4);
                Taps5(x0, x1, x2, x3, x4, w, ref a0);
                p += width;
                Load5(p, out x0, out x1, out x2, out x3, out x4);
                Taps5(x0, x1, x2, x3, x4, w + 5, ref b0);
                Taps5(x0, x1, x2, x3, x4, w, ref a1);
                p += width;
                Load5(p, out x0, out x1, out x2, out x3, out x4);
                Taps5(x0, x1, x2, x3, x4, w + 10, ref a0);
                Taps5(x0, x1, x2, x3, x4, w + 5, ref b1);
                Taps5(x0, x1, x2, x3, x4, w, ref a2);
                p += width;
                Load5(p, out x0, out x1, out x2, out x3, out x4);
                Taps5(x0, x1, x2, x3, x4, w + 15, ref b0);
                Taps5(x0, x1, x2, x3, x4, w + 10, ref a1);
                Taps5(x0, x1, x2, x3, x4, w + 5, ref b2);
                Taps5(x0, x1, x2, x3, x4, w, ref a3);
                p += width;
                Load5(p, out x0, out x1, out x2, out x3, out x4);
                Taps5(x0, x1, x2, x3, x4, w + 20, ref a0);
                Taps5(x0, x1, x2, x3, x4, w + 15, ref b1);
                Taps5(x0, x1, x2, x3, x4, w + 10, ref a2);
                Taps5(x0, x1, x2, x3, x4, w + 5, ref b3);
                p += width;
                Load5(p, out x0, out x1, out x2, out x3, out x4);
                Taps5(x0, x1, x2, x3, x4, w + 20, ref a1);
                Taps5(x0, x1, x2, x3, x4, w + 15, ref b2);
                Taps5(x0, x1, x2, x3, x4, w + 10, ref a3);
                p += width;
                Load5(p, out x0, out x1, out x2, out x3, out x4);
                Taps5(x0, x1, x2, x3, x4, w + 20, ref a2);
                Taps5(x0, x1, x2, x3, x4, w + 15, ref b3);
                p += width;
                Load5(p, out x0, out x1, out x2, out x3, out x4);
                Taps5(x0, x1, x2, x3, x4, w + 20, ref a3);

                StoreFourRows(a0 + b0, a1 + b1, a2 + b2, a3 + b3, y, residual, ((nint)oh * outWidth) + o, outWidth, epilogue);
                ow = o + 16;
            }
        }

        if (oh < outHeight)
        {
            DepthwiseRows512(padded + ((nint)oh * width), offsets, 25, w, bias, y + ((nint)oh * outWidth), residual == null ? null : residual + ((nint)oh * outWidth), outHeight - oh, outWidth, width, epilogue);
        }
    }

    /// <summary>
    /// <see cref="DepthwiseQuadRows5x5{TEpilogue}"/> at stride 2, on the four stride phases of the bordered plane: output
    /// row j's kernel row k reads row j + k/2 of the phases of row parity k % 2, its even kernel columns from the even
    /// phase at columns 0, 1, 2 and its odd ones from the odd phase at 0, 1. Four output rows per pass load each phase
    /// row they share once: 55 loads for 100 multiply-adds instead of 100 (EfficientNet's and MNASNet's 5×5 stride-2
    /// layers to 28 wide).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DepthwiseQuadRows5x5Stride2<TEpilogue>(float* padded, nint* offsets, float* w, float bias, float* y, float* residual, int outHeight, int outWidth, int width, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        // Phase (row parity, column parity): where taps (0, 0), (0, 1), (1, 0) and (1, 1) read.
        float* p00 = padded + offsets[0], p01 = padded + offsets[1], p10 = padded + offsets[5], p11 = padded + offsets[6];
        int oh = 0;
        for (; oh + 4 <= outHeight; oh += 4)
        {
            nint rowAt = (nint)oh * width;
            int ow = 0;
            while (ow < outWidth)
            {
                int o = Math.Min(ow, outWidth - 16);
                nint q = rowAt + o;
                Vector512<float> a0 = Vector512.Create(bias), a1 = a0, a2 = a0, a3 = a0;
                Vector512<float> b0 = Vector512<float>.Zero, b1 = b0, b2 = b0, b3 = b0;

                // Even kernel rows (0, 2, 4) into the a chains: phase row i serves output row i - k/2.
                Load5Stride2(p00 + q, p01 + q, out Vector512<float> e0, out Vector512<float> e1, out Vector512<float> e2, out Vector512<float> d0, out Vector512<float> d1);
                Taps5(e0, d0, e1, d1, e2, w, ref a0);
                q += width;
                Load5Stride2(p00 + q, p01 + q, out e0, out e1, out e2, out d0, out d1);
                Taps5(e0, d0, e1, d1, e2, w + 10, ref a0);
                Taps5(e0, d0, e1, d1, e2, w, ref a1);
                q += width;
                Load5Stride2(p00 + q, p01 + q, out e0, out e1, out e2, out d0, out d1);
                Taps5(e0, d0, e1, d1, e2, w + 20, ref a0);
                Taps5(e0, d0, e1, d1, e2, w + 10, ref a1);
                Taps5(e0, d0, e1, d1, e2, w, ref a2);
                q += width;
                Load5Stride2(p00 + q, p01 + q, out e0, out e1, out e2, out d0, out d1);
                Taps5(e0, d0, e1, d1, e2, w + 20, ref a1);
                Taps5(e0, d0, e1, d1, e2, w + 10, ref a2);
                Taps5(e0, d0, e1, d1, e2, w, ref a3);
                q += width;
                Load5Stride2(p00 + q, p01 + q, out e0, out e1, out e2, out d0, out d1);
                Taps5(e0, d0, e1, d1, e2, w + 20, ref a2);
                Taps5(e0, d0, e1, d1, e2, w + 10, ref a3);
                q += width;
                Load5Stride2(p00 + q, p01 + q, out e0, out e1, out e2, out d0, out d1);
                Taps5(e0, d0, e1, d1, e2, w + 20, ref a3);

                // Odd kernel rows (1, 3) into the b chains.
                q = rowAt + o;
                Load5Stride2(p10 + q, p11 + q, out e0, out e1, out e2, out d0, out d1);
                Taps5(e0, d0, e1, d1, e2, w + 5, ref b0);
                q += width;
                Load5Stride2(p10 + q, p11 + q, out e0, out e1, out e2, out d0, out d1);
                Taps5(e0, d0, e1, d1, e2, w + 15, ref b0);
                Taps5(e0, d0, e1, d1, e2, w + 5, ref b1);
                q += width;
                Load5Stride2(p10 + q, p11 + q, out e0, out e1, out e2, out d0, out d1);
                Taps5(e0, d0, e1, d1, e2, w + 15, ref b1);
                Taps5(e0, d0, e1, d1, e2, w + 5, ref b2);
                q += width;
                Load5Stride2(p10 + q, p11 + q, out e0, out e1, out e2, out d0, out d1);
                Taps5(e0, d0, e1, d1, e2, w + 15, ref b2);
                Taps5(e0, d0, e1, d1, e2, w + 5, ref b3);
                q += width;
                Load5Stride2(p10 + q, p11 + q, out e0, out e1, out e2, out d0, out d1);
                Taps5(e0, d0, e1, d1, e2, w + 15, ref b3);

                StoreFourRows(a0 + b0, a1 + b1, a2 + b2, a3 + b3, y, residual, ((nint)oh * outWidth) + o, outWidth, epilogue);
                ow = o + 16;
            }
        }

        if (oh < outHeight)
        {
            // The generic kernel from output row oh: every phase's rows start oh rows further on.
            nint* shifted = stackalloc nint[25];
            for (int t = 0; t < 25; t++)
            {
                shifted[t] = offsets[t] + ((nint)oh * width);
            }

            DepthwiseRows512(padded, shifted, 25, w, bias, y + ((nint)oh * outWidth), residual == null ? null : residual + ((nint)oh * outWidth), outHeight - oh, outWidth, width, epilogue);
        }
    }

    /// <summary>A phase row's loads for 16 stride-2 outputs: the even phase at columns 0, 1, 2, the odd one at 0, 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Load5Stride2(float* even, float* odd, out Vector512<float> e0, out Vector512<float> e1, out Vector512<float> e2, out Vector512<float> d0, out Vector512<float> d1)
    {
        e0 = Vector512.Load(even);
        e1 = Vector512.Load(even + 1);
        e2 = Vector512.Load(even + 2);
        d0 = Vector512.Load(odd);
        d1 = Vector512.Load(odd + 1);
    }

    /// <summary>Stores 16 outputs of four consecutive rows from <paramref name="d"/>, each plus the residual, through the epilogue.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreFourRows<TEpilogue>(Vector512<float> a0, Vector512<float> a1, Vector512<float> a2, Vector512<float> a3, float* y, float* residual, nint d, int outWidth, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        if (residual != null)
        {
            a0 += Vector512.Load(residual + d);
            a1 += Vector512.Load(residual + d + outWidth);
            a2 += Vector512.Load(residual + d + (2 * outWidth));
            a3 += Vector512.Load(residual + d + (3 * outWidth));
        }

        epilogue.Invoke(a0).Store(y + d);
        epilogue.Invoke(a1).Store(y + d + outWidth);
        epilogue.Invoke(a2).Store(y + d + (2 * outWidth));
        epilogue.Invoke(a3).Store(y + d + (3 * outWidth));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Load5(float* p, out Vector512<float> x0, out Vector512<float> x1, out Vector512<float> x2, out Vector512<float> x3, out Vector512<float> x4)
    {
        x0 = Vector512.Load(p);
        x1 = Vector512.Load(p + 1);
        x2 = Vector512.Load(p + 2);
        x3 = Vector512.Load(p + 3);
        x4 = Vector512.Load(p + 4);
    }

    /// <summary>acc += one kernel row's five taps (<paramref name="w"/>[0..5]) on the input vectors of its five columns (at stride 2: even phase, odd, even, odd, even).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Taps5(Vector512<float> x0, Vector512<float> x1, Vector512<float> x2, Vector512<float> x3, Vector512<float> x4, float* w, ref Vector512<float> acc)
    {
        acc = VectorMath.MultiplyAdd(Vector512.Create(w[0]), x0, acc);
        acc = VectorMath.MultiplyAdd(Vector512.Create(w[1]), x1, acc);
        acc = VectorMath.MultiplyAdd(Vector512.Create(w[2]), x2, acc);
        acc = VectorMath.MultiplyAdd(Vector512.Create(w[3]), x3, acc);
        acc = VectorMath.MultiplyAdd(Vector512.Create(w[4]), x4, acc);
    }

    /// <summary>
    /// Rows of 8 to 15 outputs (14×14 planes, and 28×28 ones at stride 2) on 512-bit vectors: one vector per row, four
    /// rows per pass, stored under a mask of the row's width. The 256-bit kernels spent two vectors on each row (the
    /// second overlapping the first); a vector's lanes past the row read the padded row's end and the next row, whose
    /// sums are dropped. Past the last row, a pass repeats it (the same values stored twice).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DepthwiseMaskedRows512<TEpilogue>(float* padded, nint* offsets, int taps, float* w, float bias, float* y, float* residual, int outHeight, int outWidth, int width, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
#if NET9_0_OR_GREATER
        Vector512<float> mask = VectorMath.FirstLanes512(outWidth);
        for (int row = 0; row < outHeight; row += 4)
        {
            int r1 = Math.Min(row + 1, outHeight - 1), r2 = Math.Min(row + 2, outHeight - 1), r3 = Math.Min(row + 3, outHeight - 1);
            nint q0 = (nint)row * width, q1 = (nint)r1 * width, q2 = (nint)r2 * width, q3 = (nint)r3 * width;
            Vector512<float> a0 = Vector512.Create(bias), a1 = a0, a2 = a0, a3 = a0;
            for (int t = 0; t < taps; t++)
            {
                float* p = padded + offsets[t];
                Vector512<float> wv = Vector512.Create(w[t]);
                a0 = VectorMath.MultiplyAdd(wv, Vector512.Load(p + q0), a0);
                a1 = VectorMath.MultiplyAdd(wv, Vector512.Load(p + q1), a1);
                a2 = VectorMath.MultiplyAdd(wv, Vector512.Load(p + q2), a2);
                a3 = VectorMath.MultiplyAdd(wv, Vector512.Load(p + q3), a3);
            }

            nint d0 = (nint)row * outWidth, d1 = (nint)r1 * outWidth, d2 = (nint)r2 * outWidth, d3 = (nint)r3 * outWidth;
            if (residual != null)
            {
                a0 += Avx512F.MaskLoad(residual + d0, mask, Vector512<float>.Zero);
                a1 += Avx512F.MaskLoad(residual + d1, mask, Vector512<float>.Zero);
                a2 += Avx512F.MaskLoad(residual + d2, mask, Vector512<float>.Zero);
                a3 += Avx512F.MaskLoad(residual + d3, mask, Vector512<float>.Zero);
            }

            Avx512F.MaskStore(y + d0, mask, epilogue.Invoke(a0));
            Avx512F.MaskStore(y + d1, mask, epilogue.Invoke(a1));
            Avx512F.MaskStore(y + d2, mask, epilogue.Invoke(a2));
            Avx512F.MaskStore(y + d3, mask, epilogue.Invoke(a3));
        }
#else
        DepthwiseRows(padded, offsets, taps, w, bias, y, residual, outHeight, outWidth, width, epilogue);
#endif
    }

    /// <summary>Small planes 16 channels at a time (<c>DepthwiseChannels16</c>); a switch for same-process comparisons.</summary>
    internal static bool ChannelBlocks = true;

    /// <summary>Stride-1 rows of 3 or 5 taps register-blocked (<c>Pixels8Taps5</c>); a switch for same-process comparisons.</summary>
    internal static bool BlockedRows = true;

    /// <summary>The largest input plane <c>DepthwiseChannels16</c> takes (its padded copy, 64 bytes a pixel, stays in L2).</summary>
    private const int MaxChannelBlockPixels = 28 * 28;

    /// <summary>
    /// The largest output plane <c>DepthwiseChannels16</c> takes: at 28×28 the plane-at-a-time kernels ran as fast
    /// (5×5) or faster (3×3: 1.45x); at 7×7 this one is 1.9-2.4x faster, at 14×14 1.0-1.2x.
    /// </summary>
    private const int MaxChannelBlockOutputs = 14 * 14;

    /// <summary>The widest kernel (taps per row and column) <c>DepthwiseChannels16</c> takes: its weights live on the stack.</summary>
    private const int MaxChannelBlockKernel = 7;

    /// <summary>3×3 stride-2 planes straight from the input rows (<c>DepthwiseStride2x3</c>); a switch for same-process comparisons.</summary>
    internal static bool DirectStride2 = true;

    /// <summary>
    /// Whether <c>DepthwiseStride2x3</c> takes a depthwise convolution of this shape: outputs at least 12 wide (at 14×14
    /// it ran 1.4x faster than <c>DepthwiseChannels16</c>, at 7×7, half its lanes idle, 1.45x slower).
    /// </summary>
    private static bool UsesStride2x3(ConvShape s)
    {
#if NET9_0_OR_GREATER
        return DirectStride2 && DepthwiseWide && Avx512F.IsSupported && GemmTiles.Width >= 512
            && s.KernelHeight == 3 && s.KernelWidth == 3 && s.StrideHeight == 2 && s.StrideWidth == 2
            && s.DilationHeight == 1 && s.DilationWidth == 1 && s.PadTop <= 1 && s.PadLeft <= 1 && s.OutWidth >= 12;
#else
        return false;
#endif
    }

#if NET9_0_OR_GREATER
    /// <summary>
    /// One plane of a 3×3 stride-2 depthwise convolution read straight from the input rows: for 16 outputs of a row,
    /// each of the three input rows is loaded as 32 consecutive values and split by permutes into the even and odd
    /// columns the first two taps read (2c − padLeft + 0, 1); the third tap's columns are the even ones moved down a
    /// lane, with the value after the 32 last. Borders are masked loads (zeros), the row's last outputs a masked
    /// store; rows above or below the input are skipped. The phase copy the general path makes first (half the time
    /// of these layers, the input streaming in from L3) is not needed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DepthwiseStride2x3<TEpilogue>(float* x, float* w, float bias, float* y, float* residual, ConvShape s, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        int ih = s.InHeight, iw = s.InWidth, oh = s.OutHeight, ow = s.OutWidth, pt = s.PadTop, pl = s.PadLeft;
        Vector512<int> evens = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
        Vector512<int> odds = Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
        Vector512<float> w0 = Vector512.Create(w[0]), w1 = Vector512.Create(w[1]), w2 = Vector512.Create(w[2]);
        Vector512<float> w3 = Vector512.Create(w[3]), w4 = Vector512.Create(w[4]), w5 = Vector512.Create(w[5]);
        Vector512<float> w6 = Vector512.Create(w[6]), w7 = Vector512.Create(w[7]), w8 = Vector512.Create(w[8]);
        Vector512<float> b = Vector512.Create(bias);
        for (int r = 0; r < oh; r++)
        {
            int row = (2 * r) - pt;
            float* top = x + ((long)row * iw);
            bool has0 = (uint)row < (uint)ih, has1 = (uint)(row + 1) < (uint)ih, has2 = (uint)(row + 2) < (uint)ih;
            for (int c0 = 0; c0 < ow; c0 += 16)
            {
                // Input columns col .. col + 32 feed these 16 outputs; inside the row they load whole, else masked.
                int col = (2 * c0) - pl;
                bool inside = col >= 0 && col + 33 <= iw;
                Vector512<float> m0 = default, m1 = default;
                if (!inside)
                {
                    // Lanes whose column lies in [0, iw).
                    m0 = Vector512.AndNot(VectorMath.FirstLanes512(iw - col), VectorMath.FirstLanes512(-col));
                    m1 = Vector512.AndNot(VectorMath.FirstLanes512(iw - col - 16), VectorMath.FirstLanes512(-col - 16));
                }

                // One chain per kernel row, added at the end: three multiply-adds deep instead of nine. Each row's 16
                // outputs read input columns col + 2j, col + 2j + 1 and col + 2j + 2: the even and odd columns of
                // [col, col + 32), and the even ones moved down a lane with column col + 32 last.
                Vector512<float> a0 = b, a1 = Vector512<float>.Zero, a2 = Vector512<float>.Zero;
                if (has0)
                {
                    Row3(top + col, col, iw, inside, m0, m1, evens, odds, w0, w1, w2, ref a0);
                }

                if (has1)
                {
                    Row3(top + iw + col, col, iw, inside, m0, m1, evens, odds, w3, w4, w5, ref a1);
                }

                if (has2)
                {
                    Row3(top + (2 * iw) + col, col, iw, inside, m0, m1, evens, odds, w6, w7, w8, ref a2);
                }

                Vector512<float> v = a0 + a1 + a2;
                long at = ((long)r * ow) + c0;
                int n = ow - c0;
                if (n >= 16)
                {
                    if (residual != null)
                    {
                        v += Vector512.Load(residual + at);
                    }

                    epilogue.Invoke(v).Store(y + at);
                }
                else
                {
                    Vector512<float> store = VectorMath.FirstLanes512(n);
                    if (residual != null)
                    {
                        v += Avx512F.MaskLoad(residual + at, store, Vector512<float>.Zero);
                    }

                    Avx512F.MaskStore(y + at, store, epilogue.Invoke(v));
                }
            }
        }
    }

    /// <summary>acc += one kernel row's three taps for the 16 stride-2 outputs whose first input column, col, is at <paramref name="src"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Row3(float* src, int col, int iw, bool inside, Vector512<float> m0, Vector512<float> m1, Vector512<int> evens, Vector512<int> odds, Vector512<float> wa, Vector512<float> wb, Vector512<float> wc, ref Vector512<float> acc)
    {
        Vector512<float> v0, v1;
        float next;
        if (inside)
        {
            v0 = Vector512.Load(src);
            v1 = Vector512.Load(src + 16);
            next = src[32];
        }
        else
        {
            v0 = Avx512F.MaskLoad(src, m0, Vector512<float>.Zero);
            v1 = Avx512F.MaskLoad(src + 16, m1, Vector512<float>.Zero);
            next = (uint)(col + 32) < (uint)iw ? src[32] : 0f;
        }

        Vector512<float> even = Avx512F.PermuteVar16x32x2(v0, evens, v1);
        acc = VectorMath.MultiplyAdd(wa, even, acc);
        acc = VectorMath.MultiplyAdd(wb, Avx512F.PermuteVar16x32x2(v0, odds, v1), acc);
        acc = VectorMath.MultiplyAdd(wc, Avx512F.AlignRight32(Vector512.Create(next).AsInt32(), even.AsInt32(), 1).AsSingle(), acc);
    }
#endif

    /// <summary>Whether <c>DepthwiseChannels16</c> takes a depthwise convolution of this shape.</summary>
    private static bool UsesChannels16(ConvShape s, bool residual)
    {
#if NET9_0_OR_GREATER
        return ChannelBlocks && Avx512F.IsSupported && GemmTiles.Width >= 512 && !residual && s.InChannels >= 16
            && s.InPlane <= MaxChannelBlockPixels && s.N <= MaxChannelBlockOutputs
            && s.KernelHeight <= MaxChannelBlockKernel && s.KernelWidth <= MaxChannelBlockKernel;
#else
        return false;
#endif
    }

#if NET9_0_OR_GREATER
    /// <summary>
    /// A depthwise convolution over up to 16 channels at once, for small planes (outputs up to 14×14), where one plane at a time
    /// spent more on copies, short rows and per-plane work than on the multiply-adds: the 16 input planes are transposed
    /// (16×16 blocks in registers) into one zero-bordered plane of 16-channel vectors, every output pixel is then a chain
    /// of full-vector multiply-adds (any stride, no masks, no phases), the epilogue runs on those vectors, and they are
    /// transposed back into the 16 output planes. Channels past <paramref name="count"/> are zeros in and not stored.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DepthwiseChannels16<TEpilogue>(float* x, float* w, float* bias, float* y, int count, ConvShape s, int paddedHeight, int paddedWidth, Vector512<float>* padded, Vector512<float>* outputs, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        int outPlane = s.N, kh = s.KernelHeight, kw = s.KernelWidth, taps = kh * kw;

        PlanesToPadded(x, count, s, paddedHeight, paddedWidth, padded);
        Vector512<float>** at = stackalloc Vector512<float>*[16];

        // The weights of each tap as a vector over the channels (w is count × taps: planes of taps, transposed 16 taps at a
        // time as the input is), and the bias. Built lane by lane on the stack, each vector's load waited for 16 stores.
        Vector512<float>* wv = stackalloc Vector512<float>[MaxChannelBlockKernel * MaxChannelBlockKernel];
        for (int t0 = 0; t0 < taps; t0 += 16)
        {
            int n = Math.Min(16, taps - t0);
            for (int q = 0; q < n; q++)
            {
                at[q] = wv + t0 + q;
            }

            PlanesToPixels(w + t0, taps, count, n, at);
        }

        Vector512<float> b = bias == null ? default : Avx512F.MaskLoad(bias, VectorMath.FirstLanes512(count), Vector512<float>.Zero);
        int oh = s.OutHeight, ow = s.OutWidth, sh = s.StrideHeight, sw = s.StrideWidth;
        nint rowStep = (nint)s.DilationHeight * paddedWidth * sizeof(Vector512<float>), tapStep = (nint)s.DilationWidth * sizeof(Vector512<float>);
        if (sw == 1 && s.DilationWidth == 1 && (kw == 3 || kw == 5) && BlockedRows)
        {
            for (int r = 0; r < oh; r++)
            {
                Vector512<float>* top = padded + ((r * sh) * paddedWidth);
                for (int q = 0; q < ow; q += 8)
                {
                    if (kw == 5)
                    {
                        Pixels8Taps5(top + q, wv, kh, rowStep, b, outputs + (r * ow) + q, Math.Min(8, ow - q));
                    }
                    else
                    {
                        Pixels8Taps3(top + q, wv, kh, rowStep, b, outputs + (r * ow) + q, Math.Min(8, ow - q));
                    }
                }
            }

        }
        else
        {
            for (int r = 0; r < oh; r++)
            {
                Vector512<float>* top = padded + ((r * sh) * paddedWidth);
                Vector512<float>* o = outputs + (r * ow);
                for (int q = 0; q < ow; q += 8)
                {
                    // Eight output pixels per pass, eight chains of multiply-adds in flight (past the row's end, the last
                    // pixel again: the same value stored twice).
                    int last = ow - 1;
                    int q0 = q * sw, q1 = Math.Min(q + 1, last) * sw, q2 = Math.Min(q + 2, last) * sw, q3 = Math.Min(q + 3, last) * sw;
                    int q4 = Math.Min(q + 4, last) * sw, q5 = Math.Min(q + 5, last) * sw, q6 = Math.Min(q + 6, last) * sw, q7 = Math.Min(q + 7, last) * sw;
                    Vector512<float> a0 = b, a1 = b, a2 = b, a3 = b, a4 = b, a5 = b, a6 = b, a7 = b;

                    // Byte pointers to each pixel's first tap and one byte offset per tap: no index arithmetic per load.
                    byte* p0 = (byte*)(top + q0), p1 = (byte*)(top + q1), p2 = (byte*)(top + q2), p3 = (byte*)(top + q3);
                    byte* p4 = (byte*)(top + q4), p5 = (byte*)(top + q5), p6 = (byte*)(top + q6), p7 = (byte*)(top + q7);
                    Vector512<float>* wt = wv;
                    for (int i = 0; i < kh; i++)
                    {
                        nint off = (nint)i * rowStep;
                        for (int j = 0; j < kw; j++, off += tapStep, wt++)
                        {
                            Vector512<float> wj = *wt;
                            a0 = VectorMath.MultiplyAdd(wj, *(Vector512<float>*)(p0 + off), a0);
                            a1 = VectorMath.MultiplyAdd(wj, *(Vector512<float>*)(p1 + off), a1);
                            a2 = VectorMath.MultiplyAdd(wj, *(Vector512<float>*)(p2 + off), a2);
                            a3 = VectorMath.MultiplyAdd(wj, *(Vector512<float>*)(p3 + off), a3);
                            a4 = VectorMath.MultiplyAdd(wj, *(Vector512<float>*)(p4 + off), a4);
                            a5 = VectorMath.MultiplyAdd(wj, *(Vector512<float>*)(p5 + off), a5);
                            a6 = VectorMath.MultiplyAdd(wj, *(Vector512<float>*)(p6 + off), a6);
                            a7 = VectorMath.MultiplyAdd(wj, *(Vector512<float>*)(p7 + off), a7);
                        }
                    }

                    o[Math.Min(q + 7, last)] = a7;
                    o[Math.Min(q + 6, last)] = a6;
                    o[Math.Min(q + 5, last)] = a5;
                    o[Math.Min(q + 4, last)] = a4;
                    o[Math.Min(q + 3, last)] = a3;
                    o[Math.Min(q + 2, last)] = a2;
                    o[Math.Min(q + 1, last)] = a1;
                    o[q] = a0;
                }
            }
        }

        if (typeof(TEpilogue) != typeof(Identity))
        {
            // The epilogue apart from the multiply-adds (a costly one inlined eight times would spill the accumulators).
            for (int q = 0; q < outPlane; q++)
            {
                outputs[q] = epilogue.Invoke(outputs[q]);
            }
        }

        // Output pixels, 16 at a time, back to the channels' planes.
        for (int p0 = 0; p0 < outPlane; p0 += 16)
        {
            PixelsToPlanes(outputs + p0, Math.Min(16, outPlane - p0), y + p0, outPlane, count);
        }
    }

    /// <summary>
    /// Eight consecutive output pixels of a stride-1 row, 5 taps per kernel row: each kernel row's 12 input vectors
    /// and 5 weights are loaded once for its 40 multiply-adds (the general loop loaded an input per multiply-add).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pixels8Taps5(Vector512<float>* src, Vector512<float>* w, int kh, nint rowStep, Vector512<float> b, Vector512<float>* o, int n)
    {
        Vector512<float> a0 = b, a1 = b, a2 = b, a3 = b, a4 = b, a5 = b, a6 = b, a7 = b;
        for (int i = 0; i < kh; i++, src = (Vector512<float>*)((byte*)src + rowStep), w += 5)
        {
            Vector512<float> w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3], w4 = w[4];
            Vector512<float> x0 = src[0], x1 = src[1], x2 = src[2], x3 = src[3], x4 = src[4], x5 = src[5];
            a0 = VectorMath.MultiplyAdd(w0, x0, a0);
            a0 = VectorMath.MultiplyAdd(w1, x1, a0);
            a1 = VectorMath.MultiplyAdd(w0, x1, a1);
            a0 = VectorMath.MultiplyAdd(w2, x2, a0);
            a1 = VectorMath.MultiplyAdd(w1, x2, a1);
            a2 = VectorMath.MultiplyAdd(w0, x2, a2);
            a0 = VectorMath.MultiplyAdd(w3, x3, a0);
            a1 = VectorMath.MultiplyAdd(w2, x3, a1);
            a2 = VectorMath.MultiplyAdd(w1, x3, a2);
            a3 = VectorMath.MultiplyAdd(w0, x3, a3);
            a0 = VectorMath.MultiplyAdd(w4, x4, a0);
            a1 = VectorMath.MultiplyAdd(w3, x4, a1);
            a2 = VectorMath.MultiplyAdd(w2, x4, a2);
            a3 = VectorMath.MultiplyAdd(w1, x4, a3);
            a4 = VectorMath.MultiplyAdd(w0, x4, a4);
            a1 = VectorMath.MultiplyAdd(w4, x5, a1);
            a2 = VectorMath.MultiplyAdd(w3, x5, a2);
            a3 = VectorMath.MultiplyAdd(w2, x5, a3);
            a4 = VectorMath.MultiplyAdd(w1, x5, a4);
            a5 = VectorMath.MultiplyAdd(w0, x5, a5);
            Vector512<float> x6 = src[6], x7 = src[7], x8 = src[8];
            a2 = VectorMath.MultiplyAdd(w4, x6, a2);
            a3 = VectorMath.MultiplyAdd(w3, x6, a3);
            a4 = VectorMath.MultiplyAdd(w2, x6, a4);
            a5 = VectorMath.MultiplyAdd(w1, x6, a5);
            a6 = VectorMath.MultiplyAdd(w0, x6, a6);
            a3 = VectorMath.MultiplyAdd(w4, x7, a3);
            a4 = VectorMath.MultiplyAdd(w3, x7, a4);
            a5 = VectorMath.MultiplyAdd(w2, x7, a5);
            a6 = VectorMath.MultiplyAdd(w1, x7, a6);
            a7 = VectorMath.MultiplyAdd(w0, x7, a7);
            a4 = VectorMath.MultiplyAdd(w4, x8, a4);
            a5 = VectorMath.MultiplyAdd(w3, x8, a5);
            a6 = VectorMath.MultiplyAdd(w2, x8, a6);
            a7 = VectorMath.MultiplyAdd(w1, x8, a7);
            Vector512<float> x9 = src[9], x10 = src[10], x11 = src[11];
            a5 = VectorMath.MultiplyAdd(w4, x9, a5);
            a6 = VectorMath.MultiplyAdd(w3, x9, a6);
            a7 = VectorMath.MultiplyAdd(w2, x9, a7);
            a6 = VectorMath.MultiplyAdd(w4, x10, a6);
            a7 = VectorMath.MultiplyAdd(w3, x10, a7);
            a7 = VectorMath.MultiplyAdd(w4, x11, a7);
        }

        Store8(o, n, a0, a1, a2, a3, a4, a5, a6, a7);
    }

    /// <summary><see cref="Pixels8Taps5"/> for 3 taps per kernel row: 10 input vectors for 24 multiply-adds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pixels8Taps3(Vector512<float>* src, Vector512<float>* w, int kh, nint rowStep, Vector512<float> b, Vector512<float>* o, int n)
    {
        Vector512<float> a0 = b, a1 = b, a2 = b, a3 = b, a4 = b, a5 = b, a6 = b, a7 = b;
        for (int i = 0; i < kh; i++, src = (Vector512<float>*)((byte*)src + rowStep), w += 3)
        {
            Vector512<float> w0 = w[0], w1 = w[1], w2 = w[2];
            Vector512<float> x0 = src[0], x1 = src[1], x2 = src[2], x3 = src[3], x4 = src[4];
            a0 = VectorMath.MultiplyAdd(w0, x0, a0);
            a0 = VectorMath.MultiplyAdd(w1, x1, a0);
            a1 = VectorMath.MultiplyAdd(w0, x1, a1);
            a0 = VectorMath.MultiplyAdd(w2, x2, a0);
            a1 = VectorMath.MultiplyAdd(w1, x2, a1);
            a2 = VectorMath.MultiplyAdd(w0, x2, a2);
            a1 = VectorMath.MultiplyAdd(w2, x3, a1);
            a2 = VectorMath.MultiplyAdd(w1, x3, a2);
            a3 = VectorMath.MultiplyAdd(w0, x3, a3);
            a2 = VectorMath.MultiplyAdd(w2, x4, a2);
            a3 = VectorMath.MultiplyAdd(w1, x4, a3);
            a4 = VectorMath.MultiplyAdd(w0, x4, a4);
            Vector512<float> x5 = src[5], x6 = src[6], x7 = src[7], x8 = src[8], x9 = src[9];
            a3 = VectorMath.MultiplyAdd(w2, x5, a3);
            a4 = VectorMath.MultiplyAdd(w1, x5, a4);
            a5 = VectorMath.MultiplyAdd(w0, x5, a5);
            a4 = VectorMath.MultiplyAdd(w2, x6, a4);
            a5 = VectorMath.MultiplyAdd(w1, x6, a5);
            a6 = VectorMath.MultiplyAdd(w0, x6, a6);
            a5 = VectorMath.MultiplyAdd(w2, x7, a5);
            a6 = VectorMath.MultiplyAdd(w1, x7, a6);
            a7 = VectorMath.MultiplyAdd(w0, x7, a7);
            a6 = VectorMath.MultiplyAdd(w2, x8, a6);
            a7 = VectorMath.MultiplyAdd(w1, x8, a7);
            a7 = VectorMath.MultiplyAdd(w2, x9, a7);
        }

        Store8(o, n, a0, a1, a2, a3, a4, a5, a6, a7);
    }

    /// <summary>The first <paramref name="n"/> (1-8) of eight pixel vectors to o[0..n).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store8(Vector512<float>* o, int n, Vector512<float> a0, Vector512<float> a1, Vector512<float> a2, Vector512<float> a3, Vector512<float> a4, Vector512<float> a5, Vector512<float> a6, Vector512<float> a7)
    {
        o[0] = a0;
        if (n > 1) { o[1] = a1; }
        if (n > 2) { o[2] = a2; }
        if (n > 3) { o[3] = a3; }
        if (n > 4) { o[4] = a4; }
        if (n > 5) { o[5] = a5; }
        if (n > 6) { o[6] = a6; }
        if (n > 7) { o[7] = a7; }
    }

    /// <summary>Transposes the 16×16 floats in r0-r15 (row i = ri) in place; inlined, they stay in registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose16(
        ref Vector512<float> r0, ref Vector512<float> r1, ref Vector512<float> r2, ref Vector512<float> r3,
        ref Vector512<float> r4, ref Vector512<float> r5, ref Vector512<float> r6, ref Vector512<float> r7,
        ref Vector512<float> r8, ref Vector512<float> r9, ref Vector512<float> r10, ref Vector512<float> r11,
        ref Vector512<float> r12, ref Vector512<float> r13, ref Vector512<float> r14, ref Vector512<float> r15)
    {
        // Pairs of rows interleaved, then pairs of pairs, then the 128-bit lanes of groups of four, then of eight.
        Vector512<float> t0 = Avx512F.UnpackLow(r0, r1), t1 = Avx512F.UnpackHigh(r0, r1), t2 = Avx512F.UnpackLow(r2, r3), t3 = Avx512F.UnpackHigh(r2, r3);
        Vector512<float> t4 = Avx512F.UnpackLow(r4, r5), t5 = Avx512F.UnpackHigh(r4, r5), t6 = Avx512F.UnpackLow(r6, r7), t7 = Avx512F.UnpackHigh(r6, r7);
        Vector512<float> t8 = Avx512F.UnpackLow(r8, r9), t9 = Avx512F.UnpackHigh(r8, r9), t10 = Avx512F.UnpackLow(r10, r11), t11 = Avx512F.UnpackHigh(r10, r11);
        Vector512<float> t12 = Avx512F.UnpackLow(r12, r13), t13 = Avx512F.UnpackHigh(r12, r13), t14 = Avx512F.UnpackLow(r14, r15), t15 = Avx512F.UnpackHigh(r14, r15);
        r0 = Avx512F.Shuffle(t0, t2, 0x44); r1 = Avx512F.Shuffle(t0, t2, 0xEE); r2 = Avx512F.Shuffle(t1, t3, 0x44); r3 = Avx512F.Shuffle(t1, t3, 0xEE);
        r4 = Avx512F.Shuffle(t4, t6, 0x44); r5 = Avx512F.Shuffle(t4, t6, 0xEE); r6 = Avx512F.Shuffle(t5, t7, 0x44); r7 = Avx512F.Shuffle(t5, t7, 0xEE);
        r8 = Avx512F.Shuffle(t8, t10, 0x44); r9 = Avx512F.Shuffle(t8, t10, 0xEE); r10 = Avx512F.Shuffle(t9, t11, 0x44); r11 = Avx512F.Shuffle(t9, t11, 0xEE);
        r12 = Avx512F.Shuffle(t12, t14, 0x44); r13 = Avx512F.Shuffle(t12, t14, 0xEE); r14 = Avx512F.Shuffle(t13, t15, 0x44); r15 = Avx512F.Shuffle(t13, t15, 0xEE);
        t0 = Avx512F.Shuffle4x128(r0, r4, 0x88); t1 = Avx512F.Shuffle4x128(r1, r5, 0x88); t2 = Avx512F.Shuffle4x128(r2, r6, 0x88); t3 = Avx512F.Shuffle4x128(r3, r7, 0x88);
        t4 = Avx512F.Shuffle4x128(r0, r4, 0xDD); t5 = Avx512F.Shuffle4x128(r1, r5, 0xDD); t6 = Avx512F.Shuffle4x128(r2, r6, 0xDD); t7 = Avx512F.Shuffle4x128(r3, r7, 0xDD);
        t8 = Avx512F.Shuffle4x128(r8, r12, 0x88); t9 = Avx512F.Shuffle4x128(r9, r13, 0x88); t10 = Avx512F.Shuffle4x128(r10, r14, 0x88); t11 = Avx512F.Shuffle4x128(r11, r15, 0x88);
        t12 = Avx512F.Shuffle4x128(r8, r12, 0xDD); t13 = Avx512F.Shuffle4x128(r9, r13, 0xDD); t14 = Avx512F.Shuffle4x128(r10, r14, 0xDD); t15 = Avx512F.Shuffle4x128(r11, r15, 0xDD);
        r0 = Avx512F.Shuffle4x128(t0, t8, 0x88); r1 = Avx512F.Shuffle4x128(t1, t9, 0x88); r2 = Avx512F.Shuffle4x128(t2, t10, 0x88); r3 = Avx512F.Shuffle4x128(t3, t11, 0x88);
        r4 = Avx512F.Shuffle4x128(t4, t12, 0x88); r5 = Avx512F.Shuffle4x128(t5, t13, 0x88); r6 = Avx512F.Shuffle4x128(t6, t14, 0x88); r7 = Avx512F.Shuffle4x128(t7, t15, 0x88);
        r8 = Avx512F.Shuffle4x128(t0, t8, 0xDD); r9 = Avx512F.Shuffle4x128(t1, t9, 0xDD); r10 = Avx512F.Shuffle4x128(t2, t10, 0xDD); r11 = Avx512F.Shuffle4x128(t3, t11, 0xDD);
        r12 = Avx512F.Shuffle4x128(t4, t12, 0xDD); r13 = Avx512F.Shuffle4x128(t5, t13, 0xDD); r14 = Avx512F.Shuffle4x128(t6, t14, 0xDD); r15 = Avx512F.Shuffle4x128(t7, t15, 0xDD);
    }

    /// <summary>
    /// The first <paramref name="count"/> planes of <paramref name="x"/>, 16 pixels at a time, transposed into
    /// padded[(row + padTop)·paddedWidth + column + padLeft] as vectors over the channels (pixels no output reads go to
    /// a spare vector).
    /// </summary>
    internal static void PlanesToPadded(float* x, int count, ConvShape s, int paddedHeight, int paddedWidth, Vector512<float>* padded)
    {
        int inPlane = s.InPlane, inWidth = s.InWidth;
        Vector512<float>** at = stackalloc Vector512<float>*[16];
        Vector512<float> spare;
        int row = 0, column = 0;
        for (int p0 = 0; p0 < inPlane; p0 += 16)
        {
            int n = Math.Min(16, inPlane - p0);
            for (int q = 0; q < n; q++)
            {
                int pr = row + s.PadTop, pc = column + s.PadLeft;
                at[q] = (uint)pr < (uint)paddedHeight && (uint)pc < (uint)paddedWidth ? padded + ((pr * paddedWidth) + pc) : &spare;
                if (++column == inWidth)
                {
                    column = 0;
                    row++;
                }
            }

            PlanesToPixels(x + p0, inPlane, count, n, at);
        }
    }

    /// <summary>
    /// Pixels [p0, p0 + n) of 16 planes (zeros past n, and for planes from <paramref name="count"/> on) as n vectors
    /// over the channels, stored at dst[q] for pixel p0 + q (through <paramref name="at"/>: the destination of each).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void PlanesToPixels(float* x, int plane, int count, int n, Vector512<float>** at)
    {
        Vector512<float> mask = VectorMath.FirstLanes512(n);
        Vector512<float> r0 = Row(x, 0), r1 = Row(x, 1), r2 = Row(x, 2), r3 = Row(x, 3), r4 = Row(x, 4), r5 = Row(x, 5), r6 = Row(x, 6), r7 = Row(x, 7);
        Vector512<float> r8 = Row(x, 8), r9 = Row(x, 9), r10 = Row(x, 10), r11 = Row(x, 11), r12 = Row(x, 12), r13 = Row(x, 13), r14 = Row(x, 14), r15 = Row(x, 15);
        Transpose16(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7, ref r8, ref r9, ref r10, ref r11, ref r12, ref r13, ref r14, ref r15);
        *at[0] = r0;
        if (n > 1) { *at[1] = r1; }
        if (n > 2) { *at[2] = r2; }
        if (n > 3) { *at[3] = r3; }
        if (n > 4) { *at[4] = r4; }
        if (n > 5) { *at[5] = r5; }
        if (n > 6) { *at[6] = r6; }
        if (n > 7) { *at[7] = r7; }
        if (n > 8) { *at[8] = r8; }
        if (n > 9) { *at[9] = r9; }
        if (n > 10) { *at[10] = r10; }
        if (n > 11) { *at[11] = r11; }
        if (n > 12) { *at[12] = r12; }
        if (n > 13) { *at[13] = r13; }
        if (n > 14) { *at[14] = r14; }
        if (n > 15) { *at[15] = r15; }

        Vector512<float> Row(float* source, int c) =>
            c >= count ? Vector512<float>.Zero : n == 16 ? Vector512.Load(source + ((long)c * plane)) : Avx512F.MaskLoad(source + ((long)c * plane), mask, Vector512<float>.Zero);
    }

    /// <summary>Vectors src[0..n) over 16 channels (pixels p0 ..) back to the first <paramref name="count"/> planes at y + c·plane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void PixelsToPlanes(Vector512<float>* src, int n, float* y, int plane, int count)
    {
        Vector512<float> mask = VectorMath.FirstLanes512(n);
        Vector512<float> r0 = src[0], r1 = n > 1 ? src[1] : default, r2 = n > 2 ? src[2] : default, r3 = n > 3 ? src[3] : default;
        Vector512<float> r4 = n > 4 ? src[4] : default, r5 = n > 5 ? src[5] : default, r6 = n > 6 ? src[6] : default, r7 = n > 7 ? src[7] : default;
        Vector512<float> r8 = n > 8 ? src[8] : default, r9 = n > 9 ? src[9] : default, r10 = n > 10 ? src[10] : default, r11 = n > 11 ? src[11] : default;
        Vector512<float> r12 = n > 12 ? src[12] : default, r13 = n > 13 ? src[13] : default, r14 = n > 14 ? src[14] : default, r15 = n > 15 ? src[15] : default;
        Transpose16(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7, ref r8, ref r9, ref r10, ref r11, ref r12, ref r13, ref r14, ref r15);
        Put(y, r0, 0);
        if (count > 1) { Put(y, r1, 1); }
        if (count > 2) { Put(y, r2, 2); }
        if (count > 3) { Put(y, r3, 3); }
        if (count > 4) { Put(y, r4, 4); }
        if (count > 5) { Put(y, r5, 5); }
        if (count > 6) { Put(y, r6, 6); }
        if (count > 7) { Put(y, r7, 7); }
        if (count > 8) { Put(y, r8, 8); }
        if (count > 9) { Put(y, r9, 9); }
        if (count > 10) { Put(y, r10, 10); }
        if (count > 11) { Put(y, r11, 11); }
        if (count > 12) { Put(y, r12, 12); }
        if (count > 13) { Put(y, r13, 13); }
        if (count > 14) { Put(y, r14, 14); }
        if (count > 15) { Put(y, r15, 15); }

        void Put(float* target, Vector512<float> value, int c)
        {
            if (n == 16)
            {
                value.Store(target + ((long)c * plane));
            }
            else
            {
                Avx512F.MaskStore(target + ((long)c * plane), mask, value);
            }
        }
    }
#endif

    /// <summary>Rows of 8-15 outputs on one masked 512-bit vector each; a switch for same-process comparisons.</summary>
    internal static bool MaskedRows = true;

    /// <summary>
    /// y = epilogue(flat + residual), dropping the flat rows' extra columns: the rows are first packed together
    /// in place, then the whole plane goes through the epilogue in vectors, so short rows (7 wide) leave no scalar
    /// tails (a scalar SiLU or HardSwish per leftover element cost more than the convolution).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void StoreRows<TEpilogue>(float* flat, float* y, float* residual, int outHeight, int outWidth, int width, int vectorWidth, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        // Row oh moves down from oh·width to oh·outWidth: forwards, element by element, never over what is still unread.
        for (int oh = 1; oh < outHeight; oh++)
        {
            float* src = flat + ((nint)oh * width), dst = flat + ((nint)oh * outWidth);
            for (int k = 0; k < outWidth; k++)
            {
                dst[k] = src[k];
            }
        }

        int n = outHeight * outWidth, i = 0;
        if (vectorWidth == 256)
        {
            for (; i + 8 <= n; i += 8)
            {
                Vector256<float> v = Vector256.Load(flat + i);
                if (residual != null)
                {
                    v += Vector256.Load(residual + i);
                }

                epilogue.Invoke(v).Store(y + i);
            }
        }

        if (vectorWidth != 0)
        {
            for (; i + 4 <= n; i += 4)
            {
                Vector128<float> v = Vector128.Load(flat + i);
                if (residual != null)
                {
                    v += Vector128.Load(residual + i);
                }

                epilogue.Invoke(v).Store(y + i);
            }

            if (i < n)
            {
                // The last one to three: through one vector in a scratch copy (flat has room past its end).
                float* tail = flat + i;
                for (int k = 0; k < n - i; k++)
                {
                    tail[k] += residual == null ? 0f : residual[i + k];
                }

                epilogue.Invoke(Vector128.Load(tail)).Store(tail);
                for (int k = 0; k < n - i; k++)
                {
                    y[i + k] = tail[k];
                }
            }

            return;
        }

        for (; i < n; i++)
        {
            y[i] = epilogue.Invoke(flat[i] + (residual == null ? 0f : residual[i]));
        }
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
