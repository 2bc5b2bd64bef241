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

    /// <summary>y[j] = Σ a[p]·B[p, j] with nothing added, written straight from the accumulators; n a multiple of 16.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyInto(float* a, float* packedB, int n, int k, float* y)
    {
        const int W = GemmTiles.PanelWidth;
        int panels = n / W, q = 0;
        for (; q + Panels <= panels; q += Panels)
        {
            Four(a, packedB + ((long)q * k * W), k, y + (q * W));
        }

        for (; q < panels; q++)
        {
            One(a, packedB + ((long)q * k * W), k, y + (q * W));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Four(float* a, float* b, int k, float* sums)
    {
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
}
