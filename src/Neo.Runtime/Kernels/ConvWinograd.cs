using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Neo.Runtime.Threading;

namespace Neo.Runtime.Kernels;

/// <summary>
/// Winograd F(4×4, 3×3) for 3×3 stride-1 convolutions (Lavin and Gray, 2016): each 4×4 block of outputs
/// ("tile") comes from a 6×6 input patch; in the transformed domain the convolution is 36 independent GEMMs
/// [out channels × in channels] · [in channels × tiles], 2.25× fewer multiplies than direct (4× per tile,
/// less the transforms). Weights are transformed and packed at build time (<see cref="TransformWinogradWeights"/>);
/// input and output transforms run on 8 tiles at a time, one tile per vector lane.
/// </summary>
public static unsafe partial class Conv
{
    private const int TileOut = 4, TileIn = 6, Positions = TileIn * TileIn;

    /// <summary>Blocks per image rounded to a multiple of the threads; a switch for same-process comparisons.</summary>
    internal static bool BalancedBlocks = true;

    /// <summary>Threads share a block by output channels when there are fewer blocks than threads; a switch for same-process comparisons.</summary>
    internal static bool WinogradChannelSplit = true;

    /// <summary>Groups with tiles on the image's edge take the 512-bit output transform too; a switch for same-process comparisons.</summary>
    internal static bool WinogradEdgeWide = true;

    /// <summary>A short last block computes only its tiles' panels, not a whole block's; a switch for same-process comparisons.</summary>
    internal static bool TrimBlocks = true;

    /// <summary>
    /// The 36 positions' transformed inputs and products sit a cache line further apart than their length
    /// (<see cref="SkewFloats"/>); a switch for same-process comparisons.
    /// </summary>
    internal static bool WinogradSkew = true;

    /// <summary>
    /// One cache line between positions: unskewed, a position's products are oc·block floats long, a multiple of 4 KiB
    /// for most layers (64 channels × 16k tiles), so the output transform's 36 loads and the input transform's 36
    /// stores all fell into one L1 set (12 ways) and evicted each other. Same process: densenet121 1.054x, resnet18
    /// 1.031x, squeezenet1_1 1.024x, squeezenet1_0 1.018x, googlenet 1.017x.
    /// </summary>
    private const int SkewFloats = 16;

    /// <summary>Whole tiles stored from registers in the output transform; a switch for same-process comparisons.</summary>
    internal static bool WinogradDirectStore = true;

    /// <summary>The length of the weights transformed by <see cref="TransformWinogradWeights"/>: 36 packed [out × in] matrices.</summary>
    public static int WinogradWeightsLength(int outChannels, int inChannels) => checked((int)(Positions * GemmTiles.PackedALength(outChannels, inChannels)));

