using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Neo.Runtime.Kernels;

/// <summary>Running sums along an axis (ONNX CumSum).</summary>
public static class Cumulative
{
    /// <summary>
    /// y = running sum of x, viewed as [outer, axisDim, inner], along the middle axis; <paramref name="exclusive"/>
    /// leaves out the element itself, <paramref name="reverse"/> runs from the end.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sum<T>(ReadOnlySpan<T> x, Span<T> y, int outer, int axisDim, int inner, bool exclusive, bool reverse)
        where T : INumberBase<T>
    {
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                T acc = T.Zero;
                for (int step = 0; step < axisDim; step++)
                {
                    int a = reverse ? axisDim - 1 - step : step;
                    int at = (((o * axisDim) + a) * inner) + i;
                    if (exclusive)
                    {
                        y[at] = acc;
                        acc += x[at];
                    }
                    else
                    {
                        acc += x[at];
                        y[at] = acc;
                    }
                }
            }
        }
    }
}
