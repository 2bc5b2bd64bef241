using System;
using System.Collections.Generic;
using System.Linq;
using Neo.Runtime.Kernels;
using Neo.Runtime.Threading;
using Neo.Tests.Infrastructure;
using Xunit;

namespace Neo.Tests.Kernels;

/// <summary>
/// The GEMM kernels against a double-precision reference, on every tile width (scalar, 128, 256 and 512 bits:
/// the widths this machine lacks run on the JIT's software vectors), with shapes that leave row, column
/// and K-block tails, every bias form, residuals, epilogues and both threading modes.
/// </summary>
[Collection(KernelWidthCollection.Name)]
public sealed class GemmTests
{
    public static IEnumerable<object[]> Shapes()
    {
        int[][] shapes =
        {
            new[] { 1, 1, 1 }, new[] { 1, 10, 20 }, new[] { 4, 64, 20 }, new[] { 5, 17, 3 }, new[] { 6, 16, 7 },
            new[] { 7, 33, 300 }, new[] { 13, 47, 257 }, new[] { 1, 1000, 512 }, new[] { 32, 300, 64 }, new[] { 70, 520, 40 }, new[] { 9, 40, 1100 },
            new[] { 13, 34, 45 }, new[] { 7, 49, 130 },
        };
        foreach (int width in new[] { 0, 128, 256, 512 })
        {
            foreach (int[] s in shapes)
            {
                yield return new object[] { width, s[0], s[1], s[2] };
            }
        }
    }

