using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Neo.Runtime.Kernels;

/// <summary>
/// The hand-written GEMM tiles beside the generated ones (GemmTiles.cs, from tools/gen_gemm_tiles.py): the 16-column
/// panel on 512-bit vectors and the 48-column tile, whose loops do not share the generated kernels' structure.
/// </summary>
internal static unsafe partial class GemmTiles
{
    /// <summary>
    /// The 16-column tiles on 512-bit vectors where the hardware has them: one register per row (the panel's 16
    /// columns), even and odd K steps in separate accumulators so that twelve multiply-adds are in flight. A switch for
    /// same-process comparisons.
    /// </summary>
    internal static bool WidePanel = true;

    /// <summary><see cref="Accumulate256{TRows}"/> on 512-bit vectors (rows past the valid ones are zeros in A's panel).</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Accumulate16Wide<TRows>(int kc, float* a, float* b, nint ldb, float* acc)
        where TRows : struct, IRowCount
    {
        Vector512<float> z0 = default, z1 = default, z2 = default, z3 = default, z4 = default, z5 = default;
        Vector512<float> y0 = default, y1 = default, y2 = default, y3 = default, y4 = default, y5 = default;
        int q = 0;
        for (; q + 2 <= kc; q += 2)
        {
            Vector512<float> b0 = Vector512.Load(b), b1 = Vector512.Load(b + ldb);
            z0 = VectorMath.MultiplyAdd(Vector512.Create(a[0]), b0, z0);
            y0 = VectorMath.MultiplyAdd(Vector512.Create(a[6]), b1, y0);
            if (TRows.Value > 1)
            {
                z1 = VectorMath.MultiplyAdd(Vector512.Create(a[1]), b0, z1);
                y1 = VectorMath.MultiplyAdd(Vector512.Create(a[7]), b1, y1);
            }

            if (TRows.Value > 2)
            {
                z2 = VectorMath.MultiplyAdd(Vector512.Create(a[2]), b0, z2);
                y2 = VectorMath.MultiplyAdd(Vector512.Create(a[8]), b1, y2);
            }

            if (TRows.Value > 3)
            {
                z3 = VectorMath.MultiplyAdd(Vector512.Create(a[3]), b0, z3);
                y3 = VectorMath.MultiplyAdd(Vector512.Create(a[9]), b1, y3);
            }

            if (TRows.Value > 4)
            {
                z4 = VectorMath.MultiplyAdd(Vector512.Create(a[4]), b0, z4);
                y4 = VectorMath.MultiplyAdd(Vector512.Create(a[10]), b1, y4);
            }

            if (TRows.Value > 5)
            {
                z5 = VectorMath.MultiplyAdd(Vector512.Create(a[5]), b0, z5);
                y5 = VectorMath.MultiplyAdd(Vector512.Create(a[11]), b1, y5);
            }

            a += 12;
            b += 2 * ldb;
        }

        if (q < kc)
        {
            Vector512<float> b0 = Vector512.Load(b);
            z0 = VectorMath.MultiplyAdd(Vector512.Create(a[0]), b0, z0);
            z1 = VectorMath.MultiplyAdd(Vector512.Create(a[1]), b0, z1);
            z2 = VectorMath.MultiplyAdd(Vector512.Create(a[2]), b0, z2);
            z3 = VectorMath.MultiplyAdd(Vector512.Create(a[3]), b0, z3);
            z4 = VectorMath.MultiplyAdd(Vector512.Create(a[4]), b0, z4);
            z5 = VectorMath.MultiplyAdd(Vector512.Create(a[5]), b0, z5);
        }

        (z0 + y0).Store(acc);
        if (TRows.Value > 1)
        {
            (z1 + y1).Store(acc + 16);
        }

        if (TRows.Value > 2)
        {
            (z2 + y2).Store(acc + 32);
        }

        if (TRows.Value > 3)
        {
            (z3 + y3).Store(acc + 48);
        }

        if (TRows.Value > 4)
        {
            (z4 + y4).Store(acc + 64);
        }

        if (TRows.Value > 5)
        {
            (z5 + y5).Store(acc + 80);
        }
    }