    /// <summary>
    /// U = G·g·Gᵀ for every (out, in) channel pair of OIHW 3×3 weights (computed in double precision), stored as
    /// 36 matrices [out × in] in the GEMM's 6-row panels. Called at build time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TransformWinogradWeights(ReadOnlySpan<float> weights, Span<float> transformed, int outChannels, int inChannels)
    {
        if (weights.Length < outChannels * inChannels * 9 || transformed.Length < WinogradWeightsLength(outChannels, inChannels))
        {
            throw new ArgumentException("NEO3020: Winograd weights or their transformed buffer are shorter than the shape needs.");
        }

        var u = new float[Positions][];
        for (int p = 0; p < Positions; p++)
        {
            u[p] = new float[outChannels * inChannels];
        }

        Span<double> t = stackalloc double[18];
        Span<double> col = stackalloc double[6];
        Span<double> row = stackalloc double[6];
        for (int o = 0; o < outChannels; o++)
        {
            for (int i = 0; i < inChannels; i++)
            {
                ReadOnlySpan<float> g = weights.Slice(((o * inChannels) + i) * 9, 9);
                // t = G·g (6×3), then U = t·Gᵀ (6×6).
                for (int c = 0; c < 3; c++)
                {
                    WeightTransform(g[c], g[3 + c], g[6 + c], col);
                    for (int r = 0; r < 6; r++)
                    {
                        t[(r * 3) + c] = col[r];
                    }
                }

                for (int r = 0; r < 6; r++)
                {
                    WeightTransform(t[r * 3], t[(r * 3) + 1], t[(r * 3) + 2], row);
                    for (int c = 0; c < 6; c++)
                    {
                        u[(r * 6) + c][(o * inChannels) + i] = (float)row[c];
                    }
                }
            }
        }

        long perPosition = GemmTiles.PackedALength(outChannels, inChannels);
        fixed (float* dst = transformed)
        {
            for (int p = 0; p < Positions; p++)
            {
                fixed (float* src = u[p])
                {
                    GemmTiles.PackA(src, inChannels, 1, outChannels, inChannels, dst + (p * perPosition));
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WeightTransform(double g0, double g1, double g2, Span<double> u)
    {
        u[0] = g0 / 4;
        u[1] = -(g0 + g1 + g2) / 6;
        u[2] = -(g0 - g1 + g2) / 6;
        u[3] = (g0 / 24) + (g1 / 12) + (g2 / 6);
        u[4] = (g0 / 24) - (g1 / 12) + (g2 / 6);
        u[5] = g2;
    }

    /// <summary>
    /// 3×3 stride-1 convolution (no dilation, one group) with weights transformed at build time by
    /// <see cref="TransformWinogradWeights"/>; y = epilogue(conv + bias[channel] + residual[i]).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Winograd3x3<TEpilogue>(
        ThreadTeam team,
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> transformedWeights,
        ReadOnlySpan<float> bias,
        Span<float> output,
        int batch,
        int inChannels,
        int inHeight,
        int inWidth,
        int outChannels,
        int outHeight,
        int outWidth,
        int padTop,
        int padLeft,
        ReadOnlySpan<float> residual,
        TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        var shape = new ConvShape(batch, inChannels, inHeight, inWidth, outChannels, outHeight, outWidth, 3, 3, 1, 1, padTop, padLeft, 1, 1, 1);
        if (input.Length < (long)batch * inChannels * inHeight * inWidth || output.Length < shape.OutputLength
            || transformedWeights.Length < WinogradWeightsLength(outChannels, inChannels) || (!bias.IsEmpty && bias.Length < outChannels)
            || (!residual.IsEmpty && residual.Length < shape.OutputLength))
        {
            throw new ArgumentException("NEO3020: a Winograd convolution operand is shorter than its shape needs.");
        }

        int tilesH = (outHeight + TileOut - 1) / TileOut, tilesW = (outWidth + TileOut - 1) / TileOut;
        int tiles = tilesH * tilesW;
        // Blocks of at most ~96 tiles keep one position's transformed inputs (in × block) in L2.
        int blocksPerImage = (tiles + 95) / 96;
        if (team.Threads > 1 && blocksPerImage * batch < team.Threads && tiles >= 32)
        {
            blocksPerImage = team.Threads;
        }
        else if (team.Threads > 1 && BalancedBlocks && blocksPerImage * batch % team.Threads != 0)
        {
            // Every block costs a whole block's GEMMs however many tiles it holds: as many blocks per thread
            // (ResNet's 56×56 layers, 196 tiles: 3 blocks of 80 left one thread two of them, 4 of 64 give each two).
            int perImage = (team.Threads + batch - 1) / batch;
            blocksPerImage = (blocksPerImage + perImage - 1) / perImage * perImage;
        }

        int block = (((tiles + blocksPerImage - 1) / blocksPerImage) + 15) / 16 * 16;
        blocksPerImage = (tiles + block - 1) / block;

        // Too few tiles to give every thread a block (ResNet's 14×14 layers: 16 tiles): the threads share each block by
        // output channels instead, each transforming the block's input itself (a third of the transforms' cost,
        // repeated) and computing its own rows of the 36 products and their output transforms.
        int parts = team.Threads > 1 && blocksPerImage * batch < team.Threads && WinogradChannelSplit
            ? Math.Min(team.Threads, (outChannels + GemmTiles.Rows - 1) / GemmTiles.Rows) : 1;
        fixed (float* px = input, pw = transformedWeights, pb = bias, py = output, pr = residual)
        {
            var job = new WinogradJob<TEpilogue>
            {
                Shape = shape, X = px, U = pw, Bias = pb, Y = py, Residual = pr, Epilogue = epilogue,
                TilesW = tilesW, Tiles = tiles, Block = block, BlocksPerImage = blocksPerImage, Parts = parts,
            };
            int units = batch * blocksPerImage * parts;
            if (team.Threads == 1 || units == 1)
            {
                job.Execute(0, units);
            }
            else
            {
                team.Run(units, ref job);
            }
        }
    }

    private struct WinogradJob<TEpilogue> : IParallelJob
        where TEpilogue : struct, IUnaryOperator
    {
        public ConvShape Shape;
        public float* X, U, Bias, Y, Residual;
        public TEpilogue Epilogue;
        public int TilesW, Tiles, Block, BlocksPerImage, Parts;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Execute(int start, int end)
        {
            ConvShape s = Shape;
            int ic = s.InChannels, oc = s.OutChannels;
            int skew = WinogradSkew ? SkewFloats : 0;
            long vPerPosition = ((long)ic * Block) + skew;
            long mPerPosition = ((long)oc * Block) + skew;
            float* v = Workspace.Get(1, Positions * vPerPosition);
            float* m = Workspace.Get(2, Positions * mPerPosition);
            long uPerPosition = GemmTiles.PackedALength(oc, ic);
            int rowPanels = (oc + GemmTiles.Rows - 1) / GemmTiles.Rows;

            // Where each tile of a block starts, in the zero-bordered rows and in the output, and how much of it lies inside
            // the image: the same for every channel, so worked out once per block rather than per channel and 8 tiles.
            int* patchAt = stackalloc int[Block];
            TileGeometry* outputs = stackalloc TileGeometry[Block];
            bool* whole = stackalloc bool[(Block + 15) / 16];
            int width = (TilesW * TileOut) + 4;
            bool wide = Avx512F.IsSupported && GemmTiles.Width >= 512 && WinogradWide;
            for (int unit = start; unit < end; unit++)
            {
                int part = unit % Parts, rest = unit / Parts;
                int image = rest / BlocksPerImage;
                int t0 = (rest % BlocksPerImage) * Block;
                int rp0 = part * rowPanels / Parts, rp1 = (part + 1) * rowPanels / Parts;
                int count = Math.Min(Block, Tiles - t0);
                // The columns the block computes: its tiles rounded up to a 16-column panel (the last block of an image
                // is often short: 196 tiles in blocks of 80 leave 36).
                int used = TrimBlocks ? Math.Min(Block, (count + 15) / 16 * 16) : Block;
                float* x = X + ((long)image * ic * s.InPlane);
                int th0 = t0 / TilesW;
                for (int t = 0, th = th0, tw = t0 - (th0 * TilesW); t < Block; t++)
                {
                    if (t >= count)
                    {
                        // Lanes past the block's tiles repeat its first tile's patch and have no outputs.
                        patchAt[t] = patchAt[0];
                        outputs[t] = new TileGeometry(outputs[0].At, 0, 0);
                        continue;
                    }

                    patchAt[t] = ((th - th0) * TileOut * width) + (tw * TileOut);
                    int oh0 = th * TileOut, ow0 = tw * TileOut;
                    outputs[t] = new TileGeometry(((long)oh0 * s.OutWidth) + ow0, Math.Min(TileOut, s.OutHeight - oh0), Math.Min(TileOut, s.OutWidth - ow0));
                    if (++tw == TilesW)
                    {
                        tw = 0;
                        th++;
                    }
                }

                if (Avx.IsSupported)
                {
                    // The block's input rows, zero-bordered, so that every tile's 6×6 patch is six in-bounds 8-float loads.
                    int th1 = (t0 + count - 1) / TilesW;
                    int rows = ((th1 - th0) * TileOut) + TileIn;
                    float* padded = Workspace.Get(0, (long)rows * width);
                    for (int c = 0; c < ic; c++)
                    {
                        PadRows(x + ((long)c * s.InPlane), s, (th0 * TileOut) - s.PadTop, rows, width, padded);
                        if (wide)
                        {
                            for (int t = 0; t < used; t += 16)
                            {
                                InputTransform512(padded, width, patchAt + t, v, vPerPosition, ic, c, t);
                            }
                        }
                        else
                        {
                            for (int t = 0; t < used; t += 8)
                            {
                                InputTransformAvx(padded, width, patchAt + t, v, vPerPosition, ic, c, t);
                            }
                        }
                    }
                }
                else
                {
                    for (int c = 0; c < ic; c++)
                    {
                        for (int t = 0; t < used; t += 8)
                        {
                            InputTransform(x + ((long)c * s.InPlane), s, TilesW, t0 + t, Math.Max(0, Math.Min(8, count - t)), v, vPerPosition, c, t);
                        }
                    }
                }

                for (int p = 0; p < Positions; p++)
                {
                    var source = new PrepackedPanels(v + (p * vPerPosition), ic);
                    GemmOutput o = default;
                    o.C = m + (p * mPerPosition);
                    o.Ldc = Block;
                    o.Alpha = 1f;
                    o.Beta = 1f;
                    GemmTiles.Multiply(oc, ic, U + (p * uPerPosition), ref source, ref o, default(Identity), rp0, rp1, 0, used);
                }

                // Groups of sixteen tiles take the 512-bit output transform; whole groups store every row without checks.
                for (int group = 0; wide && group * 16 < Block; group++)
                {
                    bool all = (group * 16) + 16 <= count;
                    for (int t = group * 16; all && t < (group * 16) + 16; t++)
                    {
                        all = outputs[t].Rows == TileOut && outputs[t].Cols == TileOut;
                    }

                    whole[group] = all;
                }

                long yImage = (long)image * oc * s.N;
                for (int c = rp0 * GemmTiles.Rows, cEnd = Math.Min(oc, rp1 * GemmTiles.Rows); c < cEnd; c++)
                {
                    float b = Bias == null ? 0f : Bias[c];
                    float* y = Y + yImage + ((long)c * s.N);
                    float* r = Residual == null ? null : Residual + yImage + ((long)c * s.N);
                    if (wide && WinogradEdgeWide)
                    {
                        for (int t = 0; t < count; t += 16)
                        {
                            OutputTransform512(m + ((long)c * Block) + t, mPerPosition, s, outputs + t, whole[t >> 4], b, y, r, Epilogue);
                        }

                        continue;
                    }

                    for (int t = 0; t < count; t += 8)
                    {
                        OutputTransform(m + ((long)c * Block) + t, mPerPosition, s, outputs + t, Math.Min(8, count - t), b, y, r, Epilogue);
                    }
                }
            }
        }
    }

    /// <summary>One output tile: its first output's offset in the plane, and its rows and columns inside the image.</summary>
    private readonly record struct TileGeometry(long At, int Rows, int Cols);

    /// <summary>
    /// Transforms the 6×6 patches of tiles [tile, tile + valid) of one channel (Bᵀ·d·B, one tile per lane) and stores
    /// the 36 results in the GEMM's 16-column panels: position p, row <paramref name="channel"/>, columns from <paramref name="column"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InputTransform(float* x, ConvShape s, int tilesW, int tile, int valid, float* v, long vPerPosition, int channel, int column)
    {
        float* d = stackalloc float[Positions * 8];
        for (int lane = 0; lane < 8; lane++)
        {
            if (lane >= valid)
            {
                for (int e = 0; e < Positions; e++)
                {
                    d[(e * 8) + lane] = 0f;
                }

                continue;
            }

            int t = tile + lane;
            int th = t / tilesW, tw = t - (th * tilesW);
            int ih0 = (th * TileOut) - s.PadTop, iw0 = (tw * TileOut) - s.PadLeft;
            bool inside = ih0 >= 0 && iw0 >= 0 && ih0 + TileIn <= s.InHeight && iw0 + TileIn <= s.InWidth;
            for (int r = 0; r < TileIn; r++)
            {
                int ih = ih0 + r;
                float* row = x + ((long)ih * s.InWidth) + iw0;
                for (int c = 0; c < TileIn; c++)
                {
                    d[(((r * TileIn) + c) * 8) + lane] = inside || ((uint)ih < (uint)s.InHeight && (uint)(iw0 + c) < (uint)s.InWidth) ? row[c] : 0f;
                }
            }
        }

        // Columns: w[i][c] = Σ_r Bᵀ[i][r]·d[r][c]; then rows: V[i][j] = Σ_c Bᵀ[j][c]·w[i][c].
        Vector256<float>* w = stackalloc Vector256<float>[Positions];
        for (int c = 0; c < TileIn; c++)
        {
            InputTransform1D(
                Vector256.Load(d + (((0 * TileIn) + c) * 8)), Vector256.Load(d + (((1 * TileIn) + c) * 8)), Vector256.Load(d + (((2 * TileIn) + c) * 8)),
                Vector256.Load(d + (((3 * TileIn) + c) * 8)), Vector256.Load(d + (((4 * TileIn) + c) * 8)), Vector256.Load(d + (((5 * TileIn) + c) * 8)),
                w + c, TileIn);
        }

        Vector256<float>* o = stackalloc Vector256<float>[Positions];
        for (int i = 0; i < TileIn; i++)
        {
            Vector256<float>* wi = w + (i * TileIn);
            InputTransform1D(wi[0], wi[1], wi[2], wi[3], wi[4], wi[5], o + (i * TileIn), 1);
        }

        // Position p's matrix is [channels × block] in 16-column panels: (channel, column) at panel·ic·16 + channel·16 + column % 16.
        long offset = ((long)(column / GemmTiles.PanelWidth) * s.InChannels * GemmTiles.PanelWidth) + ((long)channel * GemmTiles.PanelWidth) + (column % GemmTiles.PanelWidth);
        for (int p = 0; p < Positions; p++)
        {
            o[p].Store(v + (p * vPerPosition) + offset);
        }
    }

    /// <summary>
    /// Copies input rows [ih0, ih0 + rows) of one channel plane into <paramref name="padded"/> (rows of
    /// <paramref name="width"/> floats, column 0 = input column −PadLeft), zeros outside the image.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PadRows(float* x, ConvShape s, int ih0, int rows, int width, float* padded)
    {
        int left = Math.Min(s.PadLeft, width);
        int copy = Math.Clamp(width - s.PadLeft, 0, s.InWidth);
        for (int r = 0; r < rows; r++)
        {
            float* d = padded + ((long)r * width);
            int ih = ih0 + r;
            if ((uint)ih >= (uint)s.InHeight)
            {
                new Span<float>(d, width).Clear();
                continue;
            }

            new Span<float>(d, left).Clear();
            new ReadOnlySpan<float>(x + ((long)ih * s.InWidth), copy).CopyTo(new Span<float>(d + left, copy));
            new Span<float>(d + left + copy, width - left - copy).Clear();
        }
    }

    /// <summary>
    /// <see cref="InputTransform"/> from zero-bordered rows (<see cref="PadRows"/>; lane i's patch at
    /// padded + <paramref name="patchAt"/>[i]): each lane's patch row is one 8-float load, and an 8×8 transpose turns the
    /// eight lanes' rows into six column vectors (lane = tile), instead of 36 scalar gathers per tile.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InputTransformAvx(float* padded, int width, int* patchAt, float* v, long vPerPosition, int channels, int channel, int column)
    {
        float** lanes = stackalloc float*[8];
        for (int lane = 0; lane < 8; lane++)
        {
            lanes[lane] = padded + patchAt[lane];
        }

        Vector256<float>* d = stackalloc Vector256<float>[Positions];
        for (int r = 0; r < TileIn; r++)
        {
            long ro = (long)r * width;
            Vector256<float> r0 = Avx.LoadVector256(lanes[0] + ro), r1 = Avx.LoadVector256(lanes[1] + ro), r2 = Avx.LoadVector256(lanes[2] + ro), r3 = Avx.LoadVector256(lanes[3] + ro);
            Vector256<float> r4 = Avx.LoadVector256(lanes[4] + ro), r5 = Avx.LoadVector256(lanes[5] + ro), r6 = Avx.LoadVector256(lanes[6] + ro), r7 = Avx.LoadVector256(lanes[7] + ro);
            Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
            Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5), t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
            Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE), u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
            Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE), u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
            Vector256<float>* dr = d + (r * TileIn);
            dr[0] = Avx.Permute2x128(u0, u4, 0x20);
            dr[1] = Avx.Permute2x128(u1, u5, 0x20);
            dr[2] = Avx.Permute2x128(u2, u6, 0x20);
            dr[3] = Avx.Permute2x128(u3, u7, 0x20);
            dr[4] = Avx.Permute2x128(u0, u4, 0x31);
            dr[5] = Avx.Permute2x128(u1, u5, 0x31);
        }

        Vector256<float>* w = stackalloc Vector256<float>[Positions];
        for (int c = 0; c < TileIn; c++)
        {
            InputTransform1D(d[c], d[TileIn + c], d[(2 * TileIn) + c], d[(3 * TileIn) + c], d[(4 * TileIn) + c], d[(5 * TileIn) + c], w + c, TileIn);
        }

        long offset = ((long)(column / GemmTiles.PanelWidth) * channels * GemmTiles.PanelWidth) + ((long)channel * GemmTiles.PanelWidth) + (column % GemmTiles.PanelWidth);
        Vector256<float>* o = stackalloc Vector256<float>[TileIn];
        for (int i = 0; i < TileIn; i++)
        {
            Vector256<float>* wi = w + (i * TileIn);
            InputTransform1D(wi[0], wi[1], wi[2], wi[3], wi[4], wi[5], o, 1);
            for (int j = 0; j < TileIn; j++)
            {
                o[j].Store(v + (((i * TileIn) + j) * vPerPosition) + offset);
            }
        }
    }

