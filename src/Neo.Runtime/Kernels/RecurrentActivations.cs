using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Neo.Runtime.Kernels;

/// <summary>f(x) = alpha·x + beta: the Affine activation of ONNX's recurrent layers.</summary>
public readonly struct Affine : IUnaryOperator
{
    private readonly float _alpha, _beta;

    /// <summary>Creates the operator.</summary>
    public Affine(float alpha, float beta)
    {
        _alpha = alpha;
        _beta = beta;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => (_alpha * x) + _beta;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => VectorMath.MultiplyAdd(x, Vector128.Create(_alpha), Vector128.Create(_beta));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => VectorMath.MultiplyAdd(x, Vector256.Create(_alpha), Vector256.Create(_beta));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => VectorMath.MultiplyAdd(x, Vector512.Create(_alpha), Vector512.Create(_beta));
}

/// <summary>f(x) = alpha·tanh(beta·x): the ScaledTanh activation of ONNX's recurrent layers.</summary>
public readonly struct ScaledTanh : IUnaryOperator
{
    private readonly float _alpha, _beta;

    /// <summary>Creates the operator.</summary>
    public ScaledTanh(float alpha, float beta)
    {
        _alpha = alpha;
        _beta = beta;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => _alpha * MathF.Tanh(_beta * x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => VectorMath.Tanh(x * _beta) * _alpha;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => VectorMath.Tanh(x * _beta) * _alpha;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => VectorMath.Tanh(x * _beta) * _alpha;
}
