using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Neo.Runtime.Threading;

namespace Neo.Runtime.Kernels;

/// <summary>
/// Direct convolution for small convolutions (LeNet-class: few channels, small planes), where im2col's
/// per-row bookkeeping and the 6×16 GEMM tile's partial tiles cost more than the multiplies. A tile is 8
/// output pixels (consecutive in the output plane, crossing rows freely) × 8 output channels: for every
/// (input channel, kernel row, kernel column) one vector of 8 weights meets each pixel's input value broadcast,
/// into 8 independent accumulators. Each pixel reads the input through its own pointer plus a tap offset shared by
/// all pixels, so any stride, dilation and width works with no unfolding and no wasted lanes at row ends.
/// Padding is applied once, into a padded copy of the input; the 8×8 tile is transposed in registers so each
/// output channel stores 8 consecutive pixels.
/// </summary>
public static unsafe partial class Conv
{
    /// <summary>Output channels per weight block, and output pixels per tile, of <see cref="Direct2D"/>.</summary>
    private const int DirectBlock = 8;

    /// <summary>
    /// Below this many multiply-accumulates the direct kernel stays on the calling thread: its tiles are so cheap
    /// that waking a worker for LeNet's 320k-MAC convolution measured slower than running it alone.
    /// </summary>
    private const long DirectParallelMacs = 1 << 20;

    /// <summary>Two channel blocks per pass on AVX-512 (<see cref="DirectTile256Blocks"/>); a switch for same-process comparisons.</summary>
    internal static bool PairBlocks = true;

    /// <summary>The length of the weights blocked by <see cref="PackDirectWeights"/>: per group, blocks of 8 output channels × K × 8.</summary>
    public static int DirectWeightsLength(int outChannels, int groups, int kPerGroup) =>
        checked(groups * (((outChannels / groups) + DirectBlock - 1) / DirectBlock) * kPerGroup * DirectBlock);

    /// <summary>
    /// Blocks OIHW weights for <see cref="Direct2D"/>: per group and block of 8 output channels, for each
    /// (input channel, kernel row, kernel column) the 8 channels' weights side by side (zeros past the last channel).
    /// Called at build time.
    /// </summary>
    public static void PackDirectWeights(ReadOnlySpan<float> weights, Span<float> packed, int outChannels, int groups, int kPerGroup)
    {
        int m = outChannels / groups;
        int blocks = (m + DirectBlock - 1) / DirectBlock;
        if (weights.Length < (long)outChannels * kPerGroup || packed.Length < DirectWeightsLength(outChannels, groups, kPerGroup))
        {
            throw new ArgumentException("NEO3020: convolution weights or their blocked buffer are shorter than the shape needs.");
        }

        packed.Clear();
        for (int g = 0; g < groups; g++)
        {
            for (int c = 0; c < m; c++)
            {
                int block = (g * blocks) + (c / DirectBlock), lane = c % DirectBlock;
                for (int t = 0; t < kPerGroup; t++)
                {
                    packed[(((block * kPerGroup) + t) * DirectBlock) + lane] = weights[(((g * m) + c) * kPerGroup) + t];
                }
            }
        }
    }

    /// <summary>
    /// 2-D convolution, direct, with weights blocked at build time by <see cref="PackDirectWeights"/>;
    /// y = epilogue(conv + bias[channel] + residual[i]). <paramref name="bias"/> and <paramref name="residual"/> may be empty.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Direct2D<TEpilogue>(
        ThreadTeam team,
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> blockedWeights,
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
        var s = new ConvShape(batch, inChannels, inHeight, inWidth, outChannels, outHeight, outWidth, kernelHeight, kernelWidth, strideHeight, strideWidth, padTop, padLeft, dilationHeight, dilationWidth, groups);
        CheckOperands(s, input.Length, output.Length, blockedWeights.Length, DirectWeightsLength(outChannels, groups, s.K), bias.Length, residual.Length);

        if (s.N == 0 || s.OutputLength == 0)
        {
            return;
        }

        // The input extent the windows read, from the first padded row and column on.
        int readHeight = ((outHeight - 1) * strideHeight) + ((kernelHeight - 1) * dilationHeight) + 1;
        int readWidth = ((outWidth - 1) * strideWidth) + ((kernelWidth - 1) * dilationWidth) + 1;
        bool pad = padTop > 0 || padLeft > 0 || readHeight > inHeight || readWidth > inWidth;
        int rowStride = pad ? readWidth : inWidth;
        int plane = pad ? readHeight * readWidth : inHeight * inWidth;
        int k = s.K;

