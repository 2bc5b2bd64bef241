using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Neo.Runtime.Kernels;

/// <summary>
/// f(x) = x · sigmoid(x) = x / (1 + e^-x): SiLU, also called Swish. The vector forms take e^-x on -x clamped to the
/// exponential's finite range, as <see cref="VectorMath.Sigmoid(Vector512{float})"/> does: below x = -88.7 the result
/// is x / 3.4e38 (a few 1e-37 from 0) instead of -0, and -∞ gives -∞ instead of NaN; NaN stays NaN.
/// </summary>
public readonly struct Silu : IUnaryOperator
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => x / (1f + MathF.Exp(-x));

    /// <summary>The function on each lane of a 128-bit vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => x / (Vector128<float>.One + VectorMath.ExpOfNegated(x));

    /// <summary>The function on each lane of a 256-bit vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => x / (Vector256<float>.One + VectorMath.ExpOfNegated(x));

    /// <summary>The function on each lane of a 512-bit vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => x / (Vector512<float>.One + VectorMath.ExpOfNegated(x));
}
