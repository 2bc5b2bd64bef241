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
/// result does not depend on the machine's vector size.
/// </summary>
public static class VectorMath
{
    private const float ExpHigh = 88.72283f;
    private const float ExpLow = -87.33654f;
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2High = 0.693359375f;
    private const float Ln2Low = -2.12194440e-4f;
    private const float ExpP0 = 1.9875691500E-4f;
    private const float ExpP1 = 1.3981999507E-3f;
    private const float ExpP2 = 8.3334519073E-3f;
    private const float ExpP3 = 4.1665795894E-2f;
    private const float ExpP4 = 1.6666665459E-1f;
    private const float ExpP5 = 5.0000001201E-1f;

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
        Vector128<float> clamped = Vector128.Min(Vector128.Max(x, Vector128.Create(ExpLow)), Vector128.Create(ExpHigh));
        // x = n·ln2 + r with |r| <= ln2/2; ln2 split in two so that n·ln2 is exact (Cody–Waite).
        Vector128<float> n = Vector128.Floor(MultiplyAdd(clamped, Vector128.Create(Log2E), Vector128.Create(0.5f)));
        Vector128<float> r = MultiplyAdd(n, Vector128.Create(-Ln2High), clamped);
        r = MultiplyAdd(n, Vector128.Create(-Ln2Low), r);
        Vector128<float> p = Vector128.Create(ExpP0);
        p = MultiplyAdd(p, r, Vector128.Create(ExpP1));
        p = MultiplyAdd(p, r, Vector128.Create(ExpP2));
        p = MultiplyAdd(p, r, Vector128.Create(ExpP3));
        p = MultiplyAdd(p, r, Vector128.Create(ExpP4));
        p = MultiplyAdd(p, r, Vector128.Create(ExpP5));
        p = MultiplyAdd(p, r * r, r + Vector128<float>.One);
        Vector128<int> bits = Vector128.ShiftLeft(Vector128.ConvertToInt32(n) + Vector128.Create(127), 23);
        Vector128<float> result = p * bits.AsSingle();
        result = Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128.Create(ExpLow)), Vector128<float>.Zero, result);
        result = Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128.Create(ExpHigh)), Vector128.Create(float.PositiveInfinity), result);
        // NaN compares false everywhere above: give it back unchanged.
        return Vector128.ConditionalSelect(Vector128.Equals(x, x), result, x);
    }

    /// <summary>1 / (1 + e^-x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sigmoid(Vector128<float> x) => Vector128<float>.One / (Vector128<float>.One + Exp(-x));

    /// <summary>tanh(x) = sign(x)·(1 - e^(-2|x|)) / (1 + e^(-2|x|)); the absolute error stays below 2e-7.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Tanh(Vector128<float> x)
    {
        Vector128<float> e = Exp(Vector128.Abs(x) * Vector128.Create(-2f));
        Vector128<float> t = (Vector128<float>.One - e) / (Vector128<float>.One + e);
        Vector128<float> sign = x & Vector128.Create(-0f);
        return t | sign;
    }

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
        Vector256<float> clamped = Vector256.Min(Vector256.Max(x, Vector256.Create(ExpLow)), Vector256.Create(ExpHigh));
        // x = n·ln2 + r with |r| <= ln2/2; ln2 split in two so that n·ln2 is exact (Cody–Waite).
        Vector256<float> n = Vector256.Floor(MultiplyAdd(clamped, Vector256.Create(Log2E), Vector256.Create(0.5f)));
        Vector256<float> r = MultiplyAdd(n, Vector256.Create(-Ln2High), clamped);
        r = MultiplyAdd(n, Vector256.Create(-Ln2Low), r);
        Vector256<float> p = Vector256.Create(ExpP0);
        p = MultiplyAdd(p, r, Vector256.Create(ExpP1));
        p = MultiplyAdd(p, r, Vector256.Create(ExpP2));
        p = MultiplyAdd(p, r, Vector256.Create(ExpP3));
        p = MultiplyAdd(p, r, Vector256.Create(ExpP4));
        p = MultiplyAdd(p, r, Vector256.Create(ExpP5));
        p = MultiplyAdd(p, r * r, r + Vector256<float>.One);
        Vector256<int> bits = Vector256.ShiftLeft(Vector256.ConvertToInt32(n) + Vector256.Create(127), 23);
        Vector256<float> result = p * bits.AsSingle();
        result = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(ExpLow)), Vector256<float>.Zero, result);
        result = Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(ExpHigh)), Vector256.Create(float.PositiveInfinity), result);
        // NaN compares false everywhere above: give it back unchanged.
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), result, x);
    }

    /// <summary>1 / (1 + e^-x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x) => Vector256<float>.One / (Vector256<float>.One + Exp(-x));

    /// <summary>tanh(x) = sign(x)·(1 - e^(-2|x|)) / (1 + e^(-2|x|)); the absolute error stays below 2e-7.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        Vector256<float> e = Exp(Vector256.Abs(x) * Vector256.Create(-2f));
        Vector256<float> t = (Vector256<float>.One - e) / (Vector256<float>.One + e);
        Vector256<float> sign = x & Vector256.Create(-0f);
        return t | sign;
    }

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
        Vector512<float> clamped = Vector512.Min(Vector512.Max(x, Vector512.Create(ExpLow)), Vector512.Create(ExpHigh));
        // x = n·ln2 + r with |r| <= ln2/2; ln2 split in two so that n·ln2 is exact (Cody–Waite).
        Vector512<float> n = Vector512.Floor(MultiplyAdd(clamped, Vector512.Create(Log2E), Vector512.Create(0.5f)));
        Vector512<float> r = MultiplyAdd(n, Vector512.Create(-Ln2High), clamped);
        r = MultiplyAdd(n, Vector512.Create(-Ln2Low), r);
        Vector512<float> p = Vector512.Create(ExpP0);
        p = MultiplyAdd(p, r, Vector512.Create(ExpP1));
        p = MultiplyAdd(p, r, Vector512.Create(ExpP2));
        p = MultiplyAdd(p, r, Vector512.Create(ExpP3));
        p = MultiplyAdd(p, r, Vector512.Create(ExpP4));
        p = MultiplyAdd(p, r, Vector512.Create(ExpP5));
        p = MultiplyAdd(p, r * r, r + Vector512<float>.One);
        Vector512<int> bits = Vector512.ShiftLeft(Vector512.ConvertToInt32(n) + Vector512.Create(127), 23);
        Vector512<float> result = p * bits.AsSingle();
        result = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(ExpLow)), Vector512<float>.Zero, result);
        result = Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(ExpHigh)), Vector512.Create(float.PositiveInfinity), result);
        // NaN compares false everywhere above: give it back unchanged.
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), result, x);
    }

    /// <summary>1 / (1 + e^-x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x) => Vector512<float>.One / (Vector512<float>.One + Exp(-x));

    /// <summary>tanh(x) = sign(x)·(1 - e^(-2|x|)) / (1 + e^(-2|x|)); the absolute error stays below 2e-7.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x)
    {
        Vector512<float> e = Exp(Vector512.Abs(x) * Vector512.Create(-2f));
        Vector512<float> t = (Vector512<float>.One - e) / (Vector512<float>.One + e);
        Vector512<float> sign = x & Vector512.Create(-0f);
        return t | sign;
    }
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
