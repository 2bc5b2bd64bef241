using System;
using System.Runtime.CompilerServices;
using Neo.Runtime.Threading;

namespace Neo.Runtime.Kernels;

/// <summary>How the C operand of a Gemm broadcasts to the M×N result.</summary>
public enum GemmBias
{
    /// <summary>No C.</summary>
    None = 0,

    /// <summary>One value for every element.</summary>
    Scalar = 1,

    /// <summary>A row of N values, repeated for each of the M rows (a bias).</summary>
    Row = 2,

    /// <summary>A column of M values, repeated across N.</summary>
    Column = 3,

    /// <summary>A full M×N matrix.</summary>
    Full = 4,
}

/// <summary>
/// Matrix products on the register-tiled, cache-blocked micro-kernels of <c>GemmTiles</c>: A in 6-row
/// panels, B in 16-column panels, K blocked by 256, N by 256. Weights are packed at build time
/// (<see cref="PackB"/>), activations at run time into per-thread workspace.
/// </summary>
public static unsafe class Gemm
{
    /// <summary>Below this many multiply-accumulates a product runs on the calling thread: waking a worker costs more.</summary>
    internal const long ParallelMacs = 1 << 18;

    /// <summary>
    /// y = epilogue(alpha · op(A) · op(B) + beta · C + residual), A is M×K (K×M when transposed), B is K×N (N×K when
    /// transposed), row-major. Both operands are read as given (A packed per call); weights known at build time
    /// should use <see cref="RunPacked"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TEpilogue>(
        ThreadTeam team,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        ReadOnlySpan<float> c,
        Span<float> y,
        int m,
        int n,
        int k,
        bool transA,
        bool transB,
        float alpha,
        float beta,
        GemmBias bias,
        ReadOnlySpan<float> residual,
        TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        CheckLengths(a.Length, (long)m * k, b.Length, (long)k * n, y.Length, (long)m * n, residual.Length);
        fixed (float* pa = a, pb = b, pc = c, py = y, pr = residual)
        {
            GemmOutput output = Output(py, n, alpha, beta, pc, bias, m, n, pr);
            float* packedA = PackA(pa, m, k, transA);
            if (transB)
            {
                var source = new TransposedPanels(pb, k);
                Dispatch(team, m, n, k, packedA, ref source, ref output, epilogue);
            }
            else
            {
                var source = new RowMajorPanels(pb, n);
                Dispatch(team, m, n, k, packedA, ref source, ref output, epilogue);
            }
        }
    }

    /// <summary>
    /// y = epilogue(alpha · op(A) · B + beta · C + residual) with B (K×N) packed at build time by <see cref="PackB"/>:
    /// no repacking of the weights at run time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunPacked<TEpilogue>(
        ThreadTeam team,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> packedB,
        ReadOnlySpan<float> c,
        Span<float> y,
        int m,
        int n,
        int k,
        bool transA,
        float alpha,
        float beta,
        GemmBias bias,
        ReadOnlySpan<float> residual,
        TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        CheckLengths(a.Length, (long)m * k, packedB.Length, PackedBLength(k, n), y.Length, (long)m * n, residual.Length);
        fixed (float* pa = a, pb = packedB, pc = c, py = y, pr = residual)
        {
            GemmOutput output = Output(py, n, alpha, beta, pc, bias, m, n, pr);
            if (m == 1 && GemmRowVector.Applies && (team.Threads == 1 || (long)n * k < ParallelMacs))
            {
                // One row (A is the same K values transposed or not): no A panel, no zero rows.
                GemmRowVector.Multiply(pa, pb, n, k, ref output, epilogue);
                return;
            }

            if (m <= GemmRowVector.MaxRows && GemmRowVector.Applies && (team.Threads == 1 || (long)m * n * k < ParallelMacs))
            {
                // Two to four rows (a small batch): A read where it is, B panels shared by the rows.
                GemmRowVector.MultiplyRows(pa, transA ? 1 : k, transA ? m : 1, pb, m, n, k, ref output, epilogue);
                return;
            }

            float* packedA = PackA(pa, m, k, transA);
            var source = new PrepackedPanels(pb, k);
            Dispatch(team, m, n, k, packedA, ref source, ref output, epilogue);
        }
    }

    /// <summary>The length of B (K×N) packed by <see cref="PackB"/>: N rounded up to whole 16-column panels.</summary>
    public static int PackedBLength(int k, int n) => checked(((n + GemmTiles.PanelWidth - 1) / GemmTiles.PanelWidth) * GemmTiles.PanelWidth * k);

    /// <summary>
    /// Packs B (K×N, or N×K when <paramref name="transB"/>) into 16-column panels, each K×16 contiguous, the last
    /// zero-padded, scaled by <paramref name="scale"/>: the layout <see cref="RunPacked"/> reads. Called at build time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB(ReadOnlySpan<float> b, Span<float> packed, int k, int n, bool transB, float scale = 1f)
    {
        if (packed.Length < PackedBLength(k, n) || b.Length < (long)k * n)
        {
            throw new ArgumentException("NEO3020: B or its packed buffer is shorter than its shape needs.", nameof(packed));
        }

        int panels = (n + GemmTiles.PanelWidth - 1) / GemmTiles.PanelWidth;
        for (int q = 0; q < panels; q++)
        {
            for (int kk = 0; kk < k; kk++)
            {
                for (int j = 0; j < GemmTiles.PanelWidth; j++)
                {
                    int col = (q * GemmTiles.PanelWidth) + j;
                    float v = col < n ? scale * (transB ? b[(col * k) + kk] : b[(kk * n) + col]) : 0f;
                    packed[(((q * k) + kk) * GemmTiles.PanelWidth) + j] = v;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static float* PackA(float* a, int m, int k, bool transA)
    {
        float* packed = Workspace.Get(1, GemmTiles.PackedALength(m, k));
        if (transA)
        {
            GemmTiles.PackA(a, 1, m, m, k, packed);
        }
        else
        {
            GemmTiles.PackA(a, k, 1, m, k, packed);
        }

        return packed;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static GemmOutput Output(float* y, int n, float alpha, float beta, float* c, GemmBias bias, int m, int ldc, float* residual)
    {
        _ = m;
        GemmOutput o = default;
        o.C = y;
        o.Ldc = ldc;
        o.Alpha = alpha;
        o.Beta = beta;
        o.Residual = residual;
        o.Ldr = ldc;
        switch (bias)
        {
            case GemmBias.Scalar:
                o.Bias = c;
                break;
            case GemmBias.Row:
                o.Bias = c;
                o.BiasColStride = 1;
                break;
            case GemmBias.Column:
                o.Bias = c;
                o.BiasRowStride = 1;
                break;
            case GemmBias.Full:
                o.Bias = c;
                o.BiasRowStride = n;
                o.BiasColStride = 1;
                break;
        }

        return o;
    }

    /// <summary>Runs the blocked product on the team: columns split across threads when there are enough, else row panels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Dispatch<TSource, TEpilogue>(ThreadTeam team, int m, int n, int k, float* packedA, ref TSource source, ref GemmOutput output, TEpilogue epilogue)
        where TSource : struct, IPanelSource
        where TEpilogue : struct, IUnaryOperator
    {
        int rowPanels = (m + GemmTiles.Rows - 1) / GemmTiles.Rows;
        int colPanels = (n + GemmTiles.PanelWidth - 1) / GemmTiles.PanelWidth;
        int threads = team.Threads;
        if (threads == 1 || (long)m * n * k < ParallelMacs)
        {
            GemmTiles.Multiply(m, k, packedA, ref source, ref output, epilogue, 0, rowPanels, 0, n);
            return;
        }

        var job = new MultiplyJob<TSource, TEpilogue>
        {
            M = m,
            N = n,
            K = k,
            A = packedA,
            Source = source,
            Output = output,
            Epilogue = epilogue,
            RowPanels = rowPanels,
            SplitColumns = colPanels >= 2 * threads || rowPanels < threads,
        };
        team.Run(job.SplitColumns ? colPanels : rowPanels, ref job);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CheckLengths(int a, long needA, int b, long needB, int y, long needY, int residual)
    {
        if (a < needA || b < needB || y < needY || (residual != 0 && residual < needY))
        {
            throw new ArgumentException($"NEO3020: Gemm operands are shorter than their shapes need (A {a}/{needA}, B {b}/{needB}, Y {y}/{needY}, residual {residual}).");
        }
    }

    private struct MultiplyJob<TSource, TEpilogue> : IParallelJob
        where TSource : struct, IPanelSource
        where TEpilogue : struct, IUnaryOperator
    {
        public int M, N, K, RowPanels;
        public float* A;
        public TSource Source;
        public GemmOutput Output;
        public TEpilogue Epilogue;
        public bool SplitColumns;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Execute(int start, int end)
        {
            if (SplitColumns)
            {
                GemmTiles.Multiply(M, K, A, ref Source, ref Output, Epilogue, 0, RowPanels, start * GemmTiles.PanelWidth, Math.Min(N, end * GemmTiles.PanelWidth));
            }
            else
            {
                GemmTiles.Multiply(M, K, A, ref Source, ref Output, Epilogue, start, end, 0, N);
            }
        }
    }
}
