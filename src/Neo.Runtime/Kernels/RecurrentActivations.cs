using System;
using System.Runtime.CompilerServices;

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
}