    /// <summary>Sixteen tiles per pass on 512-bit vectors where the hardware has them; a switch for same-process comparisons.</summary>
    internal static bool WinogradWide = true;

    /// <summary>
    /// <see cref="InputTransformAvx"/> for sixteen tiles (one whole 16-column panel row, <paramref name="column"/> a
    /// multiple of 16): tiles i and i + 8 share a 512-bit row vector, whose two halves go through the same in-lane
    /// 8×8 transpose at once, and the transforms and stores run on 512-bit vectors.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InputTransform512(float* padded, int width, int* patchAt, float* v, long vPerPosition, int channels, int channel, int column)
    {
        float** lanes = stackalloc float*[16];
        for (int lane = 0; lane < 16; lane++)
        {
            lanes[lane] = padded + patchAt[lane];
        }

        // Per 256-bit half, lanes 0-3 of u and of u + 4 (Permute2x128 0x20), and lanes 4-7 (0x31).
        Vector512<int> low = Vector512.Create(0, 1, 2, 3, 16, 17, 18, 19, 8, 9, 10, 11, 24, 25, 26, 27);
        Vector512<int> high = Vector512.Create(4, 5, 6, 7, 20, 21, 22, 23, 12, 13, 14, 15, 28, 29, 30, 31);
        Vector512<float>* d = stackalloc Vector512<float>[Positions];
        for (int r = 0; r < TileIn; r++)
        {
            long ro = (long)r * width;
            Vector512<float> r0 = Pair(lanes[0] + ro, lanes[8] + ro), r1 = Pair(lanes[1] + ro, lanes[9] + ro);
            Vector512<float> r2 = Pair(lanes[2] + ro, lanes[10] + ro), r3 = Pair(lanes[3] + ro, lanes[11] + ro);
            Vector512<float> r4 = Pair(lanes[4] + ro, lanes[12] + ro), r5 = Pair(lanes[5] + ro, lanes[13] + ro);
            Vector512<float> r6 = Pair(lanes[6] + ro, lanes[14] + ro), r7 = Pair(lanes[7] + ro, lanes[15] + ro);
            Vector512<float> t0 = Avx512F.UnpackLow(r0, r1), t1 = Avx512F.UnpackHigh(r0, r1), t2 = Avx512F.UnpackLow(r2, r3), t3 = Avx512F.UnpackHigh(r2, r3);
            Vector512<float> t4 = Avx512F.UnpackLow(r4, r5), t5 = Avx512F.UnpackHigh(r4, r5), t6 = Avx512F.UnpackLow(r6, r7), t7 = Avx512F.UnpackHigh(r6, r7);
            Vector512<float> u0 = Avx512F.Shuffle(t0, t2, 0x44), u1 = Avx512F.Shuffle(t0, t2, 0xEE), u2 = Avx512F.Shuffle(t1, t3, 0x44), u3 = Avx512F.Shuffle(t1, t3, 0xEE);
            Vector512<float> u4 = Avx512F.Shuffle(t4, t6, 0x44), u5 = Avx512F.Shuffle(t4, t6, 0xEE), u6 = Avx512F.Shuffle(t5, t7, 0x44), u7 = Avx512F.Shuffle(t5, t7, 0xEE);
            Vector512<float>* dr = d + (r * TileIn);
            dr[0] = Avx512F.PermuteVar16x32x2(u0, low, u4);
            dr[1] = Avx512F.PermuteVar16x32x2(u1, low, u5);
            dr[2] = Avx512F.PermuteVar16x32x2(u2, low, u6);
            dr[3] = Avx512F.PermuteVar16x32x2(u3, low, u7);
            dr[4] = Avx512F.PermuteVar16x32x2(u0, high, u4);
            dr[5] = Avx512F.PermuteVar16x32x2(u1, high, u5);
        }

        Vector512<float>* w = stackalloc Vector512<float>[Positions];
        for (int c = 0; c < TileIn; c++)
        {
            InputTransform1D(d[c], d[TileIn + c], d[(2 * TileIn) + c], d[(3 * TileIn) + c], d[(4 * TileIn) + c], d[(5 * TileIn) + c], w + c, TileIn);
        }

        long offset = ((long)(column / GemmTiles.PanelWidth) * channels * GemmTiles.PanelWidth) + ((long)channel * GemmTiles.PanelWidth);
        Vector512<float>* o = stackalloc Vector512<float>[TileIn];
        for (int i = 0; i < TileIn; i++)
        {
            Vector512<float>* wi = w + (i * TileIn);
            InputTransform1D(wi[0], wi[1], wi[2], wi[3], wi[4], wi[5], o, 1);
            for (int j = 0; j < TileIn; j++)
            {
                o[j].Store(v + (((i * TileIn) + j) * vPerPosition) + offset);
            }
        }

        static Vector512<float> Pair(float* lower, float* upper) =>
            Avx512F.InsertVector256(Vector256.Load(lower).ToVector512Unsafe(), Vector256.Load(upper), 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void InputTransform1D(Vector512<float> z0, Vector512<float> z1, Vector512<float> z2, Vector512<float> z3, Vector512<float> z4, Vector512<float> z5, Vector512<float>* w, int stride)
    {
        Vector512<float> four = Vector512.Create(4f), five = Vector512.Create(5f), two = Vector512.Create(2f);
        Vector512<float> a = z4 - (four * z2);
        Vector512<float> b = z3 - (four * z1);
        Vector512<float> c = z4 - z2;
        Vector512<float> e = two * (z3 - z1);
        w[0] = (four * z0) - (five * z2) + z4;
        w[stride] = a + b;
        w[2 * stride] = a - b;
        w[3 * stride] = c + e;
        w[4 * stride] = c - e;
        w[5 * stride] = (four * z1) - (five * z3) + z5;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void InputTransform1D(Vector256<float> z0, Vector256<float> z1, Vector256<float> z2, Vector256<float> z3, Vector256<float> z4, Vector256<float> z5, Vector256<float>* w, int stride)
    {
        Vector256<float> four = Vector256.Create(4f), five = Vector256.Create(5f), two = Vector256.Create(2f);
        Vector256<float> a = z4 - (four * z2);
        Vector256<float> b = z3 - (four * z1);
        Vector256<float> c = z4 - z2;
        Vector256<float> e = two * (z3 - z1);
        w[0] = (four * z0) - (five * z2) + z4;
        w[stride] = a + b;
        w[2 * stride] = a - b;
        w[3 * stride] = c + e;
        w[4 * stride] = c - e;
        w[5 * stride] = (four * z1) - (five * z3) + z5;
    }

    /// <summary>
    /// Aᵀ·m·A for tiles [tile, tile + valid) of one output channel (one tile per lane), then y = epilogue(value + bias +
    /// residual) for each output inside the image.
    /// </summary>
    /// <remarks>
    /// Bias and epilogue (and the residual, per tile) are applied on whole vectors; each row of the 16 result vectors
    /// (lane = tile) is transposed so that every tile's four outputs of that row are one 128-bit store.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OutputTransform<TEpilogue>(float* m, long mPerPosition, ConvShape s, TileGeometry* tiles, int valid, float bias, float* y, float* residual, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        Vector256<float>* w = stackalloc Vector256<float>[TileOut * TileIn];
        for (int c = 0; c < TileIn; c++)
        {
            OutputTransform1D(
                Vector256.Load(m + (((0 * TileIn) + c) * mPerPosition)), Vector256.Load(m + (((1 * TileIn) + c) * mPerPosition)),
                Vector256.Load(m + (((2 * TileIn) + c) * mPerPosition)), Vector256.Load(m + (((3 * TileIn) + c) * mPerPosition)),
                Vector256.Load(m + (((4 * TileIn) + c) * mPerPosition)), Vector256.Load(m + (((5 * TileIn) + c) * mPerPosition)),
                w + c, TileIn);
        }

        // result[i·4 + j], lane = tile: output (i, j) of each tile, with the bias (and the epilogue when no residual follows).
        Vector256<float>* result = stackalloc Vector256<float>[TileOut * TileOut];
        for (int i = 0; i < TileOut; i++)
        {
            Vector256<float>* wi = w + (i * TileIn);
            OutputTransform1D(wi[0], wi[1], wi[2], wi[3], wi[4], wi[5], result + (i * TileOut), 1);
        }

        Vector256<float> vb = Vector256.Create(bias);
        for (int k = 0; k < TileOut * TileOut; k++)
        {
            result[k] = residual == null ? epilogue.Invoke(result[k] + vb) : result[k] + vb;
        }

        // Where each tile's outputs go: first output, rows and columns inside the image.
        long* at = stackalloc long[8];
        int* rows = stackalloc int[8];
        int* cols = stackalloc int[8];
        bool full = valid == 8;
        for (int lane = 0; lane < valid; lane++)
        {
            TileGeometry g = tiles[lane];
            rows[lane] = g.Rows;
            cols[lane] = g.Cols;
            at[lane] = g.At;
            full &= g.Rows == TileOut && g.Cols == TileOut;
        }

        if (full && Avx.IsSupported && WinogradDirectStore)
        {
            // Eight whole tiles: each transposed half is one tile's row of four, stored straight from the register
            // (with the residual, added and the epilogue applied on that 128-bit row).
            for (int i = 0; i < TileOut; i++)
            {
                TransposeRowAvx(result + (i * TileOut), out Vector256<float> l01, out Vector256<float> l23, out Vector256<float> l45, out Vector256<float> l67);
                long o = (long)i * s.OutWidth;
                if (residual == null)
                {
                    l01.GetLower().Store(y + at[0] + o);
                    l01.GetUpper().Store(y + at[1] + o);
                    l23.GetLower().Store(y + at[2] + o);
                    l23.GetUpper().Store(y + at[3] + o);
                    l45.GetLower().Store(y + at[4] + o);
                    l45.GetUpper().Store(y + at[5] + o);
                    l67.GetLower().Store(y + at[6] + o);
                    l67.GetUpper().Store(y + at[7] + o);
                }
                else
                {
                    PutRow(l01.GetLower(), at[0] + o, y, residual, epilogue);
                    PutRow(l01.GetUpper(), at[1] + o, y, residual, epilogue);
                    PutRow(l23.GetLower(), at[2] + o, y, residual, epilogue);
                    PutRow(l23.GetUpper(), at[3] + o, y, residual, epilogue);
                    PutRow(l45.GetLower(), at[4] + o, y, residual, epilogue);
                    PutRow(l45.GetUpper(), at[5] + o, y, residual, epilogue);
                    PutRow(l67.GetLower(), at[6] + o, y, residual, epilogue);
                    PutRow(l67.GetUpper(), at[7] + o, y, residual, epilogue);
                }
            }

            return;
        }

        float* row = stackalloc float[TileOut * 8];
        for (int i = 0; i < TileOut; i++)
        {
            TransposeRow(result + (i * TileOut), row);
            for (int lane = 0; lane < valid; lane++)
            {
                if (i >= rows[lane])
                {
                    continue;
                }

                long o = at[lane] + ((long)i * s.OutWidth);
                float* values = row + (lane * TileOut);
                if (cols[lane] == TileOut)
                {
                    Vector128<float> v = Vector128.Load(values);
                    if (residual != null)
                    {
                        v = epilogue.Invoke(v + Vector128.Load(residual + o));
                    }

                    v.Store(y + o);
                    continue;
                }

                for (int j = 0; j < cols[lane]; j++)
                {
                    y[o + j] = residual == null ? values[j] : epilogue.Invoke(values[j] + residual[o + j]);
                }
            }
        }
    }

    /// <summary>
    /// <see cref="OutputTransform{TEpilogue}"/> for sixteen tiles on 512-bit vectors (<paramref name="whole"/>: all inside the image; if not, each
    /// row is stored only where it lies inside the image, see <see cref="PutEdge{TEpilogue}"/>): the
    /// transforms, bias and epilogue once per 16 tiles, and each result row transposed in 128-bit lanes (tile 4L + q's
    /// row of four in lane L of the q-th vector) and stored a lane at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OutputTransform512<TEpilogue>(float* m, long mPerPosition, ConvShape s, TileGeometry* tiles, bool whole, float bias, float* y, float* residual, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        Vector512<float>* w = stackalloc Vector512<float>[TileOut * TileIn];
        for (int c = 0; c < TileIn; c++)
        {
            OutputTransform1D(
                Vector512.Load(m + (((0 * TileIn) + c) * mPerPosition)), Vector512.Load(m + (((1 * TileIn) + c) * mPerPosition)),
                Vector512.Load(m + (((2 * TileIn) + c) * mPerPosition)), Vector512.Load(m + (((3 * TileIn) + c) * mPerPosition)),
                Vector512.Load(m + (((4 * TileIn) + c) * mPerPosition)), Vector512.Load(m + (((5 * TileIn) + c) * mPerPosition)),
                w + c, TileIn);
        }

        Vector512<float>* result = stackalloc Vector512<float>[TileOut];
        Vector512<float> vb = Vector512.Create(bias);
        long* at = stackalloc long[16];
        for (int lane = 0; lane < 16; lane++)
        {
            at[lane] = tiles[lane].At;
        }

        for (int i = 0; i < TileOut; i++)
        {
            Vector512<float>* wi = w + (i * TileIn);
            OutputTransform1D(wi[0], wi[1], wi[2], wi[3], wi[4], wi[5], result, 1);
            for (int j = 0; j < TileOut; j++)
            {
                result[j] = residual == null ? epilogue.Invoke(result[j] + vb) : result[j] + vb;
            }

            Vector512<float> a = Avx512F.UnpackLow(result[0], result[1]), b = Avx512F.UnpackHigh(result[0], result[1]);
            Vector512<float> c = Avx512F.UnpackLow(result[2], result[3]), d = Avx512F.UnpackHigh(result[2], result[3]);
            Vector512<float> q0 = Avx512F.Shuffle(a, c, 0x44), q1 = Avx512F.Shuffle(a, c, 0xEE);
            Vector512<float> q2 = Avx512F.Shuffle(b, d, 0x44), q3 = Avx512F.Shuffle(b, d, 0xEE);
            long o = (long)i * s.OutWidth;
            if (whole)
            {
                Put4(q0, q1, q2, q3, 0, at, o, y, residual, epilogue);
                Put4(q0, q1, q2, q3, 1, at, o, y, residual, epilogue);
                Put4(q0, q1, q2, q3, 2, at, o, y, residual, epilogue);
                Put4(q0, q1, q2, q3, 3, at, o, y, residual, epilogue);
                continue;
            }

            PutEdge4(q0, q1, q2, q3, 0, tiles, i, o, y, residual, epilogue);
            PutEdge4(q0, q1, q2, q3, 1, tiles, i, o, y, residual, epilogue);
            PutEdge4(q0, q1, q2, q3, 2, tiles, i, o, y, residual, epilogue);
            PutEdge4(q0, q1, q2, q3, 3, tiles, i, o, y, residual, epilogue);
        }
    }

    /// <summary>
    /// <see cref="Put4{TEpilogue}"/> for a group with tiles on the image's edge or past the block: each tile's row
    /// <paramref name="i"/> only if it lies inside the image, and only its columns inside the image.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PutEdge4<TEpilogue>(Vector512<float> q0, Vector512<float> q1, Vector512<float> q2, Vector512<float> q3, [System.Diagnostics.CodeAnalysis.ConstantExpected(Max = 3)] byte lane, TileGeometry* tiles, int i, long o, float* y, float* residual, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        TileGeometry* tile = tiles + (lane * 4);
        PutEdge(Avx512F.ExtractVector128(q0, lane), tile[0], i, o, y, residual, epilogue);
        PutEdge(Avx512F.ExtractVector128(q1, lane), tile[1], i, o, y, residual, epilogue);
        PutEdge(Avx512F.ExtractVector128(q2, lane), tile[2], i, o, y, residual, epilogue);
        PutEdge(Avx512F.ExtractVector128(q3, lane), tile[3], i, o, y, residual, epilogue);
    }

