using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Neo.Runtime.Kernels;

/// <summary>A row count known to the JIT, so each tile kernel is compiled once per count with the unused rows removed.</summary>
internal interface IRowCount
{
    static abstract int Value { get; }
}

internal struct Rows1 : IRowCount
{
    public static int Value => 1;
}

internal struct Rows2 : IRowCount
{
    public static int Value => 2;
}

internal struct Rows3 : IRowCount
{
    public static int Value => 3;
}

internal struct Rows4 : IRowCount
{
    public static int Value => 4;
}

internal struct Rows5 : IRowCount
{
    public static int Value => 5;
}

internal struct Rows6 : IRowCount
{
    public static int Value => 6;
}

/// <summary>Where a tile's results go and what happens to them on the way.</summary>
internal unsafe struct TileOutput
{
    /// <summary>The tile's top-left element.</summary>
    public float* C;
    public nint Ldc;

    /// <summary>Valid columns of the tile (rows are the tile kernel's row count).</summary>
    public int Cols;

    /// <summary>Adds the partial sums of earlier K blocks already in C.</summary>
    public bool Accumulate;

    /// <summary>Last K block: apply alpha, bias, residual and the epilogue.</summary>
    public bool Finish;
    public float Alpha;
    public float Beta;

    /// <summary>The bias at the tile's top-left, or null; element (i, j) is Bias[i·BiasRowStride + j·BiasColStride].</summary>
    public float* Bias;
    public nint BiasRowStride;
    public nint BiasColStride;

    /// <summary>The residual at the tile's top-left, or null; row stride Ldr.</summary>
    public float* Residual;
    public nint Ldr;
}

/// <summary>The result matrix of a GEMM with its fused additions (whole matrix, not a tile).</summary>
internal unsafe struct GemmOutput
{
    public float* C;
    public nint Ldc;
    public float Alpha;
    public float Beta;
    public float* Bias;
    public nint BiasRowStride;
    public nint BiasColStride;
    public float* Residual;
    public nint Ldr;
}

/// <summary>
/// Makes a block of B (k rows [pc, pc+kc), columns [j0, j0+nc)) available as 16-column panels: panel q at
/// <see cref="PanelBlock.Pointer"/> + q·<see cref="PanelBlock.PanelStride"/>, rows <see cref="PanelBlock.Ldb"/> apart;
/// a partial last panel may live elsewhere (<see cref="PanelBlock.Tail"/>). Implementations keep no state
/// between calls (one job value serves every thread); scratch goes in the calling thread's workspace.
/// </summary>
internal unsafe interface IPanelSource
{
    void Prepare(int pc, int kc, int j0, int nc, out PanelBlock block);
}

/// <summary>A prepared block of B panels.</summary>
internal unsafe struct PanelBlock
{
    public float* Pointer;
    public nint Ldb;
    public nint PanelStride;

    /// <summary>The last, partial panel when it is stored apart (zero-padded, 16 floats per row), else null.</summary>
    public float* Tail;
}

/// <summary>Whether a direct GEMM tile's rows end in a partial vector, loaded and stored under a mask.</summary>
internal interface IRowTail
{
    static abstract bool Masked { get; }
}

/// <summary>Rows as wide as the tile.</summary>
internal struct WholeRow : IRowTail
{
    public static bool Masked => false;
}

/// <summary>Rows shorter than the tile: the last vector of each under a mask of the columns left.</summary>
internal struct MaskedRow : IRowTail
{
    public static bool Masked => true;
}

internal static unsafe partial class GemmTiles
{
    /// <summary>Rows of A per packed panel and per tile.</summary>
    public const int Rows = 6;

    /// <summary>Columns per B panel.</summary>
    public const int PanelWidth = 16;

    /// <summary>
    /// K rows per block: a 6×kc A sub-panel (6 or 12 KiB) stays in L1 while B panels stream from L2. 512 where the
    /// CPU has AVX-512 (those have at least 1 MiB of L2 per core: the 512×256 B block is 512 KiB): C is reloaded half
    /// as often for deep products, 1.04-1.12× on K = 2304-4608 in a same-process comparison, even below; 256 elsewhere.
    /// </summary>
    public static readonly int BlockK = Vector512.IsHardwareAccelerated ? 512 : 256;

    /// <summary>Columns per block: a kc×256 packed B block fits in L2.</summary>
    public const int BlockN = 256;

    /// <summary>
    /// The vector width the tiles use: the widest the JIT accelerates (512 bits only when the runtime prefers
    /// it), 0 for scalar. Tests set it to cover every width on one machine.
    /// </summary>
    /// <summary>8-column tiles for the last columns (N = 49, 196); a switch for same-process comparisons.</summary>
    internal static bool NarrowTiles = true;

    /// <summary>Three whole panels on one 48-column tile where an odd number is left; a switch for same-process comparisons.</summary>
    internal static bool WideTiles = true;

    internal static int Width = Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : Vector128.IsHardwareAccelerated ? 128 : 0;

    /// <summary>
    /// The tiles' direct kernels take a last tile short of full width (17-31 columns on 512-bit vectors, 9-15 on
    /// 256-bit: N = 25, 169, 729) with masked stores, where it went through the stack and was stored one value at a
    /// time; a switch for same-process comparisons.
    /// </summary>
    internal static bool MaskedTails = true;

