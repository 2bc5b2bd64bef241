using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Neo.Runtime.Threading;

namespace Neo.Runtime.Kernels;

/// <summary>
/// im2col, one cache block at a time: packs rows [pc, pc+kc) (input channel × kernel tap) and columns
/// [j0, j0+nc) (output pixels) of the unfolded input straight into 16-column GEMM panels in the workspace.
/// The input is read from a zero-bordered copy (<see cref="Pad"/>, made once per call), so that every window lies
/// inside it: each output row of a kernel tap is one contiguous or strided run with no bounds tests at the edges (on
/// AVX-512, <see cref="PrepareRows"/> builds whole panel rows from those runs). The unfolded matrix never exists whole.
/// </summary>
internal readonly unsafe struct ConvPanels : IPanelSource
{
    private readonly float* _x;
    private readonly ConvShape _s;
    private readonly int _width;
    private readonly long _plane;

    /// <param name="x">The first plane of the padded input (<see cref="Pad"/>).</param>
    /// <param name="shape">The convolution.</param>
    public ConvPanels(float* x, ConvShape shape)
    {
        _x = x;
        _s = shape;
        _width = PaddedWidth(shape);
        _plane = PaddedPlane(shape);
    }

    /// <summary>Floats the permutes may read past a padded row's last window (zeroed past the last plane).</summary>
    private const int Slack = 64;

    /// <summary>Columns of a padded row: from the left padding to the last column any window reads.</summary>
    public static int PaddedWidth(ConvShape s) => ((s.OutWidth - 1) * s.StrideWidth) + ((s.KernelWidth - 1) * s.DilationWidth) + 1;

    /// <summary>Floats of one padded plane: rows from the top padding to the last row any window reads.</summary>
    public static long PaddedPlane(ConvShape s) => (long)(((s.OutHeight - 1) * s.StrideHeight) + ((s.KernelHeight - 1) * s.DilationHeight) + 1) * PaddedWidth(s);

    /// <summary>Floats <see cref="Pad"/> writes for <paramref name="planes"/> planes.</summary>
    public static long PaddedLength(ConvShape s, int planes) => Front + (planes * PaddedPlane(s)) + Slack;

    /// <summary>
    /// Floats before the first padded plane (zeros): the 512-bit panel rows read a vector's worth of inputs before
    /// a window that starts mid-vector. <see cref="Pad"/>'s planes start this far into its buffer.
    /// </summary>
    public const int Front = 32;

    /// <summary>
    /// Copies <paramref name="planes"/> input planes into their zero-bordered form at <paramref name="padded"/> +
    /// <see cref="Front"/>, on the team's threads (each plane on one thread) when the convolution is big enough to run
    /// on them: copied on the calling thread alone, the other waited (a stride-2 ResNet layer spent 7% of its two-thread
    /// time here).
    /// </summary>
    public static void Pad(ThreadTeam team, bool parallel, float* x, ConvShape s, int planes, float* padded)
    {
        new Span<float>(padded, Front).Clear();
        new Span<float>(padded + Front + (planes * PaddedPlane(s)), Slack).Clear();
        var job = new PadJob { X = x, Shape = s, Padded = padded + Front };
        if (parallel && team.Threads > 1 && planes > 1)
        {
            team.Run(planes, ref job);
        }
        else
        {
            job.Execute(0, planes);
        }
    }

    private struct PadJob : IParallelJob
    {
        public float* X, Padded;
        public ConvShape Shape;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Execute(int start, int end)
        {
            ConvShape s = Shape;
            int width = PaddedWidth(s);
            long plane = PaddedPlane(s);
            int rows = (int)(plane / width);
            int left = Math.Min(s.PadLeft, width);
            int copy = Math.Clamp(width - s.PadLeft, 0, s.InWidth);
            int vectorWidth = GemmTiles.Width >= 256 && Vector256.IsHardwareAccelerated ? 256 : GemmTiles.Width >= 128 && Vector128.IsHardwareAccelerated ? 128 : 0;
            bool wide = GemmTiles.Width >= 512 && Avx512F.IsSupported;
            for (int p = start; p < end; p++)
            {
                float* source = X + ((long)p * s.InPlane);
                float* d = Padded + (p * plane);
                for (int r = 0; r < rows; r++, d += width)
                {
                    int ih = r - s.PadTop;
                    if ((uint)ih >= (uint)s.InHeight)
                    {
                        new Span<float>(d, width).Clear();
                        continue;
                    }

                    for (int j = 0; j < left; j++)
                    {
                        d[j] = 0f;
                    }

                    Conv.CopyRow(source + ((long)ih * s.InWidth), d + left, copy, vectorWidth, wide);
                    for (int j = left + copy; j < width; j++)
                    {
                        d[j] = 0f;
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Prepare(int pc, int kc, int j0, int nc, out PanelBlock block)
    {
        const int W = GemmTiles.PanelWidth;
        ConvShape s = _s;
        int panels = (nc + W - 1) / W;
        nint panelStride = (nint)kc * W;
        float* dst = Threading.Workspace.Get(0, panels * panelStride);
        int oh0 = j0 / s.OutWidth, ow0 = j0 - (oh0 * s.OutWidth);
        long rowStep = (long)s.StrideHeight * _width;
        int sw = s.StrideWidth;
        block.Pointer = dst;
        block.Ldb = W;
        block.PanelStride = panelStride;
        block.Tail = null;
        if (GemmTiles.Width >= 512 && Avx512F.IsSupported && (sw == 1 || sw == 2) && WholeRows)
        {
            PrepareRows(kc, pc, j0, nc, dst, panelStride, panels);
            return;
        }

        for (int kk = 0; kk < kc; kk++)
        {
            float* xc = TapInput(pc + kk);
            float* row = dst + (kk * W);
            int ow = ow0, c = 0;
            float* src = xc + (oh0 * rowStep);
            while (c < nc)
            {
                int run = Math.Min(s.OutWidth - ow, nc - c);
                float* first = src + (ow * sw);
                if (sw == 1)
                {
                    Put(row, panelStride, c, first, run);
                }
                else
                {
                    // Strided windows: one element at a time, the destination walked lane by lane across panels.
                    int lane = c % W;
                    float* d = row + ((c / W) * panelStride) + lane;
                    for (int t = 0; t < run; t++)
                    {
                        *d = first[t * sw];
                        d++;
                        if (++lane == W)
                        {
                            lane = 0;
                            d += panelStride - W;
                        }
                    }
                }

                c += run;
                ow = 0;
                src += rowStep;
            }

            Put(row, panelStride, nc, null, (panels * W) - nc);
        }
    }

    /// <summary>Where K row <paramref name="kIndex"/> (input channel × kernel tap) reads for output (0, 0) in the padded input.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private float* TapInput(int kIndex)
    {
        ConvShape s = _s;
        int taps = s.KernelHeight * s.KernelWidth;
        int ic = kIndex / taps;
        int tap = kIndex - (ic * taps);
        int ki = tap / s.KernelWidth;
        int kj = tap - (ki * s.KernelWidth);
        return _x + (ic * _plane) + ((long)ki * s.DilationHeight * _width) + (kj * s.DilationWidth);
    }

    /// <summary>Whole panel rows built in registers on AVX-512; a switch for same-process comparisons.</summary>
    internal static bool WholeRows = true;

    /// <summary>
    /// The block's panels on AVX-512, one 16-float panel row per store: the columns of a panel split into segments
    /// that lie on one output row (worked out once per block, the same for every K row), each segment's inputs one
    /// load (stride 1) or one two-source permute (stride 2) from where its first lane's window starts, blended into
    /// the row under the segment's lanes. Lanes past the block stay zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PrepareRows(int kc, int pc, int j0, int nc, float* dst, nint panelStride, int panels)
    {
        const int W = GemmTiles.PanelWidth;
        ConvShape s = _s;
        int sw = s.StrideWidth;
        long rowStep = (long)s.StrideHeight * _width;

        // At most one segment per output row a panel touches, plus one: panels · (16 / OutWidth + 2).
        int maxSegments = panels * ((W / Math.Max(1, s.OutWidth)) + 2);
        long* offsets = stackalloc long[maxSegments];
        Vector512<float>* masks = stackalloc Vector512<float>[maxSegments];
        int* first = stackalloc int[panels + 1];
        Vector512<int> lanes = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        int count = 0;
        for (int q = 0; q < panels; q++)
        {
            first[q] = count;
            for (int lane = 0, c = q * W; lane < W && c < nc;)
            {
                int j = j0 + c;
                int oh = j / s.OutWidth, ow = j - (oh * s.OutWidth);
                int length = Math.Min(Math.Min(W - lane, s.OutWidth - ow), nc - c);

                // Lane l of the segment reads offset + l·stride: the window of output (oh, ow + l - lane).
                offsets[count] = (oh * rowStep) + ((long)(ow - lane) * sw);
                masks[count] = (Vector512.GreaterThanOrEqual(lanes, Vector512.Create(lane)) & Vector512.LessThan(lanes, Vector512.Create(lane + length))).AsSingle();
                count++;
                lane += length;
                c += length;
            }
        }

        first[panels] = count;
        Vector512<int> even = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
        for (int kk = 0; kk < kc; kk++)
        {
            float* xc = TapInput(pc + kk);
            float* row = dst + (kk * W);
            for (int q = 0; q < panels; q++)
            {
                Vector512<float> v = Vector512<float>.Zero;
                for (int g = first[q]; g < first[q + 1]; g++)
                {
                    float* src = xc + offsets[g];
                    Vector512<float> x = sw == 1 ? Vector512.Load(src) : Avx512F.PermuteVar16x32x2(Vector512.Load(src), even, Vector512.Load(src + W));
                    v = Vector512.ConditionalSelect(masks[g], x, v);
                }

                v.Store(row + (q * panelStride));
            }
        }
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
