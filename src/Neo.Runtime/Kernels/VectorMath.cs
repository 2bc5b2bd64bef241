using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
#if !NET9_0_OR_GREATER
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
#endif

namespace Neo.Runtime.Kernels;

/// <summary>
/// Vector forms of the transcendental functions operators need, one per vector width. The exponential is
/// Cephes' expf (a degree-5 polynomial after Cody–Waite range reduction), the same on every width so a
/// result does not depend on the machine's vector size. erf (and the GELUs on it) is our own two-range polynomial fit
/// on top of that exponential; its scalar form runs the 128-bit instructions on one lane, so the scalar tail of a
/// vector loop computes exactly what the vector body would.
/// </summary>
public static class VectorMath
{
    private const float ExpHigh = 88.72283f;
    private const float ExpLow = -87.33654f;

    // 127.5·ln2, below which x·log2e rounds to at most 127: above it 2^n is 2^128, which overflows.
    private const float ExpTop = 88.37626f;
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2High = 0.693359375f;
    private const float Ln2Low = -2.12194440e-4f;
    private const float ExpP0 = 1.9875691500E-4f;
    private const float ExpP1 = 1.3981999507E-3f;
    private const float ExpP2 = 8.3334519073E-3f;
    private const float ExpP3 = 4.1665795894E-2f;
    private const float ExpP4 = 1.6666665459E-1f;
    private const float ExpP5 = 5.0000001201E-1f;

    // 1.5·2^23 + 127: x·log2e + RoundingShift (|x·log2e| <= 128) lies in [2^23, 2^24), where floats are the whole
    // numbers, so the sum rounds x·log2e to the nearest integer n and its low nine mantissa bits are n + 127.
    private const float RoundingShift = 12582912f + 127f;

    // erf on |x| < 1: erf(x) = x + x·Q(x²). Q is our own weighted least-squares fit (Lawson iterations towards
    // minimax) of erf(x)/x - 1 in x², degree 5, float32 coefficients (fit error 4e-8); tools/fit_erf.py makes both fits.
    private const float ErfQ0 = 1.2837893e-01f;
    private const float ErfQ1 = -3.7611938e-01f;
    private const float ErfQ2 = 1.1278056e-01f;
    private const float ErfQ3 = -2.666366e-02f;
    private const float ErfQ4 = 4.8705684e-03f;
    private const float ErfQ5 = -5.462475e-04f;

    // erf on 1 <= |x| < 3.92: erf(x) = 1 - e^(-x²)·R(s) with s = (|x| - 2.46)/1.46 in [-1, 1]; R fits the scaled
    // complementary error function erfc(x)·e^(x²) (smooth, 0.43 down to 0.14), weighted by e^(-x²) so that the
    // absolute error of erf is what is minimised (fit error 1.6e-8). Past 3.92, erfc(x) < 3e-8 (half an ulp of 1): erf is ±1.
    private const float ErfSaturation = 3.92f;
    private const float ErfTailScale = 6.849315e-01f;
    private const float ErfTailShift = -1.6849315e+00f;
    private const float ErfR0 = 2.138193e-01f;
    private const float ErfR1 = -1.11471474e-01f;
    private const float ErfR2 = 5.5665452e-02f;
    private const float ErfR3 = -2.5361834e-02f;
    private const float ErfR4 = 1.0633528e-02f;
    private const float ErfR5 = -1.18296025e-02f;
    private const float ErfR6 = -6.696596e-03f;
    private const float ErfR7 = -5.4989434e-03f;

    private const float FracOneSqrt2 = 0.70710678118654752f;
    private const float SqrtTwoOverPi = 0.7978845608028654f;
    private const float GeluCubic = 0.044715f;

    /// <summary>
    /// erf(x) for one value, by the same instructions as <see cref="Erf(Vector128{float})"/> so that a vector
    /// loop's scalar tail gives exactly what its vector body would.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Erf(float x) => Erf(Vector128.CreateScalarUnsafe(x)).ToScalar();

    /// <summary>GELU for one value, by the same instructions as <see cref="Gelu(Vector128{float})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Gelu(float x) => Gelu(Vector128.CreateScalarUnsafe(x)).ToScalar();

