using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Neo.Runtime.Kernels;

/// <summary>
/// im2col, one cache block at a time: packs rows [pc, pc+kc) (input channel × kernel tap) and columns
/// [j0, j0+nc) (output pixels) of the unfolded input straight into 16-column GEMM panels in the workspace,
/// zeros where the window lies in the padding. The unfolded matrix never exists whole.
/// </summary>
internal readonly unsafe struct ConvPanels : IPanelSource
{
    private readonly float* _x;
    private readonly ConvShape _s;

    public ConvPanels(float* x, ConvShape shape)
    {
        _x = x;
        _s = shape;
    }

    /// <summary>Stride-2 windows gathered 16 at a time on 512-bit vectors; a switch for same-process comparisons.</summary>
    internal static bool StrideTwoVector = true;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Prepare(int pc, int kc, int j0, int nc, out PanelBlock block)
    {
        const int W = GemmTiles.PanelWidth;
        ConvShape s = _s;
        int panels = (nc + W - 1) / W;
        nint panelStride = (nint)kc * W;
        float* dst = Threading.Workspace.Get(0, panels * panelStride);
        int taps = s.KernelHeight * s.KernelWidth;
        int inPlane = s.InPlane;
        int oh0 = j0 / s.OutWidth, ow0 = j0 - (oh0 * s.OutWidth);
        bool wide = GemmTiles.Width >= 512 && Vector512.IsHardwareAccelerated && StrideTwoVector;
        Vector512<int> even = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
        float* chunk = stackalloc float[W];
        for (int kk = 0; kk < kc; kk++)
        {
            int kIndex = pc + kk;
            int ic = kIndex / taps;
            int tap = kIndex - (ic * taps);
            int ki = tap / s.KernelWidth;
            int kj = tap - (ki * s.KernelWidth);
            float* xc = _x + ((long)ic * inPlane);
            int ihOff = (ki * s.DilationHeight) - s.PadTop;
            int iwOff = (kj * s.DilationWidth) - s.PadLeft;
            float* row = dst + (kk * W);
            int oh = oh0, ow = ow0, c = 0;
            while (c < nc)
            {
                int run = Math.Min(s.OutWidth - ow, nc - c);
                int ih = (oh * s.StrideHeight) + ihOff;
                if ((uint)ih >= (uint)s.InHeight)
                {
                    Put(row, panelStride, c, null, run);
                }
                else
                {
                    float* xr = xc + (ih * s.InWidth);
                    if (s.StrideWidth == 1)
                    {
                        // Columns whose input iw = ow + t + iwOff lies inside the row.
                        int first = ow + iwOff;
                        int lo = Math.Clamp(-first, 0, run);
                        int hi = Math.Clamp(s.InWidth - first, lo, run);
                        Put(row, panelStride, c, null, lo);
                        Put(row, panelStride, c + lo, xr + first + lo, hi - lo);
                        Put(row, panelStride, c + hi, null, run - hi);
                    }
                    else if (s.StrideWidth == 2 && wide)
                    {
                        // Stride 2: 16 outputs from 32 contiguous inputs by one two-source permute (the even lanes),
                        // wherever the 32 lie inside the row; one element at a time at the row's edges.
                        int iw0 = (ow * 2) + iwOff;
                        int t = 0;
                        while (t < run)
                        {
                            int iw = iw0 + (2 * t);
                            if (iw >= 0 && t + W <= run && iw + (2 * W) <= s.InWidth)
                            {
                                Avx512F.PermuteVar16x32x2(Vector512.Load(xr + iw), even, Vector512.Load(xr + iw + W)).Store(chunk);
                                Put(row, panelStride, c + t, chunk, W);
                                t += W;
                                continue;
                            }

                            int column = c + t;
                            row[((column / W) * panelStride) + (column % W)] = (uint)iw < (uint)s.InWidth ? xr[iw] : 0f;
                            t++;
                        }
                    }
                    else
                    {
                        // Strided windows: one element at a time, the destination walked lane by lane across panels.
                        int lane = c % W;
                        float* d = row + ((c / W) * panelStride) + lane;
                        int iw = (ow * s.StrideWidth) + iwOff;
                        for (int t = 0; t < run; t++, iw += s.StrideWidth)
                        {
                            *d = (uint)iw < (uint)s.InWidth ? xr[iw] : 0f;
                            d++;
                            if (++lane == W)
                            {
                                lane = 0;
                                d += panelStride - W;
                            }
                        }
                    }
                }

                c += run;
                ow = 0;
                oh++;
            }

            Put(row, panelStride, nc, null, (panels * W) - nc);
        }

        block.Pointer = dst;
        block.Ldb = W;
        block.PanelStride = panelStride;
        block.Tail = null;
    }

    /// <summary>Writes <paramref name="count"/> values (zeros when <paramref name="source"/> is null) from column <paramref name="column"/> on, across panel boundaries.</summary>
    /// <remarks>
    /// Chunks are at most 16 floats, so whole vectors (overlapping at the end of a chunk) beat both scalar loops and
    /// the call overhead of Span.Clear and CopyTo. Reads never pass the end of the source run.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(float* row, nint panelStride, int column, float* source, int count)
    {
        const int W = GemmTiles.PanelWidth;
        while (count > 0)
        {
            int lane = column % W;
            int chunk = Math.Min(W - lane, count);
            float* d = row + ((column / W) * panelStride) + lane;
            if (source == null)
            {
                Fill(d, chunk);
            }
            else
            {
                Copy(d, source, chunk);
                source += chunk;
            }

            column += chunk;
            count -= chunk;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(float* d, float* s, int n)
    {
        if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            Vector256.Store(Vector256.Load(s), d);
            Vector256.Store(Vector256.Load(s + n - 8), d + n - 8);
        }
        else if (Vector128.IsHardwareAccelerated && n >= 4)
        {
            for (int i = 0; i + 4 <= n; i += 4)
            {
                Vector128.Store(Vector128.Load(s + i), d + i);
            }

            Vector128.Store(Vector128.Load(s + n - 4), d + n - 4);
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                d[i] = s[i];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Fill(float* d, int n)
    {
        if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            Vector256.Store(Vector256<float>.Zero, d);
            Vector256.Store(Vector256<float>.Zero, d + n - 8);
        }
        else if (Vector128.IsHardwareAccelerated && n >= 4)
        {
            for (int i = 0; i + 4 <= n; i += 4)
            {
                Vector128.Store(Vector128<float>.Zero, d + i);
            }

            Vector128.Store(Vector128<float>.Zero, d + n - 4);
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                d[i] = 0f;
            }
        }
    }
}