    /// <summary>One tile's row <paramref name="i"/> of four, stored where it lies inside the image.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PutEdge<TEpilogue>(Vector128<float> v, TileGeometry g, int i, long o, float* y, float* residual, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        if (i >= g.Rows)
        {
            return;
        }

        if (g.Cols == TileOut)
        {
            if (residual == null)
            {
                v.Store(y + g.At + o);
            }
            else
            {
                PutRow(v, g.At + o, y, residual, epilogue);
            }

            return;
        }

        // The first 1 to 3 columns: a masked load of the residual there and a masked store.
        Vector128<float> mask = VectorMath.FirstLanes128(g.Cols);
        long offset = g.At + o;
        if (residual != null)
        {
            v = epilogue.Invoke(v + Avx.MaskLoad(residual + offset, mask));
        }

        Avx.MaskStore(y + offset, mask, v);
    }

    /// <summary>Tiles 4L to 4L + 3's rows of four (128-bit lane <paramref name="lane"/> of q0 to q3), stored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put4<TEpilogue>(Vector512<float> q0, Vector512<float> q1, Vector512<float> q2, Vector512<float> q3, [System.Diagnostics.CodeAnalysis.ConstantExpected(Max = 3)] byte lane, long* at, long o, float* y, float* residual, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        long* tile = at + (lane * 4);
        if (residual == null)
        {
            Avx512F.ExtractVector128(q0, lane).Store(y + tile[0] + o);
            Avx512F.ExtractVector128(q1, lane).Store(y + tile[1] + o);
            Avx512F.ExtractVector128(q2, lane).Store(y + tile[2] + o);
            Avx512F.ExtractVector128(q3, lane).Store(y + tile[3] + o);
            return;
        }

        PutRow(Avx512F.ExtractVector128(q0, lane), tile[0] + o, y, residual, epilogue);
        PutRow(Avx512F.ExtractVector128(q1, lane), tile[1] + o, y, residual, epilogue);
        PutRow(Avx512F.ExtractVector128(q2, lane), tile[2] + o, y, residual, epilogue);
        PutRow(Avx512F.ExtractVector128(q3, lane), tile[3] + o, y, residual, epilogue);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OutputTransform1D(Vector512<float> m0, Vector512<float> m1, Vector512<float> m2, Vector512<float> m3, Vector512<float> m4, Vector512<float> m5, Vector512<float>* o, int stride)
    {
        Vector512<float> sum12 = m1 + m2, dif12 = m1 - m2, sum34 = m3 + m4, dif34 = m3 - m4;
        Vector512<float> two = Vector512.Create(2f), four = Vector512.Create(4f), eight = Vector512.Create(8f);
        o[0] = m0 + sum12 + sum34;
        o[stride] = dif12 + (two * dif34);
        o[2 * stride] = sum12 + (four * sum34);
        o[3 * stride] = dif12 + (eight * dif34) + m5;
    }

    /// <summary>One tile row of four: plus the residual there, through the epilogue, stored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PutRow<TEpilogue>(Vector128<float> v, long offset, float* y, float* residual, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator =>
        epilogue.Invoke(v + Vector128.Load(residual + offset)).Store(y + offset);

    /// <summary>
    /// r[0..4] (lane = tile, vector = column) transposed: <paramref name="l01"/> holds tiles 0 and 1's rows of four
    /// (lower and upper half), <paramref name="l23"/> tiles 2 and 3's, and so on.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TransposeRowAvx(Vector256<float>* r, out Vector256<float> l01, out Vector256<float> l23, out Vector256<float> l45, out Vector256<float> l67)
    {
        Vector256<float> a = Avx.UnpackLow(r[0], r[1]), b = Avx.UnpackHigh(r[0], r[1]);
        Vector256<float> c = Avx.UnpackLow(r[2], r[3]), d = Avx.UnpackHigh(r[2], r[3]);
        Vector256<float> t04 = Avx.Shuffle(a, c, 0x44), t15 = Avx.Shuffle(a, c, 0xEE);
        Vector256<float> t26 = Avx.Shuffle(b, d, 0x44), t37 = Avx.Shuffle(b, d, 0xEE);
        l01 = Avx.Permute2x128(t04, t15, 0x20);
        l23 = Avx.Permute2x128(t26, t37, 0x20);
        l45 = Avx.Permute2x128(t04, t15, 0x31);
        l67 = Avx.Permute2x128(t26, t37, 0x31);
    }

    /// <summary>
    /// Writes r[0..4] (lane = tile, vector = column) as eight tiles' rows of four: row[tile·4 + column].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TransposeRow(Vector256<float>* r, float* row)
    {
        if (Avx.IsSupported)
        {
            TransposeRowAvx(r, out Vector256<float> l01, out Vector256<float> l23, out Vector256<float> l45, out Vector256<float> l67);
            l01.Store(row);
            l23.Store(row + 8);
            l45.Store(row + 16);
            l67.Store(row + 24);
            return;
        }

        for (int j = 0; j < TileOut; j++)
        {
            for (int lane = 0; lane < 8; lane++)
            {
                row[(lane * TileOut) + j] = r[j].GetElement(lane);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OutputTransform1D(Vector256<float> m0, Vector256<float> m1, Vector256<float> m2, Vector256<float> m3, Vector256<float> m4, Vector256<float> m5, Vector256<float>* o, int stride)
    {
        Vector256<float> sum12 = m1 + m2, dif12 = m1 - m2, sum34 = m3 + m4, dif34 = m3 - m4;
        Vector256<float> two = Vector256.Create(2f), four = Vector256.Create(4f), eight = Vector256.Create(8f);
        o[0] = m0 + sum12 + sum34;
        o[stride] = dif12 + (two * dif34);
        o[2 * stride] = sum12 + (four * sum34);
        o[3 * stride] = dif12 + (eight * dif34) + m5;
    }
}
