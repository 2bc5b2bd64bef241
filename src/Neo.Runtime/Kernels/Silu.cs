using System;
using System.Runtime.CompilerServices;

namespace Neo.Runtime.Kernels;

/// <summary>f(x) = x · sigmoid(x) = x / (1 + e^-x): SiLU, also called Swish.</summary>
public readonly struct Silu : IUnaryOperator
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => x / (1f + MathF.Exp(-x));
}
