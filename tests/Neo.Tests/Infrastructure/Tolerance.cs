using System;
using Xunit;

namespace Neo.Tests.Infrastructure;

/// <summary>Comparison with a tolerance scaled by the output's magnitude: max|got - expected| / max|expected|.</summary>
public static class Tolerance
{
    public static double RelativeError(ReadOnlySpan<float> got, ReadOnlySpan<float> expected)
    {
        Assert.Equal(expected.Length, got.Length);
        double maxDiff = 0, maxRef = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            if (float.IsNaN(expected[i]) != float.IsNaN(got[i]))
            {
                return double.PositiveInfinity;
            }

            if (float.IsNaN(expected[i]))
            {
                continue;
            }

            maxDiff = Math.Max(maxDiff, Math.Abs((double)got[i] - expected[i]));
            maxRef = Math.Max(maxRef, Math.Abs((double)expected[i]));
        }

        return maxRef == 0 ? maxDiff : maxDiff / maxRef;
    }

    public static void AssertClose(ReadOnlySpan<float> got, ReadOnlySpan<float> expected, double tolerance, string what)
    {
        double err = RelativeError(got, expected);
        Assert.True(err <= tolerance, $"{what}: relative error {err:E3} exceeds {tolerance:E1}");
    }
}