    /// <summary>
    /// A 6x48 tile (TRows rows valid) over three whole panels with Vector512: 18 accumulators, three B loads and six
    /// broadcasts per K step for 18 multiply-adds (the 16-column tile it replaces needs seven loads for six), then each
    /// row's first 32 columns and last 16 by the tiles' store rules. <paramref name="o"/> has 48 columns.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile48<TRows, TEpilogue>(int kc, float* a, float* b, nint ldb, nint panelStride, ref TileOutput o, TEpilogue epilogue)
        where TRows : struct, IRowCount
        where TEpilogue : struct, IUnaryOperator
    {
        if (TEpilogue.IsCheap && !o.Accumulate && o.Finish && o.Alpha == 1f && o.Residual == null && (o.Bias == null || o.BiasColStride == 0))
        {
            Direct48<TRows, TEpilogue>(kc, a, b, ldb, panelStride, ref o, epilogue);
            return;
        }

        float* acc = stackalloc float[6 * 48];
        Accumulate48<TRows>(kc, a, b, ldb, panelStride, acc);
        TileOutput last = o;
        last.Cols = PanelWidth;
        last.C += 2 * PanelWidth;
        last.Bias = o.Bias == null ? null : o.Bias + (2 * PanelWidth * o.BiasColStride);
        last.Residual = o.Residual == null ? null : o.Residual + (2 * PanelWidth);
        o.Cols = 2 * PanelWidth;
        for (int r = 0; r < TRows.Value; r++)
        {
            float* row = acc + (r * 48);
            StoreFull512<TEpilogue, WholeRow>(Vector512.Load(row), Vector512.Load(row + 16), r, ref o, epilogue, default);
            Vector512<float> v = Vector512.Load(row + 32);
            StoreFull256<TEpilogue, WholeRow>(v.GetLower(), v.GetUpper(), r, ref last, epilogue, default);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Accumulate48<TRows>(int kc, float* a, float* b, nint ldb, nint panelStride, float* acc)
        where TRows : struct, IRowCount
    {
        var sink = new StackRows48(acc);
        Accumulate48<TRows, StackRows48>(kc, a, b, ldb, panelStride, ref sink);
    }

    /// <summary>
    /// <see cref="Tile48{TRows, TEpilogue}"/> with a cheap epilogue in the common single-block case: the rows stored
    /// straight from the accumulators (plus the row's bias times beta, through the epilogue), no round trip through the stack.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Direct48<TRows, TEpilogue>(int kc, float* a, float* b, nint ldb, nint panelStride, ref TileOutput o, TEpilogue epilogue)
        where TRows : struct, IRowCount
        where TEpilogue : struct, IUnaryOperator
    {
        var sink = new DirectRows48<TEpilogue>(o.C, o.Ldc, o.Bias, o.BiasRowStride, o.Beta, epilogue);
        Accumulate48<TRows, DirectRows48<TEpilogue>>(kc, a, b, ldb, panelStride, ref sink);
    }

    /// <summary>Where <see cref="Accumulate48{TRows, TSink}"/> puts each row's 48 sums.</summary>
    private interface IRowSink48
    {
        void Put(int row, Vector512<float> v0, Vector512<float> v1, Vector512<float> v2);
    }

    /// <summary>Rows to a 6×48 stack buffer.</summary>
    private readonly struct StackRows48(float* acc) : IRowSink48
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Put(int row, Vector512<float> v0, Vector512<float> v1, Vector512<float> v2)
        {
            float* r = acc + (row * 48);
            v0.Store(r);
            v1.Store(r + 16);
            v2.Store(r + 32);
        }
    }

    /// <summary>Rows plus the row's bias times beta, through the epilogue, to C.</summary>
    private readonly struct DirectRows48<TEpilogue>(float* c, nint ldc, float* bias, nint biasStride, float beta, TEpilogue epilogue) : IRowSink48
        where TEpilogue : struct, IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Put(int row, Vector512<float> v0, Vector512<float> v1, Vector512<float> v2)
        {
            if (bias != null)
            {
                Vector512<float> bv = Vector512.Create(bias[row * biasStride] * beta);
                v0 += bv;
                v1 += bv;
                v2 += bv;
            }

            float* r = c + (row * ldc);
            epilogue.Invoke(v0).Store(r);
            epilogue.Invoke(v1).Store(r + 16);
            epilogue.Invoke(v2).Store(r + 32);
        }
    }

