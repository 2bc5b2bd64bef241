using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Neo.Runtime.Kernels;

/// <summary>Small dense linear algebra: determinants.</summary>
public static class LinearAlgebra
{
    /// <summary>
    /// y[b] = det of the b-th n×n matrix of x, by LU decomposition with partial pivoting in double;
    /// <paramref name="lu"/> is working memory of n² elements.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Determinant<T>(ReadOnlySpan<T> x, Span<T> y, Span<double> lu, int batch, int n)
        where T : INumberBase<T>
    {
        for (int b = 0; b < batch; b++)
        {
            for (int i = 0; i < n * n; i++)
            {
                lu[i] = double.CreateTruncating(x[(b * n * n) + i]);
            }

            double det = 1;
            for (int c = 0; c < n; c++)
            {
                int pivot = c;
                for (int r = c + 1; r < n; r++)
                {
                    if (Math.Abs(lu[(r * n) + c]) > Math.Abs(lu[(pivot * n) + c]))
                    {
                        pivot = r;
                    }
                }

                if (lu[(pivot * n) + c] == 0)
                {
                    det = 0;
                    break;
                }

                if (pivot != c)
                {
                    for (int k = 0; k < n; k++)
                    {
                        (lu[(c * n) + k], lu[(pivot * n) + k]) = (lu[(pivot * n) + k], lu[(c * n) + k]);
                    }

                    det = -det;
                }

                double d = lu[(c * n) + c];
                det *= d;
                for (int r = c + 1; r < n; r++)
                {
                    double f = lu[(r * n) + c] / d;
                    for (int k = c; k < n; k++)
                    {
                        lu[(r * n) + k] -= f * lu[(c * n) + k];
                    }
                }
            }

            y[b] = T.CreateTruncating(det);
        }
    }
}