    /// <summary>GELU's tanh form for one value, by the same instructions as <see cref="GeluTanh(Vector128{float})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float GeluTanh(float x) => GeluTanh(Vector128.CreateScalarUnsafe(x)).ToScalar();

    /// <summary>a·b + c, fused where the hardware has FMA.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c)
    {
#if NET9_0_OR_GREATER
        return Vector128.FusedMultiplyAdd(a, b, c);
#else
        if (Fma.IsSupported)
        {
            return Fma.MultiplyAdd(a, b, c);
        }

        if (AdvSimd.IsSupported)
        {
            return AdvSimd.FusedMultiplyAdd(c, a, b);
        }

        return (a * b) + c;
#endif
    }

    /// <summary>e^x, within 2 ulp over the float range; below -87.3 the result is 0, above 88.7 it is +∞.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Exp(Vector128<float> x)
    {
        Vector128<float> clamped = MinNative(MaxNative(x, Vector128.Create(ExpLow)), Vector128.Create(ExpHigh));
        Vector128<float> result = ExpInRange(clamped);
        if (Vector128.GreaterThanAny(x, Vector128.Create(ExpTop)))
        {
            // 2^128 overflows where e^x does not: the square of e^(x/2) (x/2 is exact) for the top of the range.
            Vector128<float> half = ExpInRange(clamped * Vector128.Create(0.5f));
            result = Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128.Create(ExpTop)), half * half, result);
        }

        result = Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128.Create(ExpLow)), Vector128<float>.Zero, result);
        result = Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128.Create(ExpHigh)), Vector128.Create(float.PositiveInfinity), result);
        // NaN compares false everywhere above: give it back unchanged.
        return Vector128.ConditionalSelect(Vector128.Equals(x, x), result, x);
    }

    /// <summary>
    /// 1 / (1 + e^-x). e^-x is taken on -x clamped to Exp's finite range, so no special values need selecting:
    /// above 87.3 the result is 1 as before, below -88.7 it is at most 3e-39 (instead of 0); NaN stays NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sigmoid(Vector128<float> x)
    {
        Vector128<float> e = ExpOfNegated(x);
        return Vector128.ConditionalSelect(Vector128.Equals(x, x), Vector128<float>.One / (Vector128<float>.One + e), x);
    }

    /// <summary>
    /// e^-x with -x clamped to the exponential's finite range (no special values to select): at most 3.4e38 for x below
    /// -88.7, at least 1.2e-38 for x above 87.3; a NaN lane gives a finite value, so callers keep NaN through x itself.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> ExpOfNegated(Vector128<float> x) =>
        ExpInRange(MinNative(MaxNative(-x, Vector128.Create(ExpLow)), Vector128.Create(ExpHigh)));

    /// <summary>tanh(x) = sign(x)·(1 - e^(-2|x|)) / (1 + e^(-2|x|)); the absolute error stays below 2e-7.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Tanh(Vector128<float> x)
    {
        // -2|x| is never above Exp's range; below it e^-2|x| is under 1e-38 and the quotient rounds to 1 either way.
        Vector128<float> e = ExpInRange(MaxNative(Vector128.Abs(x) * Vector128.Create(-2f), Vector128.Create(ExpLow)));
        Vector128<float> t = (Vector128<float>.One - e) / (Vector128<float>.One + e);
        Vector128<float> sign = x & Vector128.Create(-0f);
        return Vector128.ConditionalSelect(Vector128.Equals(x, x), t | sign, x);
    }

    /// <summary>
    /// erf(x) to within 1.2e-7 absolute over the whole float range (about one ulp of values near 1); ±1 beyond
    /// |x| = 3.92, NaN stays NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Erf(Vector128<float> x)
    {
        Vector128<float> z = MinNative(Vector128.Abs(x), Vector128.Create(ErfSaturation));
        Vector128<float> z2 = z * z;

        // |x| < 1: erf = z + z·Q(z²), written so the leading term z is added exactly once.
        Vector128<float> q = Vector128.Create(ErfQ5);
        q = MultiplyAdd(q, z2, Vector128.Create(ErfQ4));
        q = MultiplyAdd(q, z2, Vector128.Create(ErfQ3));
        q = MultiplyAdd(q, z2, Vector128.Create(ErfQ2));
        q = MultiplyAdd(q, z2, Vector128.Create(ErfQ1));
        q = MultiplyAdd(q, z2, Vector128.Create(ErfQ0));
        Vector128<float> near = MultiplyAdd(z, q, z);

        // 1 <= |x| < 3.92: erf = 1 - e^(-z²)·R(s), R a polynomial for erfc(z)·e^(z²) in s = (z - 2.46)/1.46.
        // -z² lies in [-15.4, 0], inside the exponential's range: no special cases to select.
        Vector128<float> s = MultiplyAdd(z, Vector128.Create(ErfTailScale), Vector128.Create(ErfTailShift));
        Vector128<float> r = Vector128.Create(ErfR7);
        r = MultiplyAdd(r, s, Vector128.Create(ErfR6));
        r = MultiplyAdd(r, s, Vector128.Create(ErfR5));
        r = MultiplyAdd(r, s, Vector128.Create(ErfR4));
        r = MultiplyAdd(r, s, Vector128.Create(ErfR3));
        r = MultiplyAdd(r, s, Vector128.Create(ErfR2));
        r = MultiplyAdd(r, s, Vector128.Create(ErfR1));
        r = MultiplyAdd(r, s, Vector128.Create(ErfR0));
        Vector128<float> far = MultiplyAdd(-ExpInRange(-z2), r, Vector128<float>.One);

        Vector128<float> result = Vector128.ConditionalSelect(Vector128.LessThan(z, Vector128<float>.One), near, far);
        result = Vector128.ConditionalSelect(Vector128.LessThan(z, Vector128.Create(ErfSaturation)), result, Vector128<float>.One);
        result |= x & Vector128.Create(-0f);

        // NaN compares false everywhere above: give it back unchanged.
        return Vector128.ConditionalSelect(Vector128.Equals(x, x), result, x);
    }

    /// <summary>GELU, x/2·(1 + erf(x/√2)), with <see cref="Erf(Vector128{float})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Gelu(Vector128<float> x)
    {
        Vector128<float> half = x * Vector128.Create(0.5f);
        return MultiplyAdd(half, Erf(x * Vector128.Create(FracOneSqrt2)), half);
    }

    /// <summary>GELU's tanh form, x/2·(1 + tanh(√(2/π)·(x + 0.044715·x³))), with <see cref="Tanh(Vector128{float})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> GeluTanh(Vector128<float> x)
    {
        Vector128<float> half = x * Vector128.Create(0.5f);
        Vector128<float> inner = x * MultiplyAdd(x * x, Vector128.Create(GeluCubic * SqrtTwoOverPi), Vector128.Create(SqrtTwoOverPi));
        return MultiplyAdd(half, Tanh(inner), half);
    }

    /// <summary>
    /// e^x for x already within [ExpLow, ExpHigh] and not NaN (callers clamp, or know their range): the Cephes
    /// polynomial alone, with no special values to select.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> ExpInRange(Vector128<float> x)
    {
        // x = n·ln2 + r with |r| <= ln2/2; ln2 split in two so that n·ln2 is exact (Cody–Waite). n is rounded by
        // adding RoundingShift, whose low mantissa bits then hold n + 127: 2^n's exponent field, shifted into place.
        Vector128<float> shifted = MultiplyAdd(x, Vector128.Create(Log2E), Vector128.Create(RoundingShift));
        Vector128<float> n = shifted - Vector128.Create(RoundingShift);
        Vector128<float> r = MultiplyAdd(n, Vector128.Create(-Ln2High), x);
        r = MultiplyAdd(n, Vector128.Create(-Ln2Low), r);
        Vector128<float> p = Vector128.Create(ExpP0);
        p = MultiplyAdd(p, r, Vector128.Create(ExpP1));
        p = MultiplyAdd(p, r, Vector128.Create(ExpP2));
        p = MultiplyAdd(p, r, Vector128.Create(ExpP3));
        p = MultiplyAdd(p, r, Vector128.Create(ExpP4));
        p = MultiplyAdd(p, r, Vector128.Create(ExpP5));
        p = MultiplyAdd(p, r, Vector128<float>.One);
        p = MultiplyAdd(p, r, Vector128<float>.One);
        Vector128<int> bits = Vector128.ShiftLeft(shifted.AsInt32(), 23);
        return p * bits.AsSingle();
    }

    // The native instructions (minps, maxps): .NET 9's Min and Max add fix-ups for NaN and -0, which callers here
    // either cannot meet or select away afterwards.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> MinNative(Vector128<float> a, Vector128<float> b)