    private static bool CanMask256 => Avx.IsSupported;

#if NET9_0_OR_GREATER
    private static bool CanMask512 => Avx512F.IsSupported;
#else
    private static bool CanMask512 => false;
#endif

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> MaskLoad256(float* address, Vector256<float> mask) => Avx.MaskLoad(address, mask);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MaskStore256(float* address, Vector256<float> mask, Vector256<float> value) => Avx.MaskStore(address, mask, value);

#if NET9_0_OR_GREATER
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> MaskLoad512(float* address, Vector512<float> mask) => Avx512F.MaskLoad(address, mask, Vector512<float>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MaskStore512(float* address, Vector512<float> mask, Vector512<float> value) => Avx512F.MaskStore(address, mask, value);
#else
    // Never called: CanMask512 is false without the masked AVX-512 loads and stores of .NET 9.
    private static Vector512<float> MaskLoad512(float* address, Vector512<float> mask) => throw new PlatformNotSupportedException();

    private static void MaskStore512(float* address, Vector512<float> mask, Vector512<float> value) => throw new PlatformNotSupportedException();
#endif

    /// <summary>One tile: <paramref name="rows"/> rows (1–6) of packed A times one or two B panels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Tile<TEpilogue>(int rows, int kc, float* a, float* b, nint ldb, nint bNext, ref TileOutput o, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        if (o.Cols <= ColumnTileMax && Width >= 256 && Avx.IsSupported && ColumnTiles)
        {
            TileColumns(rows, kc, a, b, ldb, ref o, epilogue);
            return;
        }

        if (o.Cols <= 8 && Width >= 256 && NarrowTiles)
        {
            Tile8(rows, kc, a, b, ldb, ref o, epilogue);
            return;
        }

        switch (Width)
        {
            case 256:
                Tile256Rows(rows, kc, a, b, ldb, bNext, ref o, epilogue);
                break;
            case 512:
                // A lone last panel (at most 16 columns) on the 256-bit tile: the 512-bit one would multiply it twice.
                if (o.Cols <= PanelWidth)
                {
                    Tile256Rows(rows, kc, a, b, ldb, bNext, ref o, epilogue);
                }
                else
                {
                    Tile512Rows(rows, kc, a, b, ldb, bNext, ref o, epilogue);
                }

                break;
            case 128:
                Tile128Rows(rows, kc, a, b, ldb, bNext, ref o, epilogue);
                break;
            default:
                TileScalar(rows, kc, a, b, ldb, ref o, epilogue);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile256Rows<TEpilogue>(int rows, int kc, float* a, float* b, nint ldb, nint bNext, ref TileOutput o, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        switch (rows)
        {
            case 6: Tile256<Rows6, TEpilogue>(kc, a, b, ldb, bNext, ref o, epilogue); break;
            case 5: Tile256<Rows5, TEpilogue>(kc, a, b, ldb, bNext, ref o, epilogue); break;
            case 4: Tile256<Rows4, TEpilogue>(kc, a, b, ldb, bNext, ref o, epilogue); break;
            case 3: Tile256<Rows3, TEpilogue>(kc, a, b, ldb, bNext, ref o, epilogue); break;
            case 2: Tile256<Rows2, TEpilogue>(kc, a, b, ldb, bNext, ref o, epilogue); break;
            default: Tile256<Rows1, TEpilogue>(kc, a, b, ldb, bNext, ref o, epilogue); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile512Rows<TEpilogue>(int rows, int kc, float* a, float* b, nint ldb, nint bNext, ref TileOutput o, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        switch (rows)
        {
            case 6: Tile512<Rows6, TEpilogue>(kc, a, b, ldb, bNext, ref o, epilogue); break;
            case 5: Tile512<Rows5, TEpilogue>(kc, a, b, ldb, bNext, ref o, epilogue); break;
            case 4: Tile512<Rows4, TEpilogue>(kc, a, b, ldb, bNext, ref o, epilogue); break;
            case 3: Tile512<Rows3, TEpilogue>(kc, a, b, ldb, bNext, ref o, epilogue); break;
            case 2: Tile512<Rows2, TEpilogue>(kc, a, b, ldb, bNext, ref o, epilogue); break;
            default: Tile512<Rows1, TEpilogue>(kc, a, b, ldb, bNext, ref o, epilogue); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile48Rows<TEpilogue>(int rows, int kc, float* a, float* b, nint ldb, nint panelStride, ref TileOutput o, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        switch (rows)
        {
            case 6: Tile48<Rows6, TEpilogue>(kc, a, b, ldb, panelStride, ref o, epilogue); break;
            case 5: Tile48<Rows5, TEpilogue>(kc, a, b, ldb, panelStride, ref o, epilogue); break;
            case 4: Tile48<Rows4, TEpilogue>(kc, a, b, ldb, panelStride, ref o, epilogue); break;
            case 3: Tile48<Rows3, TEpilogue>(kc, a, b, ldb, panelStride, ref o, epilogue); break;
            case 2: Tile48<Rows2, TEpilogue>(kc, a, b, ldb, panelStride, ref o, epilogue); break;
            default: Tile48<Rows1, TEpilogue>(kc, a, b, ldb, panelStride, ref o, epilogue); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile128Rows<TEpilogue>(int rows, int kc, float* a, float* b, nint ldb, nint bNext, ref TileOutput o, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        switch (rows)
        {
            case 6: Tile128<Rows6, TEpilogue>(kc, a, b, ldb, bNext, ref o, epilogue); break;
            case 5: Tile128<Rows5, TEpilogue>(kc, a, b, ldb, bNext, ref o, epilogue); break;
            case 4: Tile128<Rows4, TEpilogue>(kc, a, b, ldb, bNext, ref o, epilogue); break;
            case 3: Tile128<Rows3, TEpilogue>(kc, a, b, ldb, bNext, ref o, epilogue); break;
            case 2: Tile128<Rows2, TEpilogue>(kc, a, b, ldb, bNext, ref o, epilogue); break;
            default: Tile128<Rows1, TEpilogue>(kc, a, b, ldb, bNext, ref o, epilogue); break;
        }
    }

    /// <summary>Most columns <see cref="TileColumns"/> takes: beyond them the 8-column tile does less work per column.</summary>
    private const int ColumnTileMax = 4;

    /// <summary>The column tile for the last 1-4 columns; a switch for same-process comparisons.</summary>
    internal static bool ColumnTiles = true;

    /// <summary>One or two columns with K in four chains; a switch for same-process comparisons.</summary>
    internal static bool DeepColumns = true;

    /// <summary>
    /// The last 1-4 columns of a row panel (N = 49: a 7×7 layer's last pixel; N = 196: 14×14's last four) with the panel's 6 rows along the vector:
    /// per K step one load of A's 6 values and one multiply-add per column, where the 8-column tile spent six (one per
    /// row, 8 lanes of which one or two were real). Even and odd K in separate accumulators.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void TileColumns<TEpilogue>(int rows, int kc, float* a, float* b, nint ldb, ref TileOutput o, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        // A's panel holds 6 values per K step: the mask keeps the 8-lane load from reading past the panel's end.
        Vector256<float> mask = Vector256.Create(-1, -1, -1, -1, -1, -1, 0, 0).AsSingle();
        int cols = o.Cols;
        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default, d0 = default, d1 = default, d2 = default, d3 = default;
        int p = 0;
        if (cols <= 2 && DeepColumns)
        {
            // One or two columns: K in four interleaved chains (two chains left the loop waiting on the multiply-adds'
            // latency, a 7×7 layer's last pixel costing a third of its 32-column tile).
            Vector256<float> e0 = default, e1 = default, f0 = default, f1 = default;
            for (; p + 4 <= kc; p += 4)
            {
                Vector256<float> x0 = Avx.MaskLoad(a, mask), x1 = Avx.MaskLoad(a + Rows, mask);
                Vector256<float> x2 = Avx.MaskLoad(a + (2 * Rows), mask), x3 = Avx.MaskLoad(a + (3 * Rows), mask);
                float* b1 = b + ldb, b2 = b + (2 * ldb), b3 = b + (3 * ldb);
                c0 = VectorMath.MultiplyAdd(x0, Vector256.Create(b[0]), c0);
                d0 = VectorMath.MultiplyAdd(x1, Vector256.Create(b1[0]), d0);
                e0 = VectorMath.MultiplyAdd(x2, Vector256.Create(b2[0]), e0);
                f0 = VectorMath.MultiplyAdd(x3, Vector256.Create(b3[0]), f0);
                if (cols > 1)
                {
                    c1 = VectorMath.MultiplyAdd(x0, Vector256.Create(b[1]), c1);
                    d1 = VectorMath.MultiplyAdd(x1, Vector256.Create(b1[1]), d1);
                    e1 = VectorMath.MultiplyAdd(x2, Vector256.Create(b2[1]), e1);
                    f1 = VectorMath.MultiplyAdd(x3, Vector256.Create(b3[1]), f1);
                }

                a += 4 * Rows;
                b += 4 * ldb;
            }

            c0 += e0;
            d0 += f0;
            c1 += e1;
            d1 += f1;
        }

        for (; p + 2 <= kc; p += 2)
        {
            Vector256<float> x = Avx.MaskLoad(a, mask), y = Avx.MaskLoad(a + Rows, mask);
            float* b1 = b + ldb;
            c0 = VectorMath.MultiplyAdd(x, Vector256.Create(b[0]), c0);
            d0 = VectorMath.MultiplyAdd(y, Vector256.Create(b1[0]), d0);
            if (cols > 1)
            {
                c1 = VectorMath.MultiplyAdd(x, Vector256.Create(b[1]), c1);
                d1 = VectorMath.MultiplyAdd(y, Vector256.Create(b1[1]), d1);
            }

            if (cols > 2)
            {
                c2 = VectorMath.MultiplyAdd(x, Vector256.Create(b[2]), c2);
                d2 = VectorMath.MultiplyAdd(y, Vector256.Create(b1[2]), d2);
            }

            if (cols > 3)
            {
                c3 = VectorMath.MultiplyAdd(x, Vector256.Create(b[3]), c3);
                d3 = VectorMath.MultiplyAdd(y, Vector256.Create(b1[3]), d3);
            }

            a += 2 * Rows;
            b += 2 * ldb;
        }

        if (p < kc)
        {
            Vector256<float> x = Avx.MaskLoad(a, mask);
            c0 = VectorMath.MultiplyAdd(x, Vector256.Create(b[0]), c0);
            c1 = VectorMath.MultiplyAdd(x, Vector256.Create(b[cols > 1 ? 1 : 0]), c1);
            c2 = VectorMath.MultiplyAdd(x, Vector256.Create(b[cols > 2 ? 2 : 0]), c2);
            c3 = VectorMath.MultiplyAdd(x, Vector256.Create(b[cols > 3 ? 3 : 0]), c3);
        }

        if (o.Finish && !o.Accumulate && o.Alpha == 1f && (o.Bias == null || o.BiasColStride == 0) && ColumnEpilogue)
        {
            // The common single-block case: bias, residual and epilogue on the column vectors (lane = row), so a costly
            // epilogue (SiLU) runs once per column rather than once per row, then each row's value stored.
            Vector256<float> bias = default;
            float* lanes = stackalloc float[8];
            if (o.Bias != null)
            {
                Vector256<float>.Zero.Store(lanes);
                for (int i = 0; i < rows; i++)
                {
                    lanes[i] = o.Bias[i * o.BiasRowStride] * o.Beta;
                }

                bias = Vector256.Load(lanes);
            }

            StoreColumn(c0 + d0 + bias, 0, rows, lanes, ref o, epilogue);
            if (cols > 1)
            {
                StoreColumn(c1 + d1 + bias, 1, rows, lanes, ref o, epilogue);
            }

            if (cols > 2)
            {
                StoreColumn(c2 + d2 + bias, 2, rows, lanes, ref o, epilogue);
            }

            if (cols > 3)
            {
                StoreColumn(c3 + d3 + bias, 3, rows, lanes, ref o, epilogue);
            }

            return;
        }

        // Column vectors (lane = row) to the rows StorePartial reads: acc[row][column].
        float* columns = stackalloc float[4 * 8];
        (c0 + d0).Store(columns);
        (c1 + d1).Store(columns + 8);
        (c2 + d2).Store(columns + 16);
        (c3 + d3).Store(columns + 24);
        float* acc = stackalloc float[Rows * 8];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                acc[(i * 8) + j] = columns[(j * 8) + i];
            }

            StorePartial(acc + (i * 8), i, ref o, epilogue);
        }
    }

    /// <summary>The column tile's epilogue on its column vectors; a switch for same-process comparisons.</summary>
    internal static bool ColumnEpilogue = true;

    /// <summary>
    /// Column <paramref name="j"/> of a column tile (lane i = row i, bias added): plus the residual, the epilogue,
    /// stored; <paramref name="lanes"/> is 8 floats of scratch.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreColumn<TEpilogue>(Vector256<float> v, int j, int rows, float* lanes, ref TileOutput o, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        if (o.Residual != null)
        {
            Vector256<float>.Zero.Store(lanes);
            for (int i = 0; i < rows; i++)
            {
                lanes[i] = o.Residual[(i * o.Ldr) + j];
            }

            v += Vector256.Load(lanes);
        }

        epilogue.Invoke(v).Store(lanes);
        for (int i = 0; i < rows; i++)
        {
            o.C[(i * o.Ldc) + j] = lanes[i];
        }
    }

    /// <summary>The 8-column tile with K split in two; a switch for same-process comparisons.</summary>
    internal static bool SplitNarrow = true;

    /// <summary>
    /// At most 8 valid columns: one 256-bit accumulator per row, half the multiply-adds of the 16-column tile. Every
    /// row of the packed A panel is computed (rows past m are zeros); the valid ones are stored.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Tile8<TEpilogue>(int rows, int kc, float* a, float* b, nint ldb, ref TileOutput o, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        int p = 0;
        if (SplitNarrow)
        {
            // Even and odd K steps in separate accumulators: six chains of dependent multiply-adds kept the tile at
            // half the core's rate.
            Vector256<float> d0 = default, d1 = default, d2 = default, d3 = default, d4 = default, d5 = default;
            for (; p + 2 <= kc; p += 2)
            {
                Vector256<float> bv = Vector256.Load(b), bw = Vector256.Load(b + ldb);
                c0 = VectorMath.MultiplyAdd(Vector256.Create(a[0]), bv, c0);
                c1 = VectorMath.MultiplyAdd(Vector256.Create(a[1]), bv, c1);
                c2 = VectorMath.MultiplyAdd(Vector256.Create(a[2]), bv, c2);
                c3 = VectorMath.MultiplyAdd(Vector256.Create(a[3]), bv, c3);
                c4 = VectorMath.MultiplyAdd(Vector256.Create(a[4]), bv, c4);
                c5 = VectorMath.MultiplyAdd(Vector256.Create(a[5]), bv, c5);
                d0 = VectorMath.MultiplyAdd(Vector256.Create(a[6]), bw, d0);
                d1 = VectorMath.MultiplyAdd(Vector256.Create(a[7]), bw, d1);
                d2 = VectorMath.MultiplyAdd(Vector256.Create(a[8]), bw, d2);
                d3 = VectorMath.MultiplyAdd(Vector256.Create(a[9]), bw, d3);
                d4 = VectorMath.MultiplyAdd(Vector256.Create(a[10]), bw, d4);
                d5 = VectorMath.MultiplyAdd(Vector256.Create(a[11]), bw, d5);
                a += 2 * Rows;
                b += 2 * ldb;
            }

            c0 += d0;
            c1 += d1;
            c2 += d2;
            c3 += d3;
            c4 += d4;
            c5 += d5;
        }

        for (; p < kc; p++)
        {
            Vector256<float> bv = Vector256.Load(b);
            c0 = VectorMath.MultiplyAdd(Vector256.Create(a[0]), bv, c0);
            c1 = VectorMath.MultiplyAdd(Vector256.Create(a[1]), bv, c1);
            c2 = VectorMath.MultiplyAdd(Vector256.Create(a[2]), bv, c2);
            c3 = VectorMath.MultiplyAdd(Vector256.Create(a[3]), bv, c3);
            c4 = VectorMath.MultiplyAdd(Vector256.Create(a[4]), bv, c4);
            c5 = VectorMath.MultiplyAdd(Vector256.Create(a[5]), bv, c5);
            a += Rows;
            b += ldb;
        }

        float* acc = stackalloc float[Rows * 8];
        c0.Store(acc);
        c1.Store(acc + 8);
        c2.Store(acc + 16);
        c3.Store(acc + 24);
        c4.Store(acc + 32);
        c5.Store(acc + 40);
        for (int i = 0; i < rows; i++)
        {
            StorePartial(acc + (i * 8), i, ref o, epilogue);
        }
    }

    /// <summary>The portable tile, for machines (or test runs) without vector hardware.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TileScalar<TEpilogue>(int rows, int kc, float* a, float* b, nint ldb, ref TileOutput o, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        float* acc = stackalloc float[Rows * PanelWidth];
        new Span<float>(acc, Rows * PanelWidth).Clear();
        for (int p = 0; p < kc; p++)
        {
            for (int i = 0; i < rows; i++)
            {
                float av = a[i];
                float* row = acc + (i * PanelWidth);
                for (int j = 0; j < PanelWidth; j++)
                {
                    row[j] += av * b[j];
                }
            }

            a += Rows;
            b += ldb;
        }

        for (int i = 0; i < rows; i++)
        {
            StorePartial(acc + (i * PanelWidth), i, ref o, epilogue);
        }
    }

    /// <summary>
    /// Stores the first <see cref="TileOutput.Cols"/> values of one tile row by the tile's rule: the sums, bias and
    /// residual one element at a time, a costly epilogue (Log, GELU, Sigmoid) on 8-lane vectors over a copy of the row
    /// (a matrix whose width is not a multiple of the tile's runs every row through here).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void StorePartial<TEpilogue>(float* values, int row, ref TileOutput o, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        if (o.Finish && !TEpilogue.IsCheap && Vector256.IsHardwareAccelerated && o.Cols <= MaxPartialColumns && VectorPartialEpilogue)
        {
            float* pre = stackalloc float[MaxPartialColumns];
            StorePartialColumns(values, row, ref o, default(Identity), pre);
            float* c = o.C + (row * o.Ldc);
            int j = 0;
            for (; j + 8 <= o.Cols; j += 8)
            {
                epilogue.Invoke(Vector256.Load(pre + j)).Store(c + j);
            }

            if (j < o.Cols)
            {
                // The lanes past the row hold whatever the buffer held: computed, not stored.
                Vector256<float> tail = epilogue.Invoke(Vector256.Load(pre + j));
                for (int t = 0; j < o.Cols; j++, t++)
                {
                    c[j] = tail.GetElement(t);
                }
            }

            return;
        }

        StorePartialColumns(values, row, ref o, epilogue, o.C + (row * o.Ldc));
    }

    /// <summary>The widest tile row (<see cref="StorePartial"/>'s copy), with room for the last 8-lane vector.</summary>
    private const int MaxPartialColumns = 40;

    /// <summary>A costly epilogue of partial tiles on vectors; a switch for same-process comparisons.</summary>
    internal static bool VectorPartialEpilogue = true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StorePartialColumns<TEpilogue>(float* values, int row, ref TileOutput o, TEpilogue epilogue, float* c)
        where TEpilogue : struct, IUnaryOperator
    {
        float* bias = o.Bias == null ? null : o.Bias + (row * o.BiasRowStride);
        float* residual = o.Residual == null ? null : o.Residual + (row * o.Ldr);
        float* target = o.C + (row * o.Ldc);
        for (int j = 0; j < o.Cols; j++)
        {
            float x = values[j];
            if (o.Accumulate)
            {
                x += target[j];
            }

            if (o.Finish)
            {
                x *= o.Alpha;
                if (bias != null)
                {
                    x += o.Beta * bias[j * o.BiasColStride];
                }

                if (residual != null)
                {
                    x += residual[j];
                }

                x = epilogue.Invoke(x);
            }

            c[j] = x;
        }
    }

    /// <summary>
    /// C = A·B for rows [6·rowPanel0, 6·rowPanel1) and columns [col0, col1) of the result: blocked over K and N
    /// (BLIS order: a B block in L2, an A sub-panel in L1, the tile in registers). <paramref name="aPanels"/>
    /// holds A as 6-row panels covering all of K: panel p at aPanels + 6·k·p, element (i, k) at [6k + i].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply<TSource, TEpilogue>(int m, int k, float* aPanels, ref TSource b, ref GemmOutput output, TEpilogue epilogue, int rowPanel0, int rowPanel1, int col0, int col1)
        where TSource : struct, IPanelSource
        where TEpilogue : struct, IUnaryOperator
    {
        int step = Width == 512 ? 2 : 1;
        TileOutput o = default;
        o.Ldc = output.Ldc;
        o.Alpha = output.Alpha;
        o.Beta = output.Beta;
        o.BiasRowStride = output.BiasRowStride;
        o.BiasColStride = output.BiasColStride;
        o.Ldr = output.Ldr;
        for (int jc = col0; jc < col1; jc += BlockN)
        {
            int nc = Math.Min(BlockN, col1 - jc);
            int panels = (nc + PanelWidth - 1) / PanelWidth;
            for (int pc = 0; pc < k; pc += BlockK)
            {
                int kc = Math.Min(BlockK, k - pc);
                b.Prepare(pc, kc, jc, nc, out PanelBlock block);
                o.Accumulate = pc > 0;
                o.Finish = pc + kc == k;
                for (int ip = rowPanel0; ip < rowPanel1; ip++)
                {
                    int row = ip * Rows;
                    int rows = Math.Min(Rows, m - row);
                    float* a = aPanels + ((long)ip * Rows * k) + (pc * Rows);
                    for (int q = 0; q < panels; q += step)
                    {
                        int col = jc + (q * PanelWidth);
                        float* bp = block.Pointer + (q * block.PanelStride);
                        nint ldb = block.Ldb;
                        // A 512-bit tile past the last panel rereads its own panel (and discards it) rather than read past B.
                        nint next = q + 1 < panels ? block.PanelStride : 0;
                        o.C = output.C + (row * output.Ldc) + col;
                        o.Bias = output.Bias == null ? null : output.Bias + (row * output.BiasRowStride) + (col * output.BiasColStride);
                        o.Residual = output.Residual == null ? null : output.Residual + (row * output.Ldr) + col;
                        int left = jc + nc - col;
                        if (step == 2 && WideTiles && block.Tail == null && left >= 3 * PanelWidth && (left / PanelWidth) % 2 == 1)
                        {
                            // An odd number of whole panels left in the block (N = 49: three and a column; Winograd's
                            // 80-tile blocks: five): three of them on the 48-column tile, so that no 16-column tile is
                            // needed for the odd one.
                            o.Cols = 3 * PanelWidth;
                            Tile48Rows(rows, kc, a, bp, ldb, block.PanelStride, ref o, epilogue);
                            q++;
                            continue;
                        }

                        int cols = Math.Min(step * PanelWidth, col1 - col);
                        bool lastIsTail = block.Tail != null && q + step >= panels;
                        if (lastIsTail)
                        {
                            if (q == panels - 1)
                            {
                                bp = block.Tail;
                                ldb = PanelWidth;
                                next = 0;
                            }
                            else
                            {
                                // A 512-bit tile whose second panel is the separate tail: do the first panel alone.
                                next = 0;
                                cols = PanelWidth;
                                q -= step - 1;
                            }
                        }

                        o.Cols = cols;
                        if (NarrowTiles && cols > PanelWidth && cols <= PanelWidth + 8 && !lastIsTail)
                        {
                            // A 512-bit tile whose second panel holds at most 8 columns (17 to 24 left, too few for
                            // the 48-column tile): the first panel on the 16-column tile, the rest on the 8-column one.
                            o.Cols = PanelWidth;
                            Tile(rows, kc, a, bp, ldb, 0, ref o, epilogue);
                            o.Cols = cols - PanelWidth;
                            o.C += PanelWidth;
                            o.Bias = o.Bias == null ? null : o.Bias + (PanelWidth * output.BiasColStride);
                            o.Residual = o.Residual == null ? null : o.Residual + PanelWidth;
                            Tile(rows, kc, a, bp + next, ldb, 0, ref o, epilogue);
                            continue;
                        }

                        Tile(rows, kc, a, bp, ldb, next, ref o, epilogue);
                    }
                }
            }
        }
    }

    /// <summary>Packs rows [row0, row0 + 6·panels) of A (element (i, k) at a[i·rowStride + k·colStride]) into 6-row panels, zero-padding rows past m.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA(float* a, nint rowStride, nint colStride, int m, int k, float* dst)
    {
        int panels = (m + Rows - 1) / Rows;
        for (int p = 0; p < panels; p++)
        {
            float* d = dst + ((long)p * Rows * k);
            int row0 = p * Rows;
            int rows = Math.Min(Rows, m - row0);
            if (colStride == 1 && rows == Rows && Sse.IsSupported)
            {
                PackFullPanel(a + (row0 * rowStride), rowStride, k, d);
            }
            else if (colStride == 1)
            {
                for (int i = 0; i < rows; i++)
                {
                    float* s = a + ((row0 + i) * rowStride);
                    for (int kk = 0; kk < k; kk++)
                    {
                        d[(kk * Rows) + i] = s[kk];
                    }
                }
            }
            else
            {
                for (int kk = 0; kk < k; kk++)
                {
                    float* s = a + (kk * colStride) + (row0 * rowStride);
                    for (int i = 0; i < rows; i++)
                    {
                        d[(kk * Rows) + i] = s[i * rowStride];
                    }
                }
            }

            for (int i = rows; i < Rows; i++)
            {
                for (int kk = 0; kk < k; kk++)
                {
                    d[(kk * Rows) + i] = 0f;
                }
            }
        }
    }

    /// <summary>
    /// Six full rows of a row-major A into one panel, four k at a time: rows 0-3 through a 4x4 transpose and rows
    /// 4-5 interleaved in pairs, so each k's six values go out as one 16-byte and one 8-byte store instead of six
    /// scalar stores (packing A was 6% of a small-M transformer's time).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackFullPanel(float* a, nint rowStride, int k, float* d)
    {
        float* r0 = a, r1 = a + rowStride, r2 = a + (2 * rowStride), r3 = a + (3 * rowStride), r4 = a + (4 * rowStride), r5 = a + (5 * rowStride);
        int kk = 0;
        for (; kk + 4 <= k; kk += 4)
        {
            Vector128<float> x0 = Sse.LoadVector128(r0 + kk), x1 = Sse.LoadVector128(r1 + kk), x2 = Sse.LoadVector128(r2 + kk), x3 = Sse.LoadVector128(r3 + kk);
            Vector128<float> x4 = Sse.LoadVector128(r4 + kk), x5 = Sse.LoadVector128(r5 + kk);
            Vector128<float> t0 = Sse.UnpackLow(x0, x1), t1 = Sse.UnpackLow(x2, x3), t2 = Sse.UnpackHigh(x0, x1), t3 = Sse.UnpackHigh(x2, x3);
            Vector128<float> p01 = Sse.UnpackLow(x4, x5), p23 = Sse.UnpackHigh(x4, x5);
            float* o = d + (kk * Rows);
            Sse.Store(o, Sse.MoveLowToHigh(t0, t1));
            Sse.StoreLow(o + 4, p01);
            Sse.Store(o + 6, Sse.MoveHighToLow(t1, t0));
            Sse.StoreHigh(o + 10, p01);
            Sse.Store(o + 12, Sse.MoveLowToHigh(t2, t3));
            Sse.StoreLow(o + 16, p23);
            Sse.Store(o + 18, Sse.MoveHighToLow(t3, t2));
            Sse.StoreHigh(o + 22, p23);
        }

        for (; kk < k; kk++)
        {
            float* o = d + (kk * Rows);
            o[0] = r0[kk];
            o[1] = r1[kk];
            o[2] = r2[kk];
            o[3] = r3[kk];
            o[4] = r4[kk];
            o[5] = r5[kk];
        }
    }

    /// <summary>Floats that <see cref="PackA"/> writes for an m×k matrix.</summary>
    public static long PackedALength(int m, int k) => (long)((m + Rows - 1) / Rows) * Rows * k;
}

/// <summary>B already packed in 16-column panels over all of K (weights packed at build time): no copy.</summary>
internal readonly unsafe struct PrepackedPanels : IPanelSource
{
    private readonly float* _b;
    private readonly int _k;

    public PrepackedPanels(float* b, int k)
    {
        _b = b;
        _k = k;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Prepare(int pc, int kc, int j0, int nc, out PanelBlock block)
    {
        block.Pointer = _b + ((long)(j0 / GemmTiles.PanelWidth) * _k * GemmTiles.PanelWidth) + (pc * GemmTiles.PanelWidth);
        block.Ldb = GemmTiles.PanelWidth;
        block.PanelStride = (nint)_k * GemmTiles.PanelWidth;
        block.Tail = null;
    }
}

/// <summary>
/// A row-major B (a 1×1 convolution's input, a MatMul operand), copied one cache block at a time into contiguous
/// 16-column panels in the workspace. Read in place, each k row of a panel sat ldb floats from the last (a new
/// page every row for an image plane), which starved the tile of B: measured in one process against the in-place
/// read, 64×3136×576 runs 1.58x faster packed, 256×784×128 1.09x, 128×784×64 1.06x. The copy is kc·nc floats per
/// block, against m·kc·nc multiply-adds.
/// </summary>
internal readonly unsafe struct RowMajorPanels : IPanelSource
{
    private readonly float* _b;
    private readonly nint _ldb;
    private readonly float* _rowScale;

    /// <param name="b">B, element (k, j) at b[k·ldb + j].</param>
    /// <param name="ldb">The distance between B's rows.</param>
    /// <param name="rowScale">Null, or a factor per row of B that the packed copy is multiplied by (row k by rowScale[k]).</param>
    public RowMajorPanels(float* b, nint ldb, float* rowScale = null)
    {
        _b = b;
        _ldb = ldb;
        _rowScale = rowScale;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Prepare(int pc, int kc, int j0, int nc, out PanelBlock block)
    {
        const int W = GemmTiles.PanelWidth;
        int full = nc / W;
        int rest = nc - (full * W);
        int panels = full + (rest != 0 ? 1 : 0);
        nint panelStride = (nint)kc * W;
        float* dst = Threading.Workspace.Get(0, panels * panelStride);
        float* src = _b + (pc * _ldb) + j0;
        if (_rowScale != null)
        {
            Copy(src, _ldb, dst, kc, full, rest, panelStride, new RowFactors(_rowScale + pc));
        }
        else
        {
            Copy(src, _ldb, dst, kc, full, rest, panelStride, default(Unscaled));
        }

        block.Pointer = dst;
        block.Ldb = W;
        block.PanelStride = panelStride;
        block.Tail = null;
    }

    /// <summary>Rows [0, kc) of B into 16-column panels (the last one zero-padded), row kk multiplied by factor.Of(kk).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy<TFactor>(float* src, nint ldb, float* dst, int kc, int full, int rest, nint panelStride, TFactor factor)
        where TFactor : struct, IRowFactor
    {
        const int W = GemmTiles.PanelWidth;
        bool scaled = typeof(TFactor) != typeof(Unscaled);
        for (int kk = 0; kk < kc; kk++)
        {
            float* s = src + (kk * ldb);
            float* d = dst + (kk * W);
            float f = factor.Of(kk);
            int q = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                Vector256<float> fv = Vector256.Create(f);
                for (; q < full; q++)
                {
                    Vector256<float> lo = Vector256.Load(s + (q * W)), hi = Vector256.Load(s + (q * W) + 8);
                    Vector256.Store(scaled ? lo * fv : lo, d + (q * panelStride));
                    Vector256.Store(scaled ? hi * fv : hi, d + (q * panelStride) + 8);
                }
            }
            else if (Vector128.IsHardwareAccelerated)
            {
                Vector128<float> fv = Vector128.Create(f);
                for (; q < full; q++)
                {
                    for (int v = 0; v < W; v += 4)
                    {
                        Vector128<float> x = Vector128.Load(s + (q * W) + v);
                        Vector128.Store(scaled ? x * fv : x, d + (q * panelStride) + v);
                    }
                }
            }

            for (; q < full; q++)
            {
                for (int j = 0; j < W; j++)
                {
                    d[(q * panelStride) + j] = scaled ? s[(q * W) + j] * f : s[(q * W) + j];
                }
            }

            if (rest != 0)
            {
                float* dt = d + (full * panelStride);
                float* st = s + (full * W);
                int j = 0;
                for (; j < rest; j++)
                {
                    dt[j] = scaled ? st[j] * f : st[j];
                }

                for (; j < W; j++)
                {
                    dt[j] = 0f;
                }
            }
        }
    }

    /// <summary>The factor each row of B is multiplied by as it is packed.</summary>
    private interface IRowFactor
    {
        float Of(int row);
    }

    /// <summary>No factor: the rows are copied as they are.</summary>
    private readonly struct Unscaled : IRowFactor
    {
        public float Of(int row) => 1f;
    }

    /// <summary>Row k by factors[k].</summary>
    private readonly struct RowFactors(float* factors) : IRowFactor
    {
        public float Of(int row) => factors[row];
    }
}

/// <summary>B given transposed (element (k, j) at b[j·ldb + k]): each block is packed into the workspace.</summary>
internal readonly unsafe struct TransposedPanels : IPanelSource
{
    private readonly float* _b;
    private readonly nint _ldb;

    public TransposedPanels(float* b, nint ldb)
    {
        _b = b;
        _ldb = ldb;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Prepare(int pc, int kc, int j0, int nc, out PanelBlock block)
    {
        int panels = (nc + GemmTiles.PanelWidth - 1) / GemmTiles.PanelWidth;
        float* dst = Threading.Workspace.Get(0, (long)panels * kc * GemmTiles.PanelWidth);
        for (int q = 0; q < panels; q++)
        {
            float* d = dst + ((long)q * kc * GemmTiles.PanelWidth);
            int cols = Math.Min(GemmTiles.PanelWidth, nc - (q * GemmTiles.PanelWidth));
            for (int j = 0; j < GemmTiles.PanelWidth; j++)
            {
                if (j < cols)
                {
                    float* s = _b + ((j0 + (q * GemmTiles.PanelWidth) + j) * _ldb) + pc;
                    for (int kk = 0; kk < kc; kk++)
                    {
                        d[(kk * GemmTiles.PanelWidth) + j] = s[kk];
                    }
                }
                else
                {
                    for (int kk = 0; kk < kc; kk++)
                    {
                        d[(kk * GemmTiles.PanelWidth) + j] = 0f;
                    }
                }
            }
        }

        block.Pointer = dst;
        block.Ldb = GemmTiles.PanelWidth;
        block.PanelStride = (nint)kc * GemmTiles.PanelWidth;
        block.Tail = null;
    }
}