    [Fact]
    public unsafe void PackedAHasEveryElementInItsPanelSlot()
    {
        // Every row count (full 6-row panels and the zero-padded last one) and every K tail of the 4-wide transpose.
        for (int m = 1; m <= 13; m++)
        {
            for (int k = 1; k <= 19; k++)
            {
                float[] a = KernelReference.Random(m * k, (m * 100) + k);
                var packed = new float[GemmTiles.PackedALength(m, k)];
                Array.Fill(packed, float.NaN);
                fixed (float* pa = a, pp = packed)
                {
                    GemmTiles.PackA(pa, k, 1, m, k, pp);
                }

                for (int p = 0; p * GemmTiles.Rows < m; p++)
                {
                    for (int kk = 0; kk < k; kk++)
                    {
                        for (int i = 0; i < GemmTiles.Rows; i++)
                        {
                            int row = (p * GemmTiles.Rows) + i;
                            float expected = row < m ? a[(row * k) + kk] : 0f;
                            Assert.Equal(expected, packed[(p * GemmTiles.Rows * k) + (kk * GemmTiles.Rows) + i]);
                        }
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void PackedAndUnpackedMatchReference(int width, int m, int n, int k)
    {
        using var scope = new KernelWidthScope(width);
        float[] a = KernelReference.Random(m * k, 1), b = KernelReference.Random(k * n, 2), row = KernelReference.Random(n, 3), residual = KernelReference.Random(m * n, 4);
        float[] expected = KernelReference.Gemm(a, b, row, m, n, k, false, false, 1f, 1f, 2, residual, x => Math.Max(x, 0f));
        var y = new float[m * n];
        Gemm.Run(ThreadTeam.Serial, a, b, row, y, m, n, k, false, false, 1f, 1f, GemmBias.Row, residual, default(Relu));
        Tolerance.AssertClose(y, expected, 1e-5, $"Run {m}x{n}x{k} width {width}");

        var packed = new float[Gemm.PackedBLength(k, n)];
        Gemm.PackB(b, packed, k, n, transB: false);
        Array.Clear(y);
        Gemm.RunPacked(ThreadTeam.Serial, a, packed, row, y, m, n, k, false, 1f, 1f, GemmBias.Row, residual, default(Relu));
        Tolerance.AssertClose(y, expected, 1e-5, $"RunPacked {m}x{n}x{k} width {width}");

        // A costly epilogue: partial tiles apply it on vectors over a copy of the row.
        expected = KernelReference.Gemm(a, b, row, m, n, k, false, false, 1f, 1f, 2, residual, x => (float)Math.Tanh(x));
        Array.Clear(y);
        Gemm.RunPacked(ThreadTeam.Serial, a, packed, row, y, m, n, k, false, 1f, 1f, GemmBias.Row, residual, default(Tanh));
        Tolerance.AssertClose(y, expected, 1e-5, $"RunPacked {m}x{n}x{k} width {width}, Tanh");
    }

    /// <summary>
    /// The 48-column tile, taken on 512-bit kernels where an odd number of whole 16-column panels is left (N = 49, 80;
    /// 304 = a 256-column block and 48): every row count of a panel, one K block and several, the per-row bias that stores straight from the
    /// accumulators and the per-column bias, residual and costly epilogue that go through the store rules.
    /// </summary>
    [Theory]
    [InlineData(49)]
    [InlineData(80)]
    [InlineData(304)]
    public void WideTileMatchesReference(int n)
    {
        using var scope = new KernelWidthScope(512);
        foreach (int m in new[] { 13, 5, 16 })
        {
            foreach (int k in new[] { 20, 600 })
            {
                float[] a = KernelReference.Random(m * k, 21), b = KernelReference.Random(k * n, 22), residual = KernelReference.Random(m * n, 23);
                var packed = new float[Gemm.PackedBLength(k, n)];
                Gemm.PackB(b, packed, k, n, transB: false);
                var y = new float[m * n];
                foreach (int biasKind in new[] { 3, 2 })
                {
                    float[] c = biasKind == 3 ? KernelReference.Random(m, 24) : KernelReference.Random(n, 25);
                    float[] expected = KernelReference.Gemm(a, b, c, m, n, k, false, false, 1f, 1f, biasKind, null, x => Math.Max(x, 0f));
                    Gemm.RunPacked(ThreadTeam.Serial, a, packed, c, y, m, n, k, false, 1f, 1f, (GemmBias)biasKind, default, default(Relu));
                    Tolerance.AssertClose(y, expected, 1e-5, $"{m}x{n}x{k} bias {biasKind}, Relu");

                    expected = KernelReference.Gemm(a, b, c, m, n, k, false, false, 0.5f, 2f, biasKind, residual, x => (float)Math.Tanh(x));
                    Gemm.RunPacked(ThreadTeam.Serial, a, packed, c, y, m, n, k, false, 0.5f, 2f, (GemmBias)biasKind, residual, default(Tanh));
                    Tolerance.AssertClose(y, expected, 1e-5, $"{m}x{n}x{k} bias {biasKind}, residual, Tanh");
                }
            }
        }
    }

    /// <summary>
    /// A last tile short of the tile's width, stored under a mask by the direct kernels (17-31 columns on 512-bit
    /// vectors, 9-15 on 256-bit): every such width, alone and after whole tiles (N = 25, 169, 729: 5x5, 13x13 and
    /// 27x27 images), a cheap epilogue with each bias form, a residual, one K block and two (the second adds to C under
    /// the mask); a sentinel past the matrix catches a store beyond the last row.
    /// </summary>
    [Theory]
    [InlineData(512, new[] { 17, 20, 25, 31, 57, 169, 729 })]
    [InlineData(256, new[] { 9, 12, 15, 25, 41 })]
    public void MaskedTailMatchesReference(int width, int[] widths)
    {
        using var scope = new KernelWidthScope(width);
        foreach (int n in widths)
        {
            foreach (int m in new[] { 7, 6 })
            {
                foreach (int k in new[] { 24, 600 })
                {
                    float[] a = KernelReference.Random(m * k, 31), b = KernelReference.Random(k * n, 32), residual = KernelReference.Random(m * n, 33);
                    var packed = new float[Gemm.PackedBLength(k, n)];
                    Gemm.PackB(b, packed, k, n, transB: false);
                    var buffer = new float[(m * n) + 40];
                    foreach (int biasKind in new[] { 3, 2 })
                    {
                        float[] c = biasKind == 3 ? KernelReference.Random(m, 34) : KernelReference.Random(n, 35);
                        foreach (bool withResidual in new[] { false, true })
                        {
                            Array.Fill(buffer, 12345f);
                            float[] expected = KernelReference.Gemm(a, b, c, m, n, k, false, false, 1f, 1f, biasKind, withResidual ? residual : null, x => Math.Max(x, 0f));
                            Gemm.RunPacked(ThreadTeam.Serial, a, packed, c, buffer.AsSpan(0, m * n), m, n, k, false, 1f, 1f, (GemmBias)biasKind, withResidual ? residual : default, default(Relu));
                            string what = $"{m}x{n}x{k} on {width} bits, bias {biasKind}{(withResidual ? ", residual" : "")}";
                            Tolerance.AssertClose(buffer.AsSpan(0, m * n).ToArray(), expected, 1e-5, what);
                            Assert.True(buffer.AsSpan(m * n).ToArray().All(v => v == 12345f), $"{what}: stored past the matrix");
                        }
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(false, false, 1)]
    [InlineData(true, false, 2)]
    [InlineData(false, true, 3)]
    [InlineData(true, true, 4)]
    [InlineData(false, true, 0)]
    public void TransposesAlphaBetaAndBiasForms(bool transA, bool transB, int biasKind)
    {
        const int m = 9, n = 35, k = 270;
        float[] a = KernelReference.Random(m * k, 5), b = KernelReference.Random(k * n, 6);
        float[]? c = biasKind switch { 0 => null, 1 => new[] { 0.25f }, 2 => KernelReference.Random(n, 7), 3 => KernelReference.Random(m, 8), _ => KernelReference.Random(m * n, 9) };
        float[] expected = KernelReference.Gemm(a, b, c, m, n, k, transA, transB, 0.5f, 2f, biasKind, null, x => x);
        var y = new float[m * n];
        Gemm.Run(ThreadTeam.Serial, a, b, c ?? Array.Empty<float>(), y, m, n, k, transA, transB, 0.5f, 2f, (GemmBias)biasKind, default, default(Identity));
        Tolerance.AssertClose(y, expected, 1e-5, "Run");

        var packed = new float[Gemm.PackedBLength(k, n)];
        Gemm.PackB(b, packed, k, n, transB, 0.5f);
        Array.Clear(y);
        Gemm.RunPacked(ThreadTeam.Serial, a, packed, c ?? Array.Empty<float>(), y, m, n, k, transA, 1f, 2f, (GemmBias)biasKind, default, default(Identity));
        Tolerance.AssertClose(y, expected, 1e-5, "RunPacked with alpha packed");
    }

    [Theory]
    [InlineData(0, 1, 1, false)]
    [InlineData(1, 10, 120, true)]
    [InlineData(2, 120, 400, false)]
    [InlineData(3, 63, 17, true)]
    [InlineData(4, 64, 33, false)]
    [InlineData(2, 65, 1, false)]
    [InlineData(1, 150, 2, true)]
    public void OneRowMatchesReference(int biasKind, int n, int k, bool transA)
    {
        const int m = 1;
        float[] a = KernelReference.Random(k, 13), b = KernelReference.Random(k * n, 14), residual = KernelReference.Random(n, 15);
        float[]? c = biasKind switch { 0 => null, 1 => new[] { 0.25f }, 2 => KernelReference.Random(n, 16), 3 => KernelReference.Random(m, 17), _ => KernelReference.Random(m * n, 18) };
        float[] expected = KernelReference.Gemm(a, b, c, m, n, k, transA, false, 0.5f, 2f, biasKind, residual, x => Math.Max(x, 0f));
        var packed = new float[Gemm.PackedBLength(k, n)];
        Gemm.PackB(b, packed, k, n, transB: false);
        var y = new float[n];
        Gemm.RunPacked(ThreadTeam.Serial, a, packed, c ?? Array.Empty<float>(), y, m, n, k, transA, 0.5f, 2f, (GemmBias)biasKind, residual, default(Relu));
        Tolerance.AssertClose(y, expected, 1e-5, $"1x{n}x{k}");

        // A costly epilogue, applied over the whole row after the products.
        expected = KernelReference.Gemm(a, b, c, m, n, k, transA, false, 0.5f, 2f, biasKind, residual, x => (float)Math.Tanh(x));
        Gemm.RunPacked(ThreadTeam.Serial, a, packed, c ?? Array.Empty<float>(), y, m, n, k, transA, 0.5f, 2f, (GemmBias)biasKind, residual, default(Tanh));
        Tolerance.AssertClose(y, expected, 1e-5, $"1x{n}x{k}, Tanh");
    }

    /// <summary>
    /// Two to four rows (a small batch), which read A in place and share each panel of B across the rows: every
    /// bias form, A transposed or not, a residual, full and partial panels (two rows: pairs of panels, an odd panel
    /// after them), and an epilogue heavy enough (tanh) to take the vector store.
    /// </summary>
    [Theory]
    [InlineData(2, 0, 16, 5, false)]
    [InlineData(3, 1, 64, 20, true)]
    [InlineData(4, 2, 64, 64, false)]
    [InlineData(4, 3, 35, 17, true)]
    [InlineData(3, 4, 50, 33, false)]
    [InlineData(2, 2, 3, 64, true)]
    [InlineData(2, 4, 50, 33, true)]
    [InlineData(2, 3, 40, 7, false)]
    [InlineData(2, 2, 32, 1, false)]
    public void FewRowsMatchReference(int m, int biasKind, int n, int k, bool transA)
    {
        float[] a = KernelReference.Random(m * k, 31), b = KernelReference.Random(k * n, 32), residual = KernelReference.Random(m * n, 33);
        float[]? c = biasKind switch { 0 => null, 1 => new[] { 0.25f }, 2 => KernelReference.Random(n, 34), 3 => KernelReference.Random(m, 35), _ => KernelReference.Random(m * n, 36) };
        float[] expected = KernelReference.Gemm(a, b, c, m, n, k, transA, false, 0.5f, 2f, biasKind, residual, x => (float)Math.Tanh(x));
        var packed = new float[Gemm.PackedBLength(k, n)];
        Gemm.PackB(b, packed, k, n, transB: false);
        var y = new float[m * n];
        Gemm.RunPacked(ThreadTeam.Serial, a, packed, c ?? Array.Empty<float>(), y, m, n, k, transA, 0.5f, 2f, (GemmBias)biasKind, residual, default(Tanh));
        Tolerance.AssertClose(y, expected, 1e-5, $"{m}x{n}x{k}");
    }

    /// <summary>
    /// The convolution's case (alpha 1, one bias per row, no residual, a cheap epilogue), which full tiles store
    /// straight from their accumulators: with and without the bias, one K block and several, full and partial tiles.
    /// </summary>
    [Theory]
    [InlineData(13, 48, 24, true)]
    [InlineData(6, 16, 256, true)]
    [InlineData(20, 35, 7, true)]
    [InlineData(25, 64, 300, true)]
    [InlineData(12, 32, 40, false)]
    public void RowBiasReluMatchesReference(int m, int n, int k, bool withBias)
    {
        float[] a = KernelReference.Random(m * k, 21), b = KernelReference.Random(k * n, 22), bias = KernelReference.Random(m, 23);
        float[] expected = KernelReference.Gemm(a, b, withBias ? bias : null, m, n, k, false, false, 1f, 1f, withBias ? 3 : 0, null, x => Math.Max(x, 0f));
        var packed = new float[Gemm.PackedBLength(k, n)];
        Gemm.PackB(b, packed, k, n, transB: false);
        var y = new float[m * n];
        Gemm.RunPacked(ThreadTeam.Serial, a, packed, withBias ? bias : Array.Empty<float>(), y, m, n, k, false, 1f, 1f, withBias ? GemmBias.Column : GemmBias.None, default, default(Relu));
        Tolerance.AssertClose(y, expected, 1e-5, $"{m}x{n}x{k} packed");
        Array.Clear(y);
        Gemm.Run(ThreadTeam.Serial, a, b, withBias ? bias : Array.Empty<float>(), y, m, n, k, false, false, 1f, 1f, withBias ? GemmBias.Column : GemmBias.None, default, default(Relu));
        Tolerance.AssertClose(y, expected, 1e-5, $"{m}x{n}x{k} row-major B");
    }

    [Theory]
    [InlineData(1, 1000, 512)]
    [InlineData(64, 40, 300)]
    [InlineData(200, 300, 100)]
    public void TwoThreadsMatchReference(int m, int n, int k)
    {
        float[] a = KernelReference.Random(m * k, 10), b = KernelReference.Random(k * n, 11), row = KernelReference.Random(n, 12);
        float[] expected = KernelReference.Gemm(a, b, row, m, n, k, false, true, 1f, 1f, 2, null, x => Math.Clamp(x, 0f, 6f));
        var packed = new float[Gemm.PackedBLength(k, n)];
        Gemm.PackB(b, packed, k, n, transB: true);
        var y = new float[m * n];
        using ThreadTeam team = ThreadTeam.Create(2);
        for (int repeat = 0; repeat < 3; repeat++)
        {
            Array.Clear(y);
            Gemm.RunPacked(team, a, packed, row, y, m, n, k, false, 1f, 1f, GemmBias.Row, default, new Clip(0f, 6f));
            Tolerance.AssertClose(y, expected, 1e-5, $"2 threads, repeat {repeat}");
        }
    }

    [Fact]
    public void ShortOperandsThrowCodedError()
    {
        var e = Assert.Throws<ArgumentException>(() => Gemm.Run(ThreadTeam.Serial, new float[5], new float[6], default, new float[4], 2, 2, 3, false, false, 1f, 1f, GemmBias.None, default, default(Identity)));
        Assert.StartsWith("NEO3020", e.Message);
    }
}

/// <summary>Tests that change the kernels' tile width run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KernelWidthCollection
{
    public const string Name = "Kernel width";
}

/// <summary>Sets the GEMM tile width for a test and restores it.</summary>
public sealed class KernelWidthScope : IDisposable
{
    private readonly int _saved;

    public KernelWidthScope(int width)
    {
        _saved = GemmTiles.Width;
        GemmTiles.Width = width;
    }

    public void Dispose() => GemmTiles.Width = _saved;
}
