using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Neo.Runtime.Kernels;

/// <summary>f(x) = x/2 · (1 + erf(x/√2)): GELU as PyTorch's exporter decomposes it (Div, Erf, Add, Mul, Mul).</summary>
public readonly struct FusedGelu : IUnaryOperator
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => 0.5f * x * (1f + ErfMath.Erf(x * 0.70710677f));

    /// <summary>The function on each lane of a 128-bit vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => LaneByLane.Apply(this, x);

    /// <summary>The function on each lane of a 256-bit vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => LaneByLane.Apply(this, x);

    /// <summary>The function on each lane of a 512-bit vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => LaneByLane.Apply(this, x);
}

/// <summary>f(x) = x/2 · (1 + tanh(√(2/π) · (x + 0.044715·x³))): GELU's tanh approximation.</summary>
public readonly struct FusedGeluTanh : IUnaryOperator
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => 0.5f * x * (1f + MathF.Tanh(0.7978845608f * (x + (0.044715f * x * x * x))));

    /// <summary>The function on each lane of a 128-bit vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => LaneByLane.Apply(this, x);

    /// <summary>The function on each lane of a 256-bit vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => LaneByLane.Apply(this, x);

    /// <summary>The function on each lane of a 512-bit vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => LaneByLane.Apply(this, x);
}