        // Slot 0: the tap offsets, the pixel offsets and the bias padded to whole blocks; slot 1: the padded input.
        // Written here, only read by the job.
        int tiles = (s.N + DirectBlock - 1) / DirectBlock;
        int m = s.M, blocks = (m + DirectBlock - 1) / DirectBlock;
        int pixelCount = Math.Max(s.N, DirectBlock);
        int* taps = (int*)Workspace.Get(0, k + pixelCount + ((long)groups * blocks * DirectBlock));
        int* pixels = taps + k;
        float* biasLanes = (float*)(pixels + pixelCount);
        int icPerGroup = inChannels / groups;
        int t = 0;
        for (int c = 0; c < icPerGroup; c++)
        {
            for (int i = 0; i < kernelHeight; i++)
            {
                for (int j = 0; j < kernelWidth; j++)
                {
                    taps[t++] = (c * plane) + (i * dilationHeight * rowStride) + (j * dilationWidth);
                }
            }
        }

        // Tile i reads pixels [8i, 8i + 8), the last one [N - 8, N) (overlapping its neighbour, same values written
        // twice); a plane of fewer than 8 pixels repeats its last one (stored once).
        bool rows = UsesDirectRows(s, k);
        int q = 0;
        for (int oh = 0; oh < (rows ? 0 : outHeight); oh++)
        {
            int rowOffset = oh * strideHeight * rowStride;
            for (int ow = 0; ow < outWidth; ow++)
            {
                pixels[q++] = rowOffset + (ow * strideWidth);
            }
        }

        for (; q < (rows ? 0 : pixelCount); q++)
        {
            pixels[q] = pixels[s.N - 1];
        }

        for (int c = 0; c < groups * blocks * DirectBlock; c++)
        {
            int g = c / (blocks * DirectBlock), channel = c - (g * blocks * DirectBlock);
            biasLanes[c] = bias.IsEmpty || channel >= m ? 0f : bias[(g * m) + channel];
        }