    /// <summary>The 48-column loop: 18 accumulators, three B loads and six broadcasts per K step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate48<TRows, TSink>(int kc, float* a, float* b, nint ldb, nint panelStride, ref TSink sink)
        where TRows : struct, IRowCount
        where TSink : struct, IRowSink48
    {
        Vector512<float> c00 = default, c01 = default, c02 = default, c10 = default, c11 = default, c12 = default, c20 = default, c21 = default, c22 = default;
        Vector512<float> c30 = default, c31 = default, c32 = default, c40 = default, c41 = default, c42 = default, c50 = default, c51 = default, c52 = default;
        float* b1 = b + panelStride, b2 = b + (2 * panelStride);
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> v0 = Vector512.Load(b), v1 = Vector512.Load(b1), v2 = Vector512.Load(b2);
            Vector512<float> a0 = Vector512.Create(a[0]);
            c00 = VectorMath.MultiplyAdd(a0, v0, c00);
            c01 = VectorMath.MultiplyAdd(a0, v1, c01);
            c02 = VectorMath.MultiplyAdd(a0, v2, c02);
            if (TRows.Value > 1)
            {
                Vector512<float> a1 = Vector512.Create(a[1]);
                c10 = VectorMath.MultiplyAdd(a1, v0, c10);
                c11 = VectorMath.MultiplyAdd(a1, v1, c11);
                c12 = VectorMath.MultiplyAdd(a1, v2, c12);
            }

            if (TRows.Value > 2)
            {
                Vector512<float> a2 = Vector512.Create(a[2]);
                c20 = VectorMath.MultiplyAdd(a2, v0, c20);
                c21 = VectorMath.MultiplyAdd(a2, v1, c21);
                c22 = VectorMath.MultiplyAdd(a2, v2, c22);
            }

            if (TRows.Value > 3)
            {
                Vector512<float> a3 = Vector512.Create(a[3]);
                c30 = VectorMath.MultiplyAdd(a3, v0, c30);
                c31 = VectorMath.MultiplyAdd(a3, v1, c31);
                c32 = VectorMath.MultiplyAdd(a3, v2, c32);
            }

            if (TRows.Value > 4)
            {
                Vector512<float> a4 = Vector512.Create(a[4]);
                c40 = VectorMath.MultiplyAdd(a4, v0, c40);
                c41 = VectorMath.MultiplyAdd(a4, v1, c41);
                c42 = VectorMath.MultiplyAdd(a4, v2, c42);
            }

            if (TRows.Value > 5)
            {
                Vector512<float> a5 = Vector512.Create(a[5]);
                c50 = VectorMath.MultiplyAdd(a5, v0, c50);
                c51 = VectorMath.MultiplyAdd(a5, v1, c51);
                c52 = VectorMath.MultiplyAdd(a5, v2, c52);
            }

            a += 6;
            b += ldb;
            b1 += ldb;
            b2 += ldb;
        }

        sink.Put(0, c00, c01, c02);
        if (TRows.Value > 1)
        {
            sink.Put(1, c10, c11, c12);
        }

        if (TRows.Value > 2)
        {
            sink.Put(2, c20, c21, c22);
        }

        if (TRows.Value > 3)
        {
            sink.Put(3, c30, c31, c32);
        }

        if (TRows.Value > 4)
        {
            sink.Put(4, c40, c41, c42);
        }

        if (TRows.Value > 5)
        {
            sink.Put(5, c50, c51, c52);
        }
    }
}
