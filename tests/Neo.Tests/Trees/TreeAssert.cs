using System;
using Xunit;

namespace Neo.Tests.Trees;

/// <summary>Comparisons for tree models: bit-for-bit where the library's arithmetic allows it.</summary>
public static class TreeAssert
{
    /// <summary>Every element has the same bits (NaN equals NaN).</summary>
    public static void BitEqual(ReadOnlySpan<float> expected, ReadOnlySpan<float> got, string what)
    {
        Assert.Equal(expected.Length, got.Length);
        int bad = 0, first = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(got[i]) && !(float.IsNaN(expected[i]) && float.IsNaN(got[i])))
            {
                bad++;
                first = first < 0 ? i : first;
            }
        }

        Assert.True(bad == 0, $"{what}: {bad} of {expected.Length} values differ; first at {first}: expected {(first < 0 ? 0 : expected[first]):R}, got {(first < 0 ? 0 : got[first]):R}");
    }

    /// <summary>max|got − expected| / max|expected| within <paramref name="tolerance"/>.</summary>
    public static void Close(ReadOnlySpan<float> expected, ReadOnlySpan<float> got, double tolerance, string what) =>
        Infrastructure.Tolerance.AssertClose(got, expected, tolerance, what);
}
