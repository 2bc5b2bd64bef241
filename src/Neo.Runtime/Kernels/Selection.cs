using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Neo.Runtime.Kernels;

/// <summary>Picking elements by rank: TopK.</summary>
public static class Selection
{
    /// <summary>
    /// The <paramref name="k"/> largest (or smallest) elements of x viewed as [outer, axisDim, inner] along the
    /// middle axis, with their indices; ties keep the smaller index first, as ONNX specifies. Sorted by value.
    /// <c>order</c> is working memory of <c>axisDim</c> elements.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TopK<T>(ReadOnlySpan<T> x, Span<T> values, Span<long> indices, Span<int> order, int outer, int axisDim, int inner, int k, bool largest)
        where T : INumber<T>
    {
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int start = (o * axisDim * inner) + i;
                for (int a = 0; a < axisDim; a++)
                {
                    order[a] = a;
                }

                // Insertion sort keeps equal keys in index order (stable); axes here are short.
                for (int a = 1; a < axisDim; a++)
                {
                    int cur = order[a];
                    T key = x[start + (cur * inner)];
                    int b = a - 1;
                    while (b >= 0 && (largest ? x[start + (order[b] * inner)] < key : x[start + (order[b] * inner)] > key))
                    {
                        order[b + 1] = order[b];
                        b--;
                    }

                    order[b + 1] = cur;
                }

                for (int j = 0; j < k; j++)
                {
                    int at = (((o * k) + j) * inner) + i;
                    values[at] = x[start + (order[j] * inner)];
                    indices[at] = order[j];
                }
            }
        }
    }
}