#if NET9_0_OR_GREATER
        => Vector128.MinNative(a, b);
#else
        => Vector128.Min(a, b);
#endif

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> MaxNative(Vector128<float> a, Vector128<float> b)
#if NET9_0_OR_GREATER
        => Vector128.MaxNative(a, b);
#else
        => Vector128.Max(a, b);
#endif

    /// <summary>a·b + c, fused where the hardware has FMA.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c)
    {
#if NET9_0_OR_GREATER
        return Vector256.FusedMultiplyAdd(a, b, c);
#else
        return Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : (a * b) + c;
#endif
    }

    /// <summary>e^x, within 2 ulp over the float range; below -87.3 the result is 0, above 88.7 it is +∞.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        Vector256<float> clamped = MinNative(MaxNative(x, Vector256.Create(ExpLow)), Vector256.Create(ExpHigh));
        Vector256<float> result = ExpInRange(clamped);
        if (Vector256.GreaterThanAny(x, Vector256.Create(ExpTop)))
        {
            // 2^128 overflows where e^x does not: the square of e^(x/2) (x/2 is exact) for the top of the range.
            Vector256<float> half = ExpInRange(clamped * Vector256.Create(0.5f));
            result = Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(ExpTop)), half * half, result);
        }

        result = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(ExpLow)), Vector256<float>.Zero, result);
        result = Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(ExpHigh)), Vector256.Create(float.PositiveInfinity), result);
        // NaN compares false everywhere above: give it back unchanged.
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), result, x);
    }

    /// <summary>
    /// 1 / (1 + e^-x). e^-x is taken on -x clamped to Exp's finite range, so no special values need selecting:
    /// above 87.3 the result is 1 as before, below -88.7 it is at most 3e-39 (instead of 0); NaN stays NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x)
    {
        Vector256<float> e = ExpOfNegated(x);
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), Vector256<float>.One / (Vector256<float>.One + e), x);
    }

    /// <summary>
    /// e^-x with -x clamped to the exponential's finite range (no special values to select): at most 3.4e38 for x below
    /// -88.7, at least 1.2e-38 for x above 87.3; a NaN lane gives a finite value, so callers keep NaN through x itself.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> ExpOfNegated(Vector256<float> x) =>
        ExpInRange(MinNative(MaxNative(-x, Vector256.Create(ExpLow)), Vector256.Create(ExpHigh)));

    /// <summary>tanh(x) = sign(x)·(1 - e^(-2|x|)) / (1 + e^(-2|x|)); the absolute error stays below 2e-7.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        // -2|x| is never above Exp's range; below it e^-2|x| is under 1e-38 and the quotient rounds to 1 either way.
        Vector256<float> e = ExpInRange(MaxNative(Vector256.Abs(x) * Vector256.Create(-2f), Vector256.Create(ExpLow)));
        Vector256<float> t = (Vector256<float>.One - e) / (Vector256<float>.One + e);
        Vector256<float> sign = x & Vector256.Create(-0f);
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), t | sign, x);
    }

    /// <summary>
    /// erf(x) to within 1.2e-7 absolute over the whole float range (about one ulp of values near 1); ±1 beyond
    /// |x| = 3.92, NaN stays NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Erf(Vector256<float> x)
    {
        Vector256<float> z = MinNative(Vector256.Abs(x), Vector256.Create(ErfSaturation));
        Vector256<float> z2 = z * z;

        // |x| < 1: erf = z + z·Q(z²), written so the leading term z is added exactly once.
        Vector256<float> q = Vector256.Create(ErfQ5);
        q = MultiplyAdd(q, z2, Vector256.Create(ErfQ4));
        q = MultiplyAdd(q, z2, Vector256.Create(ErfQ3));
        q = MultiplyAdd(q, z2, Vector256.Create(ErfQ2));
        q = MultiplyAdd(q, z2, Vector256.Create(ErfQ1));
        q = MultiplyAdd(q, z2, Vector256.Create(ErfQ0));
        Vector256<float> near = MultiplyAdd(z, q, z);

        // 1 <= |x| < 3.92: erf = 1 - e^(-z²)·R(s), R a polynomial for erfc(z)·e^(z²) in s = (z - 2.46)/1.46.
        // -z² lies in [-15.4, 0], inside the exponential's range: no special cases to select.
        Vector256<float> s = MultiplyAdd(z, Vector256.Create(ErfTailScale), Vector256.Create(ErfTailShift));
        Vector256<float> r = Vector256.Create(ErfR7);
        r = MultiplyAdd(r, s, Vector256.Create(ErfR6));
        r = MultiplyAdd(r, s, Vector256.Create(ErfR5));
        r = MultiplyAdd(r, s, Vector256.Create(ErfR4));
        r = MultiplyAdd(r, s, Vector256.Create(ErfR3));
        r = MultiplyAdd(r, s, Vector256.Create(ErfR2));
        r = MultiplyAdd(r, s, Vector256.Create(ErfR1));
        r = MultiplyAdd(r, s, Vector256.Create(ErfR0));
        Vector256<float> far = MultiplyAdd(-ExpInRange(-z2), r, Vector256<float>.One);

        Vector256<float> result = Vector256.ConditionalSelect(Vector256.LessThan(z, Vector256<float>.One), near, far);
        result = Vector256.ConditionalSelect(Vector256.LessThan(z, Vector256.Create(ErfSaturation)), result, Vector256<float>.One);
        result |= x & Vector256.Create(-0f);

        // NaN compares false everywhere above: give it back unchanged.
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), result, x);
    }

    /// <summary>GELU, x/2·(1 + erf(x/√2)), with <see cref="Erf(Vector256{float})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Gelu(Vector256<float> x)
    {
        Vector256<float> half = x * Vector256.Create(0.5f);
        return MultiplyAdd(half, Erf(x * Vector256.Create(FracOneSqrt2)), half);
    }

    /// <summary>GELU's tanh form, x/2·(1 + tanh(√(2/π)·(x + 0.044715·x³))), with <see cref="Tanh(Vector256{float})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> GeluTanh(Vector256<float> x)
    {
        Vector256<float> half = x * Vector256.Create(0.5f);
        Vector256<float> inner = x * MultiplyAdd(x * x, Vector256.Create(GeluCubic * SqrtTwoOverPi), Vector256.Create(SqrtTwoOverPi));
        return MultiplyAdd(half, Tanh(inner), half);
    }

    /// <summary>
    /// e^x for x already within [ExpLow, ExpHigh] and not NaN (callers clamp, or know their range): the Cephes
    /// polynomial alone, with no special values to select.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> ExpInRange(Vector256<float> x)
    {
        // x = n·ln2 + r with |r| <= ln2/2; ln2 split in two so that n·ln2 is exact (Cody–Waite). n is rounded by
        // adding RoundingShift, whose low mantissa bits then hold n + 127: 2^n's exponent field, shifted into place.
        Vector256<float> shifted = MultiplyAdd(x, Vector256.Create(Log2E), Vector256.Create(RoundingShift));
        Vector256<float> n = shifted - Vector256.Create(RoundingShift);
        Vector256<float> r = MultiplyAdd(n, Vector256.Create(-Ln2High), x);
        r = MultiplyAdd(n, Vector256.Create(-Ln2Low), r);
        Vector256<float> p = Vector256.Create(ExpP0);
        p = MultiplyAdd(p, r, Vector256.Create(ExpP1));
        p = MultiplyAdd(p, r, Vector256.Create(ExpP2));
        p = MultiplyAdd(p, r, Vector256.Create(ExpP3));
        p = MultiplyAdd(p, r, Vector256.Create(ExpP4));
        p = MultiplyAdd(p, r, Vector256.Create(ExpP5));
        p = MultiplyAdd(p, r, Vector256<float>.One);
        p = MultiplyAdd(p, r, Vector256<float>.One);
        Vector256<int> bits = Vector256.ShiftLeft(shifted.AsInt32(), 23);
        return p * bits.AsSingle();
    }

    // The native instructions (minps, maxps): .NET 9's Min and Max add fix-ups for NaN and -0, which callers here
    // either cannot meet or select away afterwards.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> MinNative(Vector256<float> a, Vector256<float> b)
