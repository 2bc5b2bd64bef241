using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Neo.Runtime.Kernels;

/// <summary>
/// One row times packed B (M = 1: a fully connected layer on one sample). The 6-row GEMM tile would multiply five
/// rows of zeros and pack A first; here each K step broadcasts one value of A against four 16-column panels at
/// once (8 independent accumulators, B read once, straight from its build-time panels).
/// </summary>
internal static unsafe class GemmRowVector
{
    /// <summary>Panels per pass: 8 accumulators of 256 bits.</summary>
    private const int Panels = 4;

    /// <summary>Whether the 256-bit row kernel is in use (otherwise the tiles serve M = 1 too).</summary>
    public static bool Applies => GemmTiles.Width >= 256 && Vector256.IsHardwareAccelerated;

    /// <summary>y[j] = epilogue(alpha · Σ a[p]·B[p, j] + beta · bias + residual[j]) for the one row of <paramref name="o"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply<TEpilogue>(float* a, float* packedB, int n, int k, ref GemmOutput o, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        if (!TEpilogue.IsCheap && n >= 8 && DeferredEpilogue)
        {
            Multiply(a, packedB, n, k, ref o, default(Identity));
            ApplyInPlace(o.C, 1, n, o.Ldc, epilogue);
            return;
        }

        const int W = GemmTiles.PanelWidth;
        int panels = (n + W - 1) / W;
        float* sums = stackalloc float[Panels * W];
        for (int q0 = 0; q0 < panels; q0 += Panels)
        {
            int count = Math.Min(Panels, panels - q0);
            float* b = packedB + ((long)q0 * k * W);
            if (count == Panels)
            {
                Four(a, b, k, sums);
            }
            else
            {
                for (int q = 0; q < count; q++)
                {
                    One(a, b + ((long)q * k * W), k, sums + (q * W));
                }
            }

            int j0 = q0 * W, columns = Math.Min(count * W, n - j0);
            for (int j = 0; j < columns; j++)
            {
                float x = o.Alpha * sums[j];
                if (o.Bias != null)
                {
                    x += o.Beta * o.Bias[(j0 + j) * o.BiasColStride];
                }

                if (o.Residual != null)
                {
                    x += o.Residual[j0 + j];
                }

                o.C[j0 + j] = epilogue.Invoke(x);
            }
        }
    }

    /// <summary>
    /// A costly epilogue (Tanh, Sigmoid, GELU) applied after the products, over whole rows of C on the widest vectors:
    /// applied at each 16-column store it was a chain of dependent polynomial steps per pair of 8-lane vectors, with
    /// its constants reloaded each time (a quarter of a small MLP's time). A switch for same-process comparisons.
    /// </summary>
    internal static bool DeferredEpilogue = true;

    private static void ApplyInPlace<TEpilogue>(float* c, int m, int n, nint ldc, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        if (ldc == n)
        {
            (m, n) = (1, m * n);
        }

        for (int i = 0; i < m; i++)
        {
            var row = new Span<float>(c + (i * ldc), n);
            Elementwise.Unary(row, row, epilogue);
        }
    }

    /// <summary>Most rows <see cref="MultiplyRows"/> takes: beyond them the 6-row tiles waste little.</summary>
    public const int MaxRows = 4;

    /// <summary>
    /// y = epilogue(alpha · A · B + beta · bias + residual) for 2 to <see cref="MaxRows"/> rows of A read in place
    /// (element (i, p) at a[i·rowStride + p·colStride]): no packed copy of A and no zero rows, which for a batch of
    /// four samples was a fifth of a small MLP's time. Each 16-column panel of B is loaded once per K step and
    /// multiplied by all the rows; the epilogue runs on whole vectors.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyRows<TEpilogue>(float* a, nint rowStride, nint colStride, float* packedB, int m, int n, int k, ref GemmOutput o, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        if (!TEpilogue.IsCheap && n >= 8 && DeferredEpilogue)
        {
            MultiplyRows(a, rowStride, colStride, packedB, m, n, k, ref o, default(Identity));
            ApplyInPlace(o.C, m, n, o.Ldc, epilogue);
            return;
        }

        const int W = GemmTiles.PanelWidth;
        int panels = (n + W - 1) / W;
        float* sums = stackalloc float[MaxRows * W];
        for (int i0 = 0; i0 < m; i0 += MaxRows)
        {
            int rows = Math.Min(MaxRows, m - i0);
            float* a0 = a + (i0 * rowStride);
            float* a1 = rows > 1 ? a0 + rowStride : a0;
            float* a2 = rows > 2 ? a1 + rowStride : a1;
            float* a3 = rows > 3 ? a2 + rowStride : a2;
            int q = 0;
            if (rows <= 2 && TwoRowPanels)
            {
                // Two rows (a batch of two): two panels per pass instead of four rows, two of them repeats.
                for (; q + 2 <= panels; q += 2)
                {
                    float* b = packedB + ((long)q * k * W);
                    RowsTimesTwoPanels(a0, a1, colStride, b, b + ((long)k * W), k, sums);
                    int j0 = q * W, columns = Math.Min(2 * W, n - j0);
                    for (int r = 0; r < rows; r++)
                    {
                        StoreRow(sums + (r * 2 * W), i0 + r, j0, Math.Min(W, columns), ref o, epilogue);
                        StoreRow(sums + (r * 2 * W) + W, i0 + r, j0 + W, columns - W, ref o, epilogue);
                    }
                }
            }

            for (; q < panels; q++)
            {
                RowsTimesPanel(a0, a1, a2, a3, colStride, packedB + ((long)q * k * W), k, sums);
                int j0 = q * W, columns = Math.Min(W, n - j0);
                for (int r = 0; r < rows; r++)
                {
                    StoreRow(sums + (r * W), i0 + r, j0, columns, ref o, epilogue);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void StoreRow<TEpilogue>(float* s, int i, int j0, int columns, ref GemmOutput o, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        float* c = o.C + (i * o.Ldc) + j0;
        float* bias = o.Bias == null ? null : o.Bias + (i * o.BiasRowStride) + (j0 * o.BiasColStride);
        float* residual = o.Residual == null ? null : o.Residual + (i * o.Ldr) + j0;
        if (columns == GemmTiles.PanelWidth && (bias == null || o.BiasColStride <= 1))
        {
            Vector256<float> alpha = Vector256.Create(o.Alpha), beta = Vector256.Create(o.Beta);
            for (int h = 0; h < GemmTiles.PanelWidth; h += 8)
            {
                Vector256<float> x = alpha * Vector256.Load(s + h);
                if (bias != null)
                {
                    x += beta * (o.BiasColStride == 1 ? Vector256.Load(bias + h) : Vector256.Create(*bias));
                }

                if (residual != null)
                {
                    x += Vector256.Load(residual + h);
                }

                epilogue.Invoke(x).Store(c + h);
            }

            return;
        }

        for (int j = 0; j < columns; j++)
        {
            float x = o.Alpha * s[j];
            if (bias != null)
            {
                x += o.Beta * bias[j * o.BiasColStride];
            }

            if (residual != null)
            {
                x += residual[j];
            }

            c[j] = epilogue.Invoke(x);
        }
    }

    /// <summary>Two rows through <see cref="RowsTimesTwoPanels"/>; a switch for same-process comparisons.</summary>
    internal static bool TwoRowPanels = true;

    /// <summary>Two rows (the second may repeat the first) times two 16-column panels: 8 accumulators; sums[row][32].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowsTimesTwoPanels(float* a0, float* a1, nint colStride, float* b, float* c, int k, float* sums)
    {
        if (GemmTiles.Width >= 512 && Vector512.IsHardwareAccelerated && Wide)
        {
            RowsTimesTwoPanels512(a0, a1, colStride, b, c, k, sums);
            return;
        }

        const int W = GemmTiles.PanelWidth;
        Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
        for (int p = 0; p < k; p++)
        {
            Vector256<float> b0 = Vector256.Load(b), b1 = Vector256.Load(b + 8), c0 = Vector256.Load(c), c1 = Vector256.Load(c + 8);
            Vector256<float> x = Vector256.Create(*a0);
            s0 = VectorMath.MultiplyAdd(x, b0, s0);
            s1 = VectorMath.MultiplyAdd(x, b1, s1);
            s2 = VectorMath.MultiplyAdd(x, c0, s2);
            s3 = VectorMath.MultiplyAdd(x, c1, s3);
            x = Vector256.Create(*a1);
            s4 = VectorMath.MultiplyAdd(x, b0, s4);
            s5 = VectorMath.MultiplyAdd(x, b1, s5);
            s6 = VectorMath.MultiplyAdd(x, c0, s6);
            s7 = VectorMath.MultiplyAdd(x, c1, s7);
            a0 += colStride;
            a1 += colStride;
            b += W;
            c += W;
        }

        s0.Store(sums);
        s1.Store(sums + 8);
        s2.Store(sums + 16);
        s3.Store(sums + 24);
        s4.Store(sums + 32);
        s5.Store(sums + 40);
        s6.Store(sums + 48);
        s7.Store(sums + 56);
    }

    /// <summary>Four rows (some may repeat) times one 16-column panel: 8 accumulators, B loaded once per K step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowsTimesPanel(float* a0, float* a1, float* a2, float* a3, nint colStride, float* b, int k, float* sums)
    {
        if (GemmTiles.Width >= 512 && Vector512.IsHardwareAccelerated && Wide)
        {
            RowsTimesPanel512(a0, a1, a2, a3, colStride, b, k, sums);
            return;
        }

        const int W = GemmTiles.PanelWidth;
        Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
        for (int p = 0; p < k; p++)
        {
            Vector256<float> b0 = Vector256.Load(b), b1 = Vector256.Load(b + 8);
            Vector256<float> x = Vector256.Create(*a0);
            s0 = VectorMath.MultiplyAdd(x, b0, s0);
            s1 = VectorMath.MultiplyAdd(x, b1, s1);
            x = Vector256.Create(*a1);
            s2 = VectorMath.MultiplyAdd(x, b0, s2);
            s3 = VectorMath.MultiplyAdd(x, b1, s3);
            x = Vector256.Create(*a2);
            s4 = VectorMath.MultiplyAdd(x, b0, s4);
            s5 = VectorMath.MultiplyAdd(x, b1, s5);
            x = Vector256.Create(*a3);
            s6 = VectorMath.MultiplyAdd(x, b0, s6);
            s7 = VectorMath.MultiplyAdd(x, b1, s7);
            a0 += colStride;
            a1 += colStride;
            a2 += colStride;
            a3 += colStride;
            b += W;
        }

        s0.Store(sums);
        s1.Store(sums + 8);
        s2.Store(sums + W);
        s3.Store(sums + W + 8);
        s4.Store(sums + (2 * W));
        s5.Store(sums + (2 * W) + 8);
        s6.Store(sums + (3 * W));
        s7.Store(sums + (3 * W) + 8);
    }

    /// <summary>
    /// y[j] = Σ a[p]·B[p, j] with nothing added, written straight from the accumulators; n a multiple of 16. With
    /// <paramref name="reverse"/> the panels are visited last to first: a recurrence that alternates the order from one
    /// step to the next starts each step on the panels the previous one left in L1 (an LSTM's 48×192 recurrence is 36 KB,
    /// just over L1, and read in one order it misses on every line).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyInto(float* a, float* packedB, int n, int k, float* y, bool reverse = false)
    {
        const int W = GemmTiles.PanelWidth;
        int panels = n / W, fours = panels / Panels;
        if (reverse)
        {
            for (int q = panels - 1; q >= fours * Panels; q--)
            {
                One(a, packedB + ((long)q * k * W), k, y + (q * W));
            }

            for (int q = (fours - 1) * Panels; q >= 0; q -= Panels)
            {
                Four(a, packedB + ((long)q * k * W), k, y + (q * W));
            }

            return;
        }

        for (int q = 0; q < fours * Panels; q += Panels)
        {
            Four(a, packedB + ((long)q * k * W), k, y + (q * W));
        }

        for (int q = fours * Panels; q < panels; q++)
        {
            One(a, packedB + ((long)q * k * W), k, y + (q * W));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Four(float* a, float* b, int k, float* sums)
    {
        if (GemmTiles.Width >= 512 && Vector512.IsHardwareAccelerated && Wide)
        {
            Four512(a, b, k, sums);
            return;
        }

        const int W = GemmTiles.PanelWidth;
        nint stride = (nint)k * W;
        float* b1 = b + stride, b2 = b1 + stride, b3 = b2 + stride;
        Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
        for (int p = 0; p < k; p++)
        {
            Vector256<float> x = Vector256.Create(a[p]);
            nint o = (nint)p * W;
            s0 = VectorMath.MultiplyAdd(x, Vector256.Load(b + o), s0);
            s1 = VectorMath.MultiplyAdd(x, Vector256.Load(b + o + 8), s1);
            s2 = VectorMath.MultiplyAdd(x, Vector256.Load(b1 + o), s2);
            s3 = VectorMath.MultiplyAdd(x, Vector256.Load(b1 + o + 8), s3);
            s4 = VectorMath.MultiplyAdd(x, Vector256.Load(b2 + o), s4);
            s5 = VectorMath.MultiplyAdd(x, Vector256.Load(b2 + o + 8), s5);
            s6 = VectorMath.MultiplyAdd(x, Vector256.Load(b3 + o), s6);
            s7 = VectorMath.MultiplyAdd(x, Vector256.Load(b3 + o + 8), s7);
        }

        s0.Store(sums);
        s1.Store(sums + 8);
        s2.Store(sums + 16);
        s3.Store(sums + 24);
        s4.Store(sums + 32);
        s5.Store(sums + 40);
        s6.Store(sums + 48);
        s7.Store(sums + 56);
    }

    /// <summary>One panel; even and odd K steps in separate accumulators so the adds do not wait on each other.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void One(float* a, float* b, int k, float* sums)
    {
        const int W = GemmTiles.PanelWidth;
        Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default;
        int p = 0;
        for (; p + 2 <= k; p += 2)
        {
            Vector256<float> x0 = Vector256.Create(a[p]), x1 = Vector256.Create(a[p + 1]);
            float* row = b + ((nint)p * W);
            s0 = VectorMath.MultiplyAdd(x0, Vector256.Load(row), s0);
            s1 = VectorMath.MultiplyAdd(x0, Vector256.Load(row + 8), s1);
            s2 = VectorMath.MultiplyAdd(x1, Vector256.Load(row + W), s2);
            s3 = VectorMath.MultiplyAdd(x1, Vector256.Load(row + W + 8), s3);
        }

        if (p < k)
        {
            Vector256<float> x0 = Vector256.Create(a[p]);
            float* row = b + ((nint)p * W);
            s0 = VectorMath.MultiplyAdd(x0, Vector256.Load(row), s0);
            s1 = VectorMath.MultiplyAdd(x0, Vector256.Load(row + 8), s1);
        }

        (s0 + s2).Store(sums);
        (s1 + s3).Store(sums + 8);
    }

    /// <summary>
    /// The row kernels on 512-bit vectors (a 16-column panel per register), K in pairs of steps with separate
    /// accumulators so that eight multiply-adds are in flight; a switch for same-process comparisons.
    /// </summary>
    internal static bool Wide = true;

    /// <summary><see cref="Four"/> on 512-bit vectors: even and odd K steps in separate accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Four512(float* a, float* b, int k, float* sums)
    {
        const int W = GemmTiles.PanelWidth;
        nint stride = (nint)k * W;
        float* b1 = b + stride, b2 = b1 + stride, b3 = b2 + stride;
        Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default, t0 = default, t1 = default, t2 = default, t3 = default;
        int p = 0;
        for (; p + 2 <= k; p += 2)
        {
            Vector512<float> x = Vector512.Create(a[p]), y = Vector512.Create(a[p + 1]);
            nint o = (nint)p * W;
            s0 = VectorMath.MultiplyAdd(x, Vector512.Load(b + o), s0);
            s1 = VectorMath.MultiplyAdd(x, Vector512.Load(b1 + o), s1);
            s2 = VectorMath.MultiplyAdd(x, Vector512.Load(b2 + o), s2);
            s3 = VectorMath.MultiplyAdd(x, Vector512.Load(b3 + o), s3);
            t0 = VectorMath.MultiplyAdd(y, Vector512.Load(b + o + W), t0);
            t1 = VectorMath.MultiplyAdd(y, Vector512.Load(b1 + o + W), t1);
            t2 = VectorMath.MultiplyAdd(y, Vector512.Load(b2 + o + W), t2);
            t3 = VectorMath.MultiplyAdd(y, Vector512.Load(b3 + o + W), t3);
        }

        if (p < k)
        {
            Vector512<float> x = Vector512.Create(a[p]);
            nint o = (nint)p * W;
            s0 = VectorMath.MultiplyAdd(x, Vector512.Load(b + o), s0);
            s1 = VectorMath.MultiplyAdd(x, Vector512.Load(b1 + o), s1);
            s2 = VectorMath.MultiplyAdd(x, Vector512.Load(b2 + o), s2);
            s3 = VectorMath.MultiplyAdd(x, Vector512.Load(b3 + o), s3);
        }

        (s0 + t0).Store(sums);
        (s1 + t1).Store(sums + W);
        (s2 + t2).Store(sums + (2 * W));
        (s3 + t3).Store(sums + (3 * W));
    }

    /// <summary><see cref="RowsTimesPanel"/> on 512-bit vectors: even and odd K steps in separate accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowsTimesPanel512(float* a0, float* a1, float* a2, float* a3, nint colStride, float* b, int k, float* sums)
    {
        const int W = GemmTiles.PanelWidth;
        Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default, t0 = default, t1 = default, t2 = default, t3 = default;
        int p = 0;
        nint two = 2 * colStride;
        for (; p + 2 <= k; p += 2)
        {
            Vector512<float> b0 = Vector512.Load(b), c0 = Vector512.Load(b + W);
            s0 = VectorMath.MultiplyAdd(Vector512.Create(*a0), b0, s0);
            s1 = VectorMath.MultiplyAdd(Vector512.Create(*a1), b0, s1);
            s2 = VectorMath.MultiplyAdd(Vector512.Create(*a2), b0, s2);
            s3 = VectorMath.MultiplyAdd(Vector512.Create(*a3), b0, s3);
            t0 = VectorMath.MultiplyAdd(Vector512.Create(a0[colStride]), c0, t0);
            t1 = VectorMath.MultiplyAdd(Vector512.Create(a1[colStride]), c0, t1);
            t2 = VectorMath.MultiplyAdd(Vector512.Create(a2[colStride]), c0, t2);
            t3 = VectorMath.MultiplyAdd(Vector512.Create(a3[colStride]), c0, t3);
            a0 += two;
            a1 += two;
            a2 += two;
            a3 += two;
            b += 2 * W;
        }

        if (p < k)
        {
            Vector512<float> b0 = Vector512.Load(b);
            s0 = VectorMath.MultiplyAdd(Vector512.Create(*a0), b0, s0);
            s1 = VectorMath.MultiplyAdd(Vector512.Create(*a1), b0, s1);
            s2 = VectorMath.MultiplyAdd(Vector512.Create(*a2), b0, s2);
            s3 = VectorMath.MultiplyAdd(Vector512.Create(*a3), b0, s3);
        }

        (s0 + t0).Store(sums);
        (s1 + t1).Store(sums + W);
        (s2 + t2).Store(sums + (2 * W));
        (s3 + t3).Store(sums + (3 * W));
    }

    /// <summary><see cref="RowsTimesTwoPanels"/> on 512-bit vectors: even and odd K steps in separate accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowsTimesTwoPanels512(float* a0, float* a1, nint colStride, float* b, float* c, int k, float* sums)
    {
        const int W = GemmTiles.PanelWidth;
        Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default, t0 = default, t1 = default, t2 = default, t3 = default;
        int p = 0;
        nint two = 2 * colStride;
        for (; p + 2 <= k; p += 2)
        {
            Vector512<float> b0 = Vector512.Load(b), c0 = Vector512.Load(c), b1 = Vector512.Load(b + W), c1 = Vector512.Load(c + W);
            Vector512<float> x = Vector512.Create(*a0), y = Vector512.Create(*a1);
            s0 = VectorMath.MultiplyAdd(x, b0, s0);
            s1 = VectorMath.MultiplyAdd(x, c0, s1);
            s2 = VectorMath.MultiplyAdd(y, b0, s2);
            s3 = VectorMath.MultiplyAdd(y, c0, s3);
            x = Vector512.Create(a0[colStride]);
            y = Vector512.Create(a1[colStride]);
            t0 = VectorMath.MultiplyAdd(x, b1, t0);
            t1 = VectorMath.MultiplyAdd(x, c1, t1);
            t2 = VectorMath.MultiplyAdd(y, b1, t2);
            t3 = VectorMath.MultiplyAdd(y, c1, t3);
            a0 += two;
            a1 += two;
            b += 2 * W;
            c += 2 * W;
        }

        if (p < k)
        {
            Vector512<float> b0 = Vector512.Load(b), c0 = Vector512.Load(c);
            Vector512<float> x = Vector512.Create(*a0), y = Vector512.Create(*a1);
            s0 = VectorMath.MultiplyAdd(x, b0, s0);
            s1 = VectorMath.MultiplyAdd(x, c0, s1);
            s2 = VectorMath.MultiplyAdd(y, b0, s2);
            s3 = VectorMath.MultiplyAdd(y, c0, s3);
        }

        // sums[row][32]: row 0's two panels, then row 1's.
        (s0 + t0).Store(sums);
        (s1 + t1).Store(sums + W);
        (s2 + t2).Store(sums + (2 * W));
        (s3 + t3).Store(sums + (3 * W));
    }
}
