using System;
using Neo.Runtime.Kernels;
using Neo.Tests.Infrastructure;
using Xunit;

namespace Neo.Tests.Kernels;

/// <summary>
/// The recurrent layers' unpacked product (rows of a against rows of b, eight or four rows of b per pass with one
/// horizontal reduction) against a double-precision reference, over row counts and depths that leave every tail:
/// fewer than a block of b's rows, a partial block, and a depth that is not a multiple of the vector width.
/// </summary>
public sealed class RecurrentKernelTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(1, 7, 8)]
    [InlineData(1, 8, 7)]
    [InlineData(1, 192, 48)]
    [InlineData(2, 17, 33)]
    [InlineData(4, 40, 64)]
    [InlineData(3, 9, 3)]
    [InlineData(20, 192, 32)]
    [InlineData(5, 24, 131)]
    public void DotRowsMatchesReference(int m, int n, int k)
    {
        float[] a = KernelReference.Random(m * k, 11), b = KernelReference.Random(n * k, 12);
        var c = new float[m * n];
        Recurrent.DotRows(a, b, c, m, n, k);
        var expected = new float[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int t = 0; t < k; t++)
                {
                    s += (double)a[(i * k) + t] * b[(j * k) + t];
                }

                expected[(i * n) + j] = (float)s;
            }
        }

        Tolerance.AssertClose(c, expected, 1e-5, $"DotRows {m}x{n}x{k}");
    }
}