#if NET9_0_OR_GREATER
        => Vector256.MinNative(a, b);
#else
        => Vector256.Min(a, b);
#endif

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> MaxNative(Vector256<float> a, Vector256<float> b)
#if NET9_0_OR_GREATER
        => Vector256.MaxNative(a, b);
#else
        => Vector256.Max(a, b);
#endif

    /// <summary>A mask of the lanes below <paramref name="count"/> (all bits set), the rest clear: for masked loads and stores of a row's last columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> FirstLanes128(int count) =>
        Vector128.LessThan(Vector128.Create(0, 1, 2, 3), Vector128.Create(count)).AsSingle();

    /// <summary><see cref="FirstLanes128"/> on 256-bit vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> FirstLanes256(int count) =>
        Vector256.LessThan(Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(count)).AsSingle();

    /// <summary><see cref="FirstLanes128"/> on 512-bit vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> FirstLanes512(int count) =>
        Vector512.LessThan(Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), Vector512.Create(count)).AsSingle();

    /// <summary>a·b + c, fused where the hardware has FMA.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c)
    {
#if NET9_0_OR_GREATER
        return Vector512.FusedMultiplyAdd(a, b, c);
#else
        return Avx512F.IsSupported ? Avx512F.FusedMultiplyAdd(a, b, c) : (a * b) + c;
#endif
    }

    /// <summary>e^x, within 2 ulp over the float range; below -87.3 the result is 0, above 88.7 it is +∞.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        Vector512<float> clamped = MinNative(MaxNative(x, Vector512.Create(ExpLow)), Vector512.Create(ExpHigh));
        Vector512<float> result = ExpInRange(clamped);
        if (Vector512.GreaterThanAny(x, Vector512.Create(ExpTop)))
        {
            // 2^128 overflows where e^x does not: the square of e^(x/2) (x/2 is exact) for the top of the range.
            Vector512<float> half = ExpInRange(clamped * Vector512.Create(0.5f));
            result = Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(ExpTop)), half * half, result);
        }

        result = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(ExpLow)), Vector512<float>.Zero, result);
        result = Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(ExpHigh)), Vector512.Create(float.PositiveInfinity), result);
        // NaN compares false everywhere above: give it back unchanged.
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), result, x);
    }

    /// <summary>
    /// 1 / (1 + e^-x). e^-x is taken on -x clamped to Exp's finite range, so no special values need selecting:
    /// above 87.3 the result is 1 as before, below -88.7 it is at most 3e-39 (instead of 0); NaN stays NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x)
    {
        Vector512<float> e = ExpOfNegated(x);
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), Vector512<float>.One / (Vector512<float>.One + e), x);
    }

    /// <summary>
    /// e^-x with -x clamped to the exponential's finite range (no special values to select): at most 3.4e38 for x below
    /// -88.7, at least 1.2e-38 for x above 87.3; a NaN lane gives a finite value, so callers keep NaN through x itself.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> ExpOfNegated(Vector512<float> x) =>
        ExpInRange(MinNative(MaxNative(-x, Vector512.Create(ExpLow)), Vector512.Create(ExpHigh)));

    /// <summary>tanh(x) = sign(x)·(1 - e^(-2|x|)) / (1 + e^(-2|x|)); the absolute error stays below 2e-7.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x)
    {
        // -2|x| is never above Exp's range; below it e^-2|x| is under 1e-38 and the quotient rounds to 1 either way.
        Vector512<float> e = ExpInRange(MaxNative(Vector512.Abs(x) * Vector512.Create(-2f), Vector512.Create(ExpLow)));
        Vector512<float> t = (Vector512<float>.One - e) / (Vector512<float>.One + e);
        Vector512<float> sign = x & Vector512.Create(-0f);
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), t | sign, x);
    }

    /// <summary>
    /// erf(x) to within 1.2e-7 absolute over the whole float range (about one ulp of values near 1); ±1 beyond
    /// |x| = 3.92, NaN stays NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Erf(Vector512<float> x)
    {
        Vector512<float> z = MinNative(Vector512.Abs(x), Vector512.Create(ErfSaturation));
        Vector512<float> z2 = z * z;

        // |x| < 1: erf = z + z·Q(z²), written so the leading term z is added exactly once.
        Vector512<float> q = Vector512.Create(ErfQ5);
        q = MultiplyAdd(q, z2, Vector512.Create(ErfQ4));
        q = MultiplyAdd(q, z2, Vector512.Create(ErfQ3));
        q = MultiplyAdd(q, z2, Vector512.Create(ErfQ2));
        q = MultiplyAdd(q, z2, Vector512.Create(ErfQ1));
        q = MultiplyAdd(q, z2, Vector512.Create(ErfQ0));
        Vector512<float> near = MultiplyAdd(z, q, z);

        // 1 <= |x| < 3.92: erf = 1 - e^(-z²)·R(s), R a polynomial for erfc(z)·e^(z²) in s = (z - 2.46)/1.46.
        // -z² lies in [-15.4, 0], inside the exponential's range: no special cases to select.
        Vector512<float> s = MultiplyAdd(z, Vector512.Create(ErfTailScale), Vector512.Create(ErfTailShift));
        Vector512<float> r = Vector512.Create(ErfR7);
        r = MultiplyAdd(r, s, Vector512.Create(ErfR6));
        r = MultiplyAdd(r, s, Vector512.Create(ErfR5));
        r = MultiplyAdd(r, s, Vector512.Create(ErfR4));
        r = MultiplyAdd(r, s, Vector512.Create(ErfR3));
        r = MultiplyAdd(r, s, Vector512.Create(ErfR2));
        r = MultiplyAdd(r, s, Vector512.Create(ErfR1));
        r = MultiplyAdd(r, s, Vector512.Create(ErfR0));
        Vector512<float> far = MultiplyAdd(-ExpInRange(-z2), r, Vector512<float>.One);

        Vector512<float> result = Vector512.ConditionalSelect(Vector512.LessThan(z, Vector512<float>.One), near, far);
        result = Vector512.ConditionalSelect(Vector512.LessThan(z, Vector512.Create(ErfSaturation)), result, Vector512<float>.One);
        result |= x & Vector512.Create(-0f);

        // NaN compares false everywhere above: give it back unchanged.
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), result, x);
    }

    /// <summary>GELU, x/2·(1 + erf(x/√2)), with <see cref="Erf(Vector512{float})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Gelu(Vector512<float> x)
    {
        Vector512<float> half = x * Vector512.Create(0.5f);
        return MultiplyAdd(half, Erf(x * Vector512.Create(FracOneSqrt2)), half);
    }

    /// <summary>GELU's tanh form, x/2·(1 + tanh(√(2/π)·(x + 0.044715·x³))), with <see cref="Tanh(Vector512{float})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> GeluTanh(Vector512<float> x)
    {
        Vector512<float> half = x * Vector512.Create(0.5f);
        Vector512<float> inner = x * MultiplyAdd(x * x, Vector512.Create(GeluCubic * SqrtTwoOverPi), Vector512.Create(SqrtTwoOverPi));
        return MultiplyAdd(half, Tanh(inner), half);
    }

    /// <summary>
    /// e^x for x already within [ExpLow, ExpHigh] and not NaN (callers clamp, or know their range): the Cephes
    /// polynomial alone, with no special values to select.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> ExpInRange(Vector512<float> x)
    {
        // x = n·ln2 + r with |r| <= ln2/2; ln2 split in two so that n·ln2 is exact (Cody–Waite). n is rounded by
        // adding RoundingShift, whose low mantissa bits then hold n + 127: 2^n's exponent field, shifted into place.
        Vector512<float> shifted = MultiplyAdd(x, Vector512.Create(Log2E), Vector512.Create(RoundingShift));
        Vector512<float> n = shifted - Vector512.Create(RoundingShift);
        Vector512<float> r = MultiplyAdd(n, Vector512.Create(-Ln2High), x);
        r = MultiplyAdd(n, Vector512.Create(-Ln2Low), r);
        Vector512<float> p = Vector512.Create(ExpP0);
        p = MultiplyAdd(p, r, Vector512.Create(ExpP1));
        p = MultiplyAdd(p, r, Vector512.Create(ExpP2));
        p = MultiplyAdd(p, r, Vector512.Create(ExpP3));
        p = MultiplyAdd(p, r, Vector512.Create(ExpP4));
        p = MultiplyAdd(p, r, Vector512.Create(ExpP5));
        p = MultiplyAdd(p, r, Vector512<float>.One);
        p = MultiplyAdd(p, r, Vector512<float>.One);
        Vector512<int> bits = Vector512.ShiftLeft(shifted.AsInt32(), 23);
        return p * bits.AsSingle();
    }

    // The native instructions (minps, maxps): .NET 9's Min and Max add fix-ups for NaN and -0, which callers here
    // either cannot meet or select away afterwards.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> MinNative(Vector512<float> a, Vector512<float> b)
