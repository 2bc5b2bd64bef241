using System;
using System.Runtime.Intrinsics;
using Neo.Runtime.Kernels;
using Xunit;

namespace Neo.Tests.Kernels;

/// <summary>
/// The float32 erf and the GELUs built on it, against a double-precision reference over a dense range and at the
/// special values; every vector width must give, lane for lane, exactly what the scalar form gives.
/// </summary>
public sealed class VectorMathTests
{
    // Measured 6.5e-8 (about one ulp of values near 1); the polynomials alone are within 4e-8, the rest is float32
    // rounding (the last subtraction from 1 and the exponential).
    private const double ErfBound = 1e-7;

    /// <summary>
    /// erf in double to about 1e-15: erf(x) = 2/√π·e^(-x²)·Σ (2x²)ⁿ·x / (2n+1)!!, a series of positive terms
    /// (no cancellation) that converges for every x.
    /// </summary>
    private static double ReferenceErf(double x)
    {
        double z = Math.Abs(x);
        if (z > 6)
        {
            return Math.Sign(x);
        }

        double term = z, sum = z, twoZ2 = 2 * z * z;
        for (int n = 1; term > sum * 1e-17; n++)
        {
            term *= twoZ2 / ((2 * n) + 1);
            sum += term;
        }

        double erf = 2 / Math.Sqrt(Math.PI) * Math.Exp(-z * z) * sum;
        return x < 0 ? -erf : erf;
    }

    /// <summary>The scalar form and each vector width, checked to agree bit for bit, returning the scalar value.</summary>
    private static float EveryWidth(Func<float, float> scalar, Func<Vector128<float>, Vector128<float>> v128, Func<Vector256<float>, Vector256<float>> v256, Func<Vector512<float>, Vector512<float>> v512, float x)
    {
        float s = scalar(x);
        // The value in a middle lane, neighbours different, so lanes cannot leak into each other unnoticed.
        Vector128<float> a = v128(Vector128.Create(0.25f, x, -3f, 1e30f));
        Vector256<float> b = v256(Vector256.Create(0.25f, -1f, 2f, x, 5f, -0.5f, 1e-20f, 7f));
        Vector512<float> c = v512(Vector512.Create(0.25f, -1f, 2f, 3f, 5f, -0.5f, 1e-20f, 7f, 1f, 2f, x, 0.125f, -4f, 9f, -9f, 0.75f));
        Assert.True(s.Equals(a.GetElement(1)) && s.Equals(b.GetElement(3)) && s.Equals(c.GetElement(10)), $"at x = {x:R}: scalar {s:R}, 128-bit {a.GetElement(1):R}, 256-bit {b.GetElement(3):R}, 512-bit {c.GetElement(10):R}");
        return s;
    }

    private static float Erf(float x) => EveryWidth(VectorMath.Erf, VectorMath.Erf, VectorMath.Erf, VectorMath.Erf, x);

    [Fact]
    public void ErfIsWithinItsBoundOverADenseRange()
    {
        double worst = 0;
        float worstAt = 0;
        // Every 2^-13 from -8 to 8 (131 073 points, each one a float exactly), through both fitted ranges and the saturation.
        for (int i = -65536; i <= 65536; i++)
        {
            float x = i / 8192f;
            double err = Math.Abs(Erf(x) - ReferenceErf(x));
            if (err > worst)
            {
                worst = err;
                worstAt = x;
            }
        }

        Assert.True(worst <= ErfBound, $"erf max abs error {worst:E3} at x = {worstAt:R}");
    }

    [Fact]
    public void ErfAtTheEdgesOfItsRanges()
    {
        // Around the switch from the near polynomial to the tail form and around the saturation, ulp by ulp.
        foreach (float edge in new[] { 1f, 3.92f })
        {
            float x = edge;
            for (int i = 0; i < 64; i++)
            {
                x = MathF.BitDecrement(x);
            }

            double worst = 0;
            for (int i = 0; i < 128; i++, x = MathF.BitIncrement(x))
            {
                worst = Math.Max(worst, Math.Max(Math.Abs(Erf(x) - ReferenceErf(x)), Math.Abs(Erf(-x) - ReferenceErf(-x))));
            }

            Assert.True(worst <= ErfBound, $"erf max abs error {worst:E3} within 64 ulp of {edge:R}");
        }

        // Tiny values: erf(x) ≈ 2x/√π, where the relative error matters too.
        foreach (float x in new[] { 1e-37f, 1e-30f, 1e-10f, 1e-5f, 0.01f })
        {
            double expected = ReferenceErf(x);
            Assert.True(Math.Abs(Erf(x) - expected) <= Math.Abs(expected) * 2.5e-7, $"erf({x:R}) = {Erf(x):R}, expected {expected:R}");
            Assert.Equal(-Erf(x), Erf(-x));
        }
    }

    [Fact]
    public void ErfSpecialValues()
    {
        Assert.Equal(1f, Erf(float.PositiveInfinity));
        Assert.Equal(-1f, Erf(float.NegativeInfinity));
        Assert.Equal(1f, Erf(10f));
        Assert.Equal(-1f, Erf(-1e30f));
        Assert.Equal(1f, Erf(float.MaxValue));
        Assert.True(float.IsNaN(Erf(float.NaN)));
        Assert.Equal(0f, Erf(0f));
        Assert.True(float.IsNegative(Erf(-0f)), "erf(-0) is -0");
        Assert.Equal(VectorMath.Erf(0.5f), default(Erf).Invoke(0.5f));
    }

    [Fact]
    public void GeluFormsMatchDoublePrecision()
    {
        double worstErf = 0, worstTanh = 0;
        for (int i = -8000; i <= 8000; i++)
        {
            float x = i / 1000f;
            double erfForm = 0.5 * x * (1 + ReferenceErf(x / Math.Sqrt(2)));
            double tanhForm = 0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + (0.044715 * x * x * x))));
            float gelu = EveryWidth(VectorMath.Gelu, VectorMath.Gelu, VectorMath.Gelu, VectorMath.Gelu, x);
            float geluTanh = EveryWidth(VectorMath.GeluTanh, VectorMath.GeluTanh, VectorMath.GeluTanh, VectorMath.GeluTanh, x);
            // Scaled by max(1, |x|): for large x the float result itself carries |x|·2^-24.
            double scale = Math.Max(1, Math.Abs(x));
            worstErf = Math.Max(worstErf, Math.Abs(gelu - erfForm) / scale);
            worstTanh = Math.Max(worstTanh, Math.Abs(geluTanh - tanhForm) / scale);
            Assert.Equal(gelu, default(Gelu).Invoke(x));
            Assert.Equal(geluTanh, default(GeluTanh).Invoke(x));
        }

        Assert.True(worstErf <= 1.5e-7, $"GELU error {worstErf:E3}");
        Assert.True(worstTanh <= 3e-7, $"GELU (tanh) error {worstTanh:E3}");
        Assert.Equal(float.PositiveInfinity, VectorMath.Gelu(float.PositiveInfinity));
        Assert.True(float.IsNaN(VectorMath.Gelu(float.NaN)) && float.IsNaN(VectorMath.GeluTanh(float.NaN)));
    }
}
