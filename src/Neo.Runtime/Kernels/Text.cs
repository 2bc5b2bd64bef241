using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Neo.Runtime.Kernels;

/// <summary>Text featurization over token ids: n-gram counts (ONNX TfIdfVectorizer).</summary>
public static class Text
{
    /// <summary>
    /// For each of <paramref name="rows"/> rows of <paramref name="rowLength"/> token ids, counts the n-grams of
    /// the pool (lengths <paramref name="minGram"/> to <paramref name="maxGram"/>, taken with 0 to
    /// <paramref name="maxSkip"/> tokens skipped between items; unigrams once) and writes, per pool n-gram, its count
    /// (mode 0, TF), its weight if present (1, IDF) or count·weight (2, TFIDF) at output index ngramIndexes[k].
    /// For length n the pool holds gramCounts[n-1] n-grams from gramStarts[n-1], numbered from gramOrdinals[n-1].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TfIdf<T>(
        ReadOnlySpan<T> x,
        Span<float> y,
        ReadOnlySpan<long> pool,
        ReadOnlySpan<int> gramStarts,
        ReadOnlySpan<int> gramCounts,
        ReadOnlySpan<int> gramOrdinals,
        ReadOnlySpan<long> ngramIndexes,
        ReadOnlySpan<float> weights,
        int rows,
        int rowLength,
        int outputSize,
        int minGram,
        int maxGram,
        int maxSkip,
        int mode)
        where T : INumberBase<T>
    {
        y.Clear();
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<T> row = x.Slice(r * rowLength, rowLength);
            Span<float> counts = y.Slice(r * outputSize, outputSize);
            for (int n = minGram; n <= maxGram; n++)
            {
                int start = gramStarts[n - 1], count = gramCounts[n - 1], ordinal = gramOrdinals[n - 1];
                for (int skip = 0; skip <= (n == 1 ? 0 : maxSkip); skip++)
                {
                    int step = skip + 1;
                    for (int i = 0; i + ((n - 1) * step) < rowLength; i++)
                    {
                        for (int g = 0; g < count; g++)
                        {
                            bool match = true;
                            for (int t = 0; t < n && match; t++)
                            {
                                match = long.CreateTruncating(row[i + (t * step)]) == pool[start + (g * n) + t];
                            }

                            if (match)
                            {
                                counts[(int)ngramIndexes[ordinal + g]] += 1;
                            }
                        }
                    }
                }
            }

            for (int k = 0; k < ngramIndexes.Length; k++)
            {
                int at = (int)ngramIndexes[k];
                float w = weights.IsEmpty ? 1f : weights[k];
                counts[at] = mode switch
                {
                    1 => counts[at] > 0 ? w : 0,
                    2 => counts[at] * w,
                    _ => counts[at],
                };
            }
        }
    }
}