#if NET9_0_OR_GREATER
        => Vector512.MinNative(a, b);
#else
        => Vector512.Min(a, b);
#endif

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> MaxNative(Vector512<float> a, Vector512<float> b)
#if NET9_0_OR_GREATER
        => Vector512.MaxNative(a, b);
#else
        => Vector512.Max(a, b);
#endif
}

/// <summary>
/// Applies a scalar operator lane by lane: the vector form of operators that have no vector formula yet
/// (it keeps fused chains correct; the chain's other operators still run on whole vectors).
/// </summary>
public static class LaneWise
{
    /// <summary>op applied to each lane of <paramref name="x"/>.</summary>
    public static Vector128<float> Apply<TOp>(TOp op, Vector128<float> x)
        where TOp : struct, IUnaryOperator
    {
        Span<float> lanes = stackalloc float[Vector128<float>.Count];
        x.CopyTo(lanes);
        for (int i = 0; i < lanes.Length; i++)
        {
            lanes[i] = op.Invoke(lanes[i]);
        }

        return Vector128.Create<float>(lanes);
    }

    /// <summary>op applied to each pair of lanes of <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static Vector128<T> Apply<TOp, T>(TOp op, Vector128<T> a, Vector128<T> b)
        where TOp : struct, IBinaryOperator<T>
        where T : unmanaged
    {
        Span<T> x = stackalloc T[Vector128<T>.Count];
        Span<T> y = stackalloc T[Vector128<T>.Count];
        a.CopyTo(x);
        b.CopyTo(y);
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = op.Invoke(x[i], y[i]);
        }

