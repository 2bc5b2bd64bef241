using System;
using System.Runtime.CompilerServices;

namespace Neo.Runtime.Kernels;

/// <summary>
/// Elementwise functions over double, float16 and integer tensors (float32 runs on <see cref="Elementwise"/>).
/// float16 is computed in float32 and rounded back, as ONNX Runtime does.
/// </summary>
public static class Numeric
{
    /// <summary>y[i] = op(x[i]) for an element type with its own operator (double, the integer types, bool).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Unary<T, TOp>(ReadOnlySpan<T> x, Span<T> y, TOp op)
        where TOp : struct, IUnaryOperator<T>
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = op.Invoke(x[i]);
        }
    }

    /// <summary>y[i] = op(x[i]) for float16, computed in float32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void UnaryHalf<TOp>(ReadOnlySpan<Half> x, Span<Half> y, TOp op)
        where TOp : struct, IUnaryOperator
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = (Half)op.Invoke((float)x[i]);
        }
    }

    /// <summary>y[i] = test(x[i]): IsNaN, IsInf.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Test<T, TOp>(ReadOnlySpan<T> x, Span<bool> y, TOp test)
        where TOp : struct, IPredicate<T>
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = test.Invoke(x[i]);
        }
    }
}
