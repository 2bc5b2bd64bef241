using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using Neo.Runtime.Threading;

namespace Neo.Runtime.Kernels;

/// <summary>
/// Batched matrix products with numpy broadcasting of the batch dims (ONNX MatMul). Each float32 batch runs
/// on <see cref="Gemm.Run{TEpilogue}"/>; the compiler gives each batch's element offset into A and B, which
/// is where broadcasting shows (a repeated offset).
/// </summary>
public static class MatMul
{
    /// <summary>
    /// y[i] = epilogue(A[i]·B[i] + residual[i]) for every batch i, A[i] M×K at <paramref name="aOffsets"/>[i],
    /// B[i] K×N at <paramref name="bOffsets"/>[i], y[i] M×N at i·M·N.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Batched<TEpilogue>(
        ThreadTeam team,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        Span<float> y,
        int m,
        int n,
        int k,
        ReadOnlySpan<int> aOffsets,
        ReadOnlySpan<int> bOffsets,
        ReadOnlySpan<float> residual,
        TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        int mn = m * n;
        for (int i = 0; i < aOffsets.Length; i++)
        {
            Gemm.Run(
                team,
                a.Slice(aOffsets[i], m * k),
                b.Slice(bOffsets[i], k * n),
                default,
                y.Slice(i * mn, mn),
                m,
                n,
                k,
                transA: false,
                transB: false,
                alpha: 1f,
                beta: 0f,
                GemmBias.None,
                residual.IsEmpty ? default : residual.Slice(i * mn, mn),
                epilogue);
        }
    }

    /// <summary>The same product for double and integer tensors (integers wrap as ONNX Runtime's do).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Generic<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y, int m, int n, int k, ReadOnlySpan<int> aOffsets, ReadOnlySpan<int> bOffsets)
        where T : INumberBase<T>
    {
        int mn = m * n;
        for (int i = 0; i < aOffsets.Length; i++)
        {
            ReadOnlySpan<T> ai = a.Slice(aOffsets[i], m * k), bi = b.Slice(bOffsets[i], k * n);
            Span<T> yi = y.Slice(i * mn, mn);
            for (int r = 0; r < m; r++)
            {
                for (int c = 0; c < n; c++)
                {
                    T s = T.Zero;
                    for (int p = 0; p < k; p++)
                    {
                        s += ai[(r * k) + p] * bi[(p * n) + c];
                    }

                    yi[(r * n) + c] = s;
                }
            }
        }
    }
}