        return Vector128.Create<T>(x);
    }

    /// <summary>op applied to each lane of <paramref name="x"/>.</summary>
    public static Vector256<float> Apply<TOp>(TOp op, Vector256<float> x)
        where TOp : struct, IUnaryOperator
    {
        Span<float> lanes = stackalloc float[Vector256<float>.Count];
        x.CopyTo(lanes);
        for (int i = 0; i < lanes.Length; i++)
        {
            lanes[i] = op.Invoke(lanes[i]);
        }

        return Vector256.Create<float>(lanes);
    }

    /// <summary>op applied to each pair of lanes of <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static Vector256<T> Apply<TOp, T>(TOp op, Vector256<T> a, Vector256<T> b)
        where TOp : struct, IBinaryOperator<T>
        where T : unmanaged
    {
        Span<T> x = stackalloc T[Vector256<T>.Count];
        Span<T> y = stackalloc T[Vector256<T>.Count];
        a.CopyTo(x);
        b.CopyTo(y);
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = op.Invoke(x[i], y[i]);
        }

        return Vector256.Create<T>(x);
    }

    /// <summary>op applied to each lane of <paramref name="x"/>.</summary>
    public static Vector512<float> Apply<TOp>(TOp op, Vector512<float> x)
        where TOp : struct, IUnaryOperator
    {
        Span<float> lanes = stackalloc float[Vector512<float>.Count];
        x.CopyTo(lanes);
        for (int i = 0; i < lanes.Length; i++)
        {
            lanes[i] = op.Invoke(lanes[i]);
        }

        return Vector512.Create<float>(lanes);
    }

    /// <summary>op applied to each pair of lanes of <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static Vector512<T> Apply<TOp, T>(TOp op, Vector512<T> a, Vector512<T> b)
        where TOp : struct, IBinaryOperator<T>
        where T : unmanaged
    {
        Span<T> x = stackalloc T[Vector512<T>.Count];
        Span<T> y = stackalloc T[Vector512<T>.Count];
        a.CopyTo(x);
        b.CopyTo(y);
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = op.Invoke(x[i], y[i]);
        }

        return Vector512.Create<T>(x);
    }
}