        fixed (float* px = input, pw = blockedWeights, py = output, pr = residual)
        {
            float* x = px;
            if (pad)
            {
                x = Workspace.Get(1, (long)batch * inChannels * plane);
                PadPlanes(px, x, batch * inChannels, s, readHeight, readWidth);
            }

            if (rows)
            {
                // No pixel table: a unit's pixels are one output row.
                var rowJob = new DirectRowsJob<TEpilogue>
                {
                    Shape = s, X = x, Plane = plane, RowStride = rowStride, Taps = taps, W = pw, Bias = biasLanes, Y = py, Residual = pr, Epilogue = epilogue,
                };
                int rowUnits = batch * groups * blocks * outHeight;
                if (team.Threads == 1 || s.Macs < DirectParallelMacs || rowUnits < 2)
                {
                    rowJob.Execute(0, rowUnits);
                }
                else
                {
                    team.Run(rowUnits, ref rowJob);
                }

                return;
            }

            var job = new DirectJob<TEpilogue>
            {
                Shape = s, X = x, Plane = plane, Taps = taps, Pixels = pixels, Tiles = tiles, W = pw, Bias = biasLanes, Y = py, Residual = pr, Epilogue = epilogue,
            };
            int units = batch * groups * tiles;
            if (team.Threads == 1 || s.Macs < DirectParallelMacs || units < 2)
            {
                job.Execute(0, units);
            }
            else
            {
                team.Run(units, ref job);
            }
        }
    }

    /// <summary>Copies each plane into a zeroed <paramref name="height"/> × <paramref name="width"/> frame at (padTop, padLeft).</summary>
    private static void PadPlanes(float* x, float* padded, int planes, ConvShape s, int height, int width)
    {
        int copy = Math.Max(0, Math.Min(s.InWidth, width - s.PadLeft));
        for (int p = 0; p < planes; p++)
        {
            float* src = x + ((long)p * s.InPlane);
            float* dst = padded + ((long)p * height * width);
            new Span<float>(dst, height * width).Clear();
            for (int r = Math.Max(0, s.PadTop); r < height; r++)
            {
                int ih = r - s.PadTop;
                if (ih >= s.InHeight)
                {
                    break;
                }

                new ReadOnlySpan<float>(src + (ih * s.InWidth), copy).CopyTo(new Span<float>(dst + (r * width) + s.PadLeft, copy));
            }
        }
    }

    private struct DirectJob<TEpilogue> : IParallelJob
        where TEpilogue : struct, IUnaryOperator
    {
        public ConvShape Shape;
        public float* X, W, Bias, Y, Residual;
        public int* Taps, Pixels;
        public int Plane, Tiles;
        public TEpilogue Epilogue;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Execute(int start, int end)
        {
            ConvShape s = Shape;
            int m = s.M, n = s.N, k = s.K;
            int blocks = (m + DirectBlock - 1) / DirectBlock;
            int icPerGroup = s.InChannels / s.Groups;
            bool wide = GemmTiles.Width >= 256 && Avx.IsSupported;
            bool narrowVector = GemmTiles.Width >= 128 && Vector128.IsHardwareAccelerated;
            int count = Math.Min(DirectBlock, n);
            // On 256-bit tiles, not under 32 taps: there the second tile's store through memory costs more than the
            // shared loads save (1 input channel, 3×3: 0.75× of the single block, same process). The 512-bit pair
            // halves the multiply-adds and pays at any depth (PairShallow).
            bool wideBlocks = wide && GemmTiles.Width >= 512 && Vector512.IsHardwareAccelerated && WideBlocks && PairBlocks;
            bool pairBlocks = wide && Avx512F.VL.IsSupported && PairBlocks && (k >= 32 || (wideBlocks && PairShallow));
            int image = start / Tiles, tile = start - (image * Tiles);
            int g = image % s.Groups, b = image / s.Groups;
            float* x = X + ((((long)b * s.InChannels) + (g * icPerGroup)) * Plane);
            for (int unit = start; unit < end; unit++, tile++)
            {
                if (tile == Tiles)
                {
                    tile = 0;
                    if (++g == s.Groups)
                    {
                        g = 0;
                        b++;
                    }

                    x = X + ((((long)b * s.InChannels) + (g * icPerGroup)) * Plane);
                }

                int p0 = Math.Max(0, Math.Min(tile * DirectBlock, n - DirectBlock));
                int* pixels = Pixels + p0;
                for (int block = 0; block < blocks; block++)
                {
                    if (pairBlocks && block + 1 < blocks)
                    {
                        // Two channel blocks (16 channels) over the same 8 pixels: each broadcast input serves two
                        // weight vectors, 16 independent accumulators (AVX-512's 32 registers hold them).
                        int ca = block * DirectBlock;
                        long ya = ((((long)b * s.OutChannels) + (g * m) + ca) * n) + p0;
                        var first = new DirectTileOutput
                        {
                            Y = Y + ya,
                            Residual = Residual == null ? null : Residual + ya,
                            Bias = Bias + (((g * blocks) + block) * DirectBlock),
                            N = n,
                            Count = count,
                            Channels = DirectBlock,
                        };
                        var second = first;
                        second.Y += (long)DirectBlock * n;
                        second.Residual = first.Residual == null ? null : first.Residual + ((long)DirectBlock * n);
                        second.Bias += DirectBlock;
                        second.Channels = Math.Min(DirectBlock, m - ca - DirectBlock);
                        float* wa = W + (((long)(g * blocks) + block) * k * DirectBlock);
                        if (wideBlocks)
                        {
                            DirectTile512Blocks(x, pixels, Taps, k, wa, wa + ((long)k * DirectBlock), first, second, Epilogue);
                        }
                        else
                        {
                            DirectTile256Blocks(x, pixels, Taps, k, wa, wa + ((long)k * DirectBlock), first, second, Epilogue);
                        }

                        block++;
                        continue;
                    }

                    int c0 = block * DirectBlock;
                    long yOffset = ((((long)b * s.OutChannels) + (g * m) + c0) * n) + p0;
                    var tileOut = new DirectTileOutput
                    {
                        Y = Y + yOffset,
                        Residual = Residual == null ? null : Residual + yOffset,
                        Bias = Bias + (((g * blocks) + block) * DirectBlock),
                        N = n,
                        Count = count,
                        Channels = Math.Min(DirectBlock, m - c0),
                    };
                    float* w = W + (((long)(g * blocks) + block) * k * DirectBlock);
                    if (wide)
                    {
                        DirectTile256(x, pixels, Taps, k, w, tileOut, Epilogue);
                    }
                    else
                    {
                        DirectTileNarrow(x, pixels, Taps, k, w, tileOut, Epilogue, narrowVector);
                    }
                }
            }
        }
    }

    /// <summary>Output rows along the vector on AVX-512 (<see cref="DirectRowsJob{TEpilogue}"/>); a switch for same-process comparisons.</summary>
    internal static bool DirectRows = true;

    /// <summary>
    /// Whether <see cref="DirectRowsJob{TEpilogue}"/> takes the convolution: stride 1 along the width, rows of at least 16
    /// pixels, and fewer than 32 taps (a first layer on one or a few channels, where the 8×8 tile reads 9 values per
    /// 8 multiply-adds and cannot pair channel blocks).
    /// </summary>
    private static bool UsesDirectRows(ConvShape s, int k) =>
        DirectRows && GemmTiles.Width >= 512 && Vector512.IsHardwareAccelerated && s.StrideWidth == 1 && s.OutWidth >= 16
        && (k < 32 || (RowsForOneBlock && s.M <= DirectBlock));

    /// <summary>
    /// One block of output channels (at most 8) takes the row kernel at any depth: it cannot pair blocks, and one tap
    /// is 16 multiply-adds of 16 pixels on 512-bit vectors against the tile's 8 of 8 pixels on 256-bit ones. A switch
    /// for same-process comparisons.
    /// </summary>
    internal static bool RowsForOneBlock = true;

    /// <summary>
    /// Direct convolution with output pixels along the vector: a unit is one output row of one block of 8 channels, in
    /// 16-pixel segments taken two at a time (the last segment overlaps its neighbour when the width is not a multiple
    /// of 16). Per tap, two input vectors are loaded once for 8 channels and 8 weights broadcast once for both:
    /// 16 independent accumulators, 10 loads per 16 multiply-adds, and the result already in the output's layout.
    /// </summary>
    private struct DirectRowsJob<TEpilogue> : IParallelJob
        where TEpilogue : struct, IUnaryOperator
    {
        public ConvShape Shape;
        public float* X, W, Bias, Y, Residual;
        public int* Taps;
        public int Plane, RowStride;
        public TEpilogue Epilogue;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Execute(int start, int end)
        {
            ConvShape s = Shape;
            int m = s.M, n = s.N, k = s.K, ow = s.OutWidth, oh = s.OutHeight;
            int blocks = (m + DirectBlock - 1) / DirectBlock;
            int icPerGroup = s.InChannels / s.Groups;
            int segments = (ow + 15) / 16;
            for (int unit = start; unit < end; unit++)
            {
                int row = unit % oh, rest = unit / oh;
                int block = rest % blocks, image = rest / blocks;
                int g = image % s.Groups, b = image / s.Groups;
                float* x = X + ((((long)b * s.InChannels) + (g * icPerGroup)) * Plane) + ((long)row * s.StrideHeight * RowStride);
                float* w = W + (((long)(g * blocks) + block) * k * DirectBlock);
                int c0 = block * DirectBlock, channels = Math.Min(DirectBlock, m - c0);
                long yOffset = ((((long)b * s.OutChannels) + (g * m) + c0) * n) + ((long)row * ow);
                float* bias = Bias + (((g * blocks) + block) * DirectBlock);
                for (int q = 0; q < segments; q += 2)
                {
                    int first = Math.Min(q * 16, ow - 16);
                    int second = q + 1 < segments ? Math.Min((q + 1) * 16, ow - 16) : first;
                    RowPair(x, Taps, k, w, first, second, bias, Y + yOffset, Residual == null ? null : Residual + yOffset, n, channels, Epilogue);
                }
            }
        }
    }

    /// <summary>Two 16-pixel segments (at columns <paramref name="first"/> and <paramref name="second"/>) × 8 channels of one output row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowPair<TEpilogue>(float* x, int* taps, int k, float* w, int first, int second, float* bias, float* y, float* residual, int n, int channels, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        Vector512<float> b0 = default, b1 = default, b2 = default, b3 = default, b4 = default, b5 = default, b6 = default, b7 = default;
        float* xa = x + first, xb = x + second;
        for (int i = 0; i < k; i++, w += DirectBlock)
        {
            nint t = taps[i];
            Vector512<float> va = Vector512.Load(xa + t), vb = Vector512.Load(xb + t);
            Vector512<float> wv = Vector512.Create(w[0]);
            a0 = VectorMath.MultiplyAdd(va, wv, a0);
            b0 = VectorMath.MultiplyAdd(vb, wv, b0);
            wv = Vector512.Create(w[1]);
            a1 = VectorMath.MultiplyAdd(va, wv, a1);
            b1 = VectorMath.MultiplyAdd(vb, wv, b1);
            wv = Vector512.Create(w[2]);
            a2 = VectorMath.MultiplyAdd(va, wv, a2);
            b2 = VectorMath.MultiplyAdd(vb, wv, b2);
            wv = Vector512.Create(w[3]);
            a3 = VectorMath.MultiplyAdd(va, wv, a3);
            b3 = VectorMath.MultiplyAdd(vb, wv, b3);
            wv = Vector512.Create(w[4]);
            a4 = VectorMath.MultiplyAdd(va, wv, a4);
            b4 = VectorMath.MultiplyAdd(vb, wv, b4);
            wv = Vector512.Create(w[5]);
            a5 = VectorMath.MultiplyAdd(va, wv, a5);
            b5 = VectorMath.MultiplyAdd(vb, wv, b5);
            wv = Vector512.Create(w[6]);
            a6 = VectorMath.MultiplyAdd(va, wv, a6);
            b6 = VectorMath.MultiplyAdd(vb, wv, b6);
            wv = Vector512.Create(w[7]);
            a7 = VectorMath.MultiplyAdd(va, wv, a7);
            b7 = VectorMath.MultiplyAdd(vb, wv, b7);
        }

        // Channels past the last real one hold zero weights: computed, not stored.
        StoreRowSegments(a0, b0, 0, first, second, bias, y, residual, n, channels, epilogue);
        StoreRowSegments(a1, b1, 1, first, second, bias, y, residual, n, channels, epilogue);
        StoreRowSegments(a2, b2, 2, first, second, bias, y, residual, n, channels, epilogue);
        StoreRowSegments(a3, b3, 3, first, second, bias, y, residual, n, channels, epilogue);
        StoreRowSegments(a4, b4, 4, first, second, bias, y, residual, n, channels, epilogue);
        StoreRowSegments(a5, b5, 5, first, second, bias, y, residual, n, channels, epilogue);
        StoreRowSegments(a6, b6, 6, first, second, bias, y, residual, n, channels, epilogue);
        StoreRowSegments(a7, b7, 7, first, second, bias, y, residual, n, channels, epilogue);
    }

    /// <summary>Channel <paramref name="c"/>'s two segments: bias, residual, epilogue, stored at their columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRowSegments<TEpilogue>(Vector512<float> a, Vector512<float> b, int c, int first, int second, float* bias, float* y, float* residual, int n, int channels, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        if (c >= channels)
        {
            return;
        }

        Vector512<float> bc = Vector512.Create(bias[c]);
        a += bc;
        b += bc;
        long offset = (long)c * n;
        if (residual != null)
        {
            a += Vector512.Load(residual + offset + first);
            b += Vector512.Load(residual + offset + second);
        }

        // The second segment first: when it repeats the first (an odd segment count), the values are the same.
        epilogue.Invoke(b).Store(y + offset + second);
        epilogue.Invoke(a).Store(y + offset + first);
    }

    /// <summary>Where one 8-pixel × 8-channel tile goes: the first channel's first pixel, and how many of each are real.</summary>
    private struct DirectTileOutput
    {
        public float* Y, Residual, Bias;
        public int N, Count, Channels;
    }

    /// <summary>One tile on 256-bit vectors: accumulators hold 8 channels of one pixel, then an 8×8 transpose.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DirectTile256<TEpilogue>(float* x, int* pixels, int* taps, int k, float* w, DirectTileOutput o, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        float* x0 = x + pixels[0], x1 = x + pixels[1], x2 = x + pixels[2], x3 = x + pixels[3];
        float* x4 = x + pixels[4], x5 = x + pixels[5], x6 = x + pixels[6], x7 = x + pixels[7];
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        int* end = taps + k;
        for (int* tap = taps; tap < end; tap++, w += DirectBlock)
        {
            int t = *tap;
            Vector256<float> wv = Vector256.Load(w);
            a0 = VectorMath.MultiplyAdd(Vector256.Create(x0[t]), wv, a0);
            a1 = VectorMath.MultiplyAdd(Vector256.Create(x1[t]), wv, a1);
            a2 = VectorMath.MultiplyAdd(Vector256.Create(x2[t]), wv, a2);
            a3 = VectorMath.MultiplyAdd(Vector256.Create(x3[t]), wv, a3);
            a4 = VectorMath.MultiplyAdd(Vector256.Create(x4[t]), wv, a4);
            a5 = VectorMath.MultiplyAdd(Vector256.Create(x5[t]), wv, a5);
            a6 = VectorMath.MultiplyAdd(Vector256.Create(x6[t]), wv, a6);
            a7 = VectorMath.MultiplyAdd(Vector256.Create(x7[t]), wv, a7);
        }

        if (o.Count < DirectBlock)
        {
            float* tile = stackalloc float[DirectBlock * DirectBlock];
            StorePixels(tile, a0, a1, a2, a3, a4, a5, a6, a7);
            StoreDirectTile(tile, o, epilogue);
            return;
        }

        StoreTransposed(a0, a1, a2, a3, a4, a5, a6, a7, o, epilogue);
    }

    /// <summary>
    /// A whole tile from its accumulators (row p = pixel p's 8 channels): transposed in registers so that row c
    /// holds channel c for the 8 pixels, then stored one channel at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreTransposed<TEpilogue>(Vector256<float> a0, Vector256<float> a1, Vector256<float> a2, Vector256<float> a3, Vector256<float> a4, Vector256<float> a5, Vector256<float> a6, Vector256<float> a7, DirectTileOutput o, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        Vector256<float> t0 = Avx.UnpackLow(a0, a1), t1 = Avx.UnpackHigh(a0, a1);
        Vector256<float> t2 = Avx.UnpackLow(a2, a3), t3 = Avx.UnpackHigh(a2, a3);
        Vector256<float> t4 = Avx.UnpackLow(a4, a5), t5 = Avx.UnpackHigh(a4, a5);
        Vector256<float> t6 = Avx.UnpackLow(a6, a7), t7 = Avx.UnpackHigh(a6, a7);
        Vector256<float> s0 = Avx.Shuffle(t0, t2, 0x44), s1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> s2 = Avx.Shuffle(t1, t3, 0x44), s3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> s4 = Avx.Shuffle(t4, t6, 0x44), s5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> s6 = Avx.Shuffle(t5, t7, 0x44), s7 = Avx.Shuffle(t5, t7, 0xEE);
        StoreChannel(Avx.Permute2x128(s0, s4, 0x20), 0, o, epilogue);
        StoreChannel(Avx.Permute2x128(s1, s5, 0x20), 1, o, epilogue);
        StoreChannel(Avx.Permute2x128(s2, s6, 0x20), 2, o, epilogue);
        StoreChannel(Avx.Permute2x128(s3, s7, 0x20), 3, o, epilogue);
        StoreChannel(Avx.Permute2x128(s0, s4, 0x31), 4, o, epilogue);
        StoreChannel(Avx.Permute2x128(s1, s5, 0x31), 5, o, epilogue);
        StoreChannel(Avx.Permute2x128(s2, s6, 0x31), 6, o, epilogue);
        StoreChannel(Avx.Permute2x128(s3, s7, 0x31), 7, o, epilogue);
    }

    /// <summary>Two channel blocks (weights <paramref name="wa"/> and <paramref name="wb"/>) × the same 8 pixels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DirectTile256Blocks<TEpilogue>(float* x, int* pixels, int* taps, int k, float* wa, float* wb, DirectTileOutput oa, DirectTileOutput ob, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        float* x0 = x + pixels[0], x1 = x + pixels[1], x2 = x + pixels[2], x3 = x + pixels[3];
        float* x4 = x + pixels[4], x5 = x + pixels[5], x6 = x + pixels[6], x7 = x + pixels[7];
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        Vector256<float> b0 = default, b1 = default, b2 = default, b3 = default, b4 = default, b5 = default, b6 = default, b7 = default;
        for (int i = 0; i < k; i++)
        {
            nint t = taps[i];
            Vector256<float> va = Vector256.Load(wa + (i * DirectBlock)), vb = Vector256.Load(wb + (i * DirectBlock));
            Vector256<float> v0 = Vector256.Create(x0[t]), v1 = Vector256.Create(x1[t]), v2 = Vector256.Create(x2[t]), v3 = Vector256.Create(x3[t]);
            a0 = VectorMath.MultiplyAdd(v0, va, a0);
            b0 = VectorMath.MultiplyAdd(v0, vb, b0);
            a1 = VectorMath.MultiplyAdd(v1, va, a1);
            b1 = VectorMath.MultiplyAdd(v1, vb, b1);
            a2 = VectorMath.MultiplyAdd(v2, va, a2);
            b2 = VectorMath.MultiplyAdd(v2, vb, b2);
            a3 = VectorMath.MultiplyAdd(v3, va, a3);
            b3 = VectorMath.MultiplyAdd(v3, vb, b3);
            Vector256<float> v4 = Vector256.Create(x4[t]), v5 = Vector256.Create(x5[t]), v6 = Vector256.Create(x6[t]), v7 = Vector256.Create(x7[t]);
            a4 = VectorMath.MultiplyAdd(v4, va, a4);
            b4 = VectorMath.MultiplyAdd(v4, vb, b4);
            a5 = VectorMath.MultiplyAdd(v5, va, a5);
            b5 = VectorMath.MultiplyAdd(v5, vb, b5);
            a6 = VectorMath.MultiplyAdd(v6, va, a6);
            b6 = VectorMath.MultiplyAdd(v6, vb, b6);
            a7 = VectorMath.MultiplyAdd(v7, va, a7);
            b7 = VectorMath.MultiplyAdd(v7, vb, b7);
        }

        // Through memory, so that no accumulator lives across the stores' calls.
        float* acc = stackalloc float[16 * DirectBlock];
        StorePixels(acc, a0, a1, a2, a3, a4, a5, a6, a7);
        StorePixels(acc + 64, b0, b1, b2, b3, b4, b5, b6, b7);
        StoreDirectTileFrom(acc, oa, epilogue);
        StoreDirectTileFrom(acc + 64, ob, epilogue);
    }

    /// <summary>
    /// <see cref="DirectTile256Blocks"/> on 512-bit vectors: each accumulator holds both blocks' 8 channels of one pixel,
    /// so a tap is 8 multiply-adds instead of 16 (where the core runs 512-bit FMAs at full width, twice the work per
    /// instruction; where it splits them in two, the same work in half the instructions).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DirectTile512Blocks<TEpilogue>(float* x, int* pixels, int* taps, int k, float* wa, float* wb, DirectTileOutput oa, DirectTileOutput ob, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        float* x0 = x + pixels[0], x1 = x + pixels[1], x2 = x + pixels[2], x3 = x + pixels[3];
        float* x4 = x + pixels[4], x5 = x + pixels[5], x6 = x + pixels[6], x7 = x + pixels[7];
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        for (int i = 0; i < k; i++)
        {
            nint t = taps[i];
            // (Vector512.Create(lower, upper) went through a stack slot, a store-to-load chain from one tap to the next.)
            Vector512<float> wv = Avx512F.InsertVector256(Vector256.Load(wa + (i * DirectBlock)).ToVector512Unsafe(), Vector256.Load(wb + (i * DirectBlock)), 1);
            a0 = VectorMath.MultiplyAdd(Vector512.Create(x0[t]), wv, a0);
            a1 = VectorMath.MultiplyAdd(Vector512.Create(x1[t]), wv, a1);
            a2 = VectorMath.MultiplyAdd(Vector512.Create(x2[t]), wv, a2);
            a3 = VectorMath.MultiplyAdd(Vector512.Create(x3[t]), wv, a3);
            a4 = VectorMath.MultiplyAdd(Vector512.Create(x4[t]), wv, a4);
            a5 = VectorMath.MultiplyAdd(Vector512.Create(x5[t]), wv, a5);
            a6 = VectorMath.MultiplyAdd(Vector512.Create(x6[t]), wv, a6);
            a7 = VectorMath.MultiplyAdd(Vector512.Create(x7[t]), wv, a7);
        }

        // Through memory as two [pixel, channel] tiles, the first block's channels in the lower halves.
        float* acc = stackalloc float[16 * DirectBlock];
        StorePixels(acc, a0.GetLower(), a1.GetLower(), a2.GetLower(), a3.GetLower(), a4.GetLower(), a5.GetLower(), a6.GetLower(), a7.GetLower());
        StorePixels(acc + 64, a0.GetUpper(), a1.GetUpper(), a2.GetUpper(), a3.GetUpper(), a4.GetUpper(), a5.GetUpper(), a6.GetUpper(), a7.GetUpper());
        StoreDirectTileFrom(acc, oa, epilogue);
        StoreDirectTileFrom(acc + 64, ob, epilogue);
    }

    /// <summary>
    /// Paired blocks on 512-bit vectors under 32 taps too (a stem: 3 channels × 3×3): one 512-bit multiply-add per pixel
    /// and tap serves 16 channels, where two 256-bit tiles needed two. A switch for same-process comparisons.
    /// </summary>
    internal static bool PairShallow = true;

    /// <summary>Paired blocks on 512-bit vectors (<see cref="DirectTile512Blocks"/>); a switch for same-process comparisons.</summary>
    internal static bool WideBlocks = true;

    /// <summary>Eight pixels' 8 channels (one vector per pixel) as an 8×8 [pixel, channel] tile in memory.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StorePixels(float* tile, Vector256<float> p0, Vector256<float> p1, Vector256<float> p2, Vector256<float> p3, Vector256<float> p4, Vector256<float> p5, Vector256<float> p6, Vector256<float> p7)
    {
        p0.Store(tile);
        p1.Store(tile + 8);
        p2.Store(tile + 16);
        p3.Store(tile + 24);
        p4.Store(tile + 32);
        p5.Store(tile + 40);
        p6.Store(tile + 48);
        p7.Store(tile + 56);
    }

    /// <summary>A tile held in memory as [pixel, channel] (8×8), stored as <see cref="DirectTile256"/> stores its registers.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void StoreDirectTileFrom<TEpilogue>(float* tile, DirectTileOutput o, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        if (o.Count < DirectBlock)
        {
            StoreDirectTile(tile, o, epilogue);
            return;
        }

        StoreTransposed(
            Vector256.Load(tile), Vector256.Load(tile + 8), Vector256.Load(tile + 16), Vector256.Load(tile + 24),
            Vector256.Load(tile + 32), Vector256.Load(tile + 40), Vector256.Load(tile + 48), Vector256.Load(tile + 56), o, epilogue);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreChannel<TEpilogue>(Vector256<float> v, int c, DirectTileOutput o, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        if (c >= o.Channels)
        {
            return;
        }

        v += Vector256.Create(o.Bias[c]);
        long offset = (long)c * o.N;
        if (o.Residual != null)
        {
            v += Vector256.Load(o.Residual + offset);
        }

        epilogue.Invoke(v).Store(o.Y + offset);
    }

    /// <summary>One tile on 128-bit vectors (two per pixel) or scalar, through a tile in memory.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DirectTileNarrow<TEpilogue>(float* x, int* pixels, int* taps, int k, float* w, DirectTileOutput o, TEpilogue epilogue, bool vector)
        where TEpilogue : struct, IUnaryOperator
    {
        float* tile = stackalloc float[DirectBlock * DirectBlock];
        if (vector)
        {
            for (int half = 0; half < 2; half++)
            {
                // Four pixels at a time keep the 8 accumulators in registers.
                float* x0 = x + pixels[4 * half], x1 = x + pixels[(4 * half) + 1], x2 = x + pixels[(4 * half) + 2], x3 = x + pixels[(4 * half) + 3];
                Vector128<float> a0 = default, b0 = default, a1 = default, b1 = default, a2 = default, b2 = default, a3 = default, b3 = default;
                float* wt = w;
                for (int i = 0; i < k; i++, wt += DirectBlock)
                {
                    int t = taps[i];
                    Vector128<float> lo = Vector128.Load(wt), hi = Vector128.Load(wt + 4);
                    Vector128<float> v0 = Vector128.Create(x0[t]), v1 = Vector128.Create(x1[t]), v2 = Vector128.Create(x2[t]), v3 = Vector128.Create(x3[t]);
                    a0 = VectorMath.MultiplyAdd(v0, lo, a0);
                    b0 = VectorMath.MultiplyAdd(v0, hi, b0);
                    a1 = VectorMath.MultiplyAdd(v1, lo, a1);
                    b1 = VectorMath.MultiplyAdd(v1, hi, b1);
                    a2 = VectorMath.MultiplyAdd(v2, lo, a2);
                    b2 = VectorMath.MultiplyAdd(v2, hi, b2);
                    a3 = VectorMath.MultiplyAdd(v3, lo, a3);
                    b3 = VectorMath.MultiplyAdd(v3, hi, b3);
                }

                float* row = tile + (4 * half * DirectBlock);
                a0.Store(row);
                b0.Store(row + 4);
                a1.Store(row + 8);
                b1.Store(row + 12);
                a2.Store(row + 16);
                b2.Store(row + 20);
                a3.Store(row + 24);
                b3.Store(row + 28);
            }
        }
        else
        {
            new Span<float>(tile, DirectBlock * DirectBlock).Clear();
            for (int i = 0; i < k; i++)
            {
                int t = taps[i];
                float* wt = w + (i * DirectBlock);
                for (int p = 0; p < DirectBlock; p++)
                {
                    float xv = x[pixels[p] + t];
                    float* row = tile + (p * DirectBlock);
                    for (int c = 0; c < DirectBlock; c++)
                    {
                        row[c] += xv * wt[c];
                    }
                }
            }
        }

        StoreDirectTile(tile, o, epilogue);
    }

    /// <summary>Writes a tile held in memory as [pixel, channel], element by element.</summary>
    private static void StoreDirectTile<TEpilogue>(float* tile, DirectTileOutput o, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        for (int c = 0; c < o.Channels; c++)
        {
            long offset = (long)c * o.N;
            for (int p = 0; p < o.Count; p++)
            {
                float v = tile[(p * DirectBlock) + c] + o.Bias[c];
                if (o.Residual != null)
                {
                    v += o.Residual[offset + p];
                }

                o.Y[offset + p] = epilogue.Invoke(v);
            }
        }
    }
}
