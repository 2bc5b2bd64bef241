using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Neo.Runtime.Kernels;

/// <summary>f(x) = sin(x).</summary>
public readonly struct Sin : IUnaryOperator, IUnaryOperator<double>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => MathF.Sin(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => Math.Sin(x);

    /// <inheritdoc />
    public Vector128<float> Invoke(Vector128<float> x) => LaneWise.Apply(this, x);

    /// <inheritdoc />
    public Vector256<float> Invoke(Vector256<float> x) => LaneWise.Apply(this, x);

    /// <inheritdoc />
    public Vector512<float> Invoke(Vector512<float> x) => LaneWise.Apply(this, x);
}

/// <summary>f(x) = cos(x).</summary>
public readonly struct Cos : IUnaryOperator, IUnaryOperator<double>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => MathF.Cos(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => Math.Cos(x);

    /// <inheritdoc />
    public Vector128<float> Invoke(Vector128<float> x) => LaneWise.Apply(this, x);

    /// <inheritdoc />
    public Vector256<float> Invoke(Vector256<float> x) => LaneWise.Apply(this, x);

    /// <inheritdoc />
    public Vector512<float> Invoke(Vector512<float> x) => LaneWise.Apply(this, x);
}

/// <summary>f(x) = tan(x).</summary>
public readonly struct Tan : IUnaryOperator, IUnaryOperator<double>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => MathF.Tan(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => Math.Tan(x);

    /// <inheritdoc />
    public Vector128<float> Invoke(Vector128<float> x) => LaneWise.Apply(this, x);

    /// <inheritdoc />
    public Vector256<float> Invoke(Vector256<float> x) => LaneWise.Apply(this, x);

    /// <inheritdoc />
    public Vector512<float> Invoke(Vector512<float> x) => LaneWise.Apply(this, x);
}

/// <summary>f(x) = asin(x).</summary>
public readonly struct Asin : IUnaryOperator, IUnaryOperator<double>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => MathF.Asin(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => Math.Asin(x);

    /// <inheritdoc />
    public Vector128<float> Invoke(Vector128<float> x) => LaneWise.Apply(this, x);

    /// <inheritdoc />
    public Vector256<float> Invoke(Vector256<float> x) => LaneWise.Apply(this, x);

    /// <inheritdoc />
    public Vector512<float> Invoke(Vector512<float> x) => LaneWise.Apply(this, x);
}

/// <summary>f(x) = acos(x).</summary>
public readonly struct Acos : IUnaryOperator, IUnaryOperator<double>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => MathF.Acos(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => Math.Acos(x);

    /// <inheritdoc />
    public Vector128<float> Invoke(Vector128<float> x) => LaneWise.Apply(this, x);

    /// <inheritdoc />
    public Vector256<float> Invoke(Vector256<float> x) => LaneWise.Apply(this, x);

    /// <inheritdoc />
    public Vector512<float> Invoke(Vector512<float> x) => LaneWise.Apply(this, x);
}

/// <summary>f(x) = atan(x).</summary>
public readonly struct Atan : IUnaryOperator, IUnaryOperator<double>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => MathF.Atan(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => Math.Atan(x);

    /// <inheritdoc />
    public Vector128<float> Invoke(Vector128<float> x) => LaneWise.Apply(this, x);

    /// <inheritdoc />
    public Vector256<float> Invoke(Vector256<float> x) => LaneWise.Apply(this, x);

    /// <inheritdoc />
    public Vector512<float> Invoke(Vector512<float> x) => LaneWise.Apply(this, x);
}

/// <summary>f(x) = sinh(x).</summary>
public readonly struct Sinh : IUnaryOperator, IUnaryOperator<double>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => MathF.Sinh(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => Math.Sinh(x);

    /// <inheritdoc />
    public Vector128<float> Invoke(Vector128<float> x) => LaneWise.Apply(this, x);

    /// <inheritdoc />
    public Vector256<float> Invoke(Vector256<float> x) => LaneWise.Apply(this, x);

    /// <inheritdoc />
    public Vector512<float> Invoke(Vector512<float> x) => LaneWise.Apply(this, x);
}

/// <summary>f(x) = cosh(x).</summary>
public readonly struct Cosh : IUnaryOperator, IUnaryOperator<double>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => MathF.Cosh(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => Math.Cosh(x);

    /// <inheritdoc />
    public Vector128<float> Invoke(Vector128<float> x) => LaneWise.Apply(this, x);

    /// <inheritdoc />
    public Vector256<float> Invoke(Vector256<float> x) => LaneWise.Apply(this, x);

    /// <inheritdoc />
    public Vector512<float> Invoke(Vector512<float> x) => LaneWise.Apply(this, x);
}

/// <summary>f(x) = asinh(x).</summary>
public readonly struct Asinh : IUnaryOperator, IUnaryOperator<double>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => MathF.Asinh(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => Math.Asinh(x);

    /// <inheritdoc />
    public Vector128<float> Invoke(Vector128<float> x) => LaneWise.Apply(this, x);

    /// <inheritdoc />
    public Vector256<float> Invoke(Vector256<float> x) => LaneWise.Apply(this, x);

    /// <inheritdoc />
    public Vector512<float> Invoke(Vector512<float> x) => LaneWise.Apply(this, x);
}

/// <summary>f(x) = acosh(x).</summary>
public readonly struct Acosh : IUnaryOperator, IUnaryOperator<double>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => MathF.Acosh(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => Math.Acosh(x);

    /// <inheritdoc />
    public Vector128<float> Invoke(Vector128<float> x) => LaneWise.Apply(this, x);

    /// <inheritdoc />
    public Vector256<float> Invoke(Vector256<float> x) => LaneWise.Apply(this, x);

    /// <inheritdoc />
    public Vector512<float> Invoke(Vector512<float> x) => LaneWise.Apply(this, x);
}

/// <summary>f(x) = atanh(x).</summary>
public readonly struct Atanh : IUnaryOperator, IUnaryOperator<double>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => MathF.Atanh(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => Math.Atanh(x);

    /// <inheritdoc />
    public Vector128<float> Invoke(Vector128<float> x) => LaneWise.Apply(this, x);

    /// <inheritdoc />
    public Vector256<float> Invoke(Vector256<float> x) => LaneWise.Apply(this, x);

    /// <inheritdoc />
    public Vector512<float> Invoke(Vector512<float> x) => LaneWise.Apply(this, x);
}

/// <summary>f(x) = 1 / x.</summary>
public readonly struct Reciprocal : IUnaryOperator, IUnaryOperator<double>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => 1f / x;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => 1d / x;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => Vector128<float>.One / x;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => Vector256<float>.One / x;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => Vector512<float>.One / x;
}

/// <summary>f(x) = ⌈x⌉.</summary>
public readonly struct Ceil : IUnaryOperator, IUnaryOperator<double>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => MathF.Ceiling(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => Math.Ceiling(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => Vector128.Ceiling(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => Vector256.Ceiling(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => Vector512.Ceiling(x);
}

/// <summary>f(x) = ⌊x⌋.</summary>
public readonly struct Floor : IUnaryOperator, IUnaryOperator<double>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => MathF.Floor(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => Math.Floor(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => Vector128.Floor(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => Vector256.Floor(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => Vector512.Floor(x);
}

/// <summary>f(x) = x rounded to the nearest integer, halves to even (as ONNX Round).</summary>
public readonly struct Round : IUnaryOperator, IUnaryOperator<double>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => MathF.Round(x, MidpointRounding.ToEven);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => Math.Round(x, MidpointRounding.ToEven);

    /// <inheritdoc />
    public Vector128<float> Invoke(Vector128<float> x) => LaneWise.Apply(this, x);

    /// <inheritdoc />
    public Vector256<float> Invoke(Vector256<float> x) => LaneWise.Apply(this, x);

    /// <inheritdoc />
    public Vector512<float> Invoke(Vector512<float> x) => LaneWise.Apply(this, x);
}

/// <summary>f(x) = ln(1 + e^x), computed without overflow for large x.</summary>
public readonly struct Softplus : IUnaryOperator, IUnaryOperator<double>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => x > 20f ? x + MathF.Log(1f + MathF.Exp(-x)) : MathF.Log(1f + MathF.Exp(x));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => x > 30d ? x + Math.Log(1d + Math.Exp(-x)) : Math.Log(1d + Math.Exp(x));

    /// <inheritdoc />
    public Vector128<float> Invoke(Vector128<float> x) => LaneWise.Apply(this, x);

    /// <inheritdoc />
    public Vector256<float> Invoke(Vector256<float> x) => LaneWise.Apply(this, x);

    /// <inheritdoc />
    public Vector512<float> Invoke(Vector512<float> x) => LaneWise.Apply(this, x);
}

/// <summary>f(x) = x / (1 + |x|).</summary>
public readonly struct Softsign : IUnaryOperator, IUnaryOperator<double>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => x / (1f + MathF.Abs(x));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => x / (1d + Math.Abs(x));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => x / (Vector128<float>.One + Vector128.Abs(x));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => x / (Vector256<float>.One + Vector256.Abs(x));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => x / (Vector512<float>.One + Vector512.Abs(x));
}

/// <summary>f(x) = x · tanh(softplus(x)).</summary>
public readonly struct Mish : IUnaryOperator, IUnaryOperator<double>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => x * MathF.Tanh(x > 20f ? x : MathF.Log(1f + MathF.Exp(x)));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => x * Math.Tanh(x > 30d ? x : Math.Log(1d + Math.Exp(x)));

    /// <inheritdoc />
    public Vector128<float> Invoke(Vector128<float> x) => LaneWise.Apply(this, x);

    /// <inheritdoc />
    public Vector256<float> Invoke(Vector256<float> x) => LaneWise.Apply(this, x);

    /// <inheritdoc />
    public Vector512<float> Invoke(Vector512<float> x) => LaneWise.Apply(this, x);
}

/// <summary>f(x) = −1, 0 or 1 by the sign of x (NaN stays NaN).</summary>
public readonly struct Sign : IUnaryOperator, IUnaryOperator<double>, IUnaryOperator<long>, IUnaryOperator<int>, IUnaryOperator<short>, IUnaryOperator<sbyte>, IUnaryOperator<byte>, IUnaryOperator<ushort>, IUnaryOperator<uint>, IUnaryOperator<ulong>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => x > 0f ? 1f : x < 0f ? -1f : x;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => x > 0d ? 1d : x < 0d ? -1d : x;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Invoke(long x) => (long)(x > 0 ? 1 : x < 0 ? -1 : 0);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Invoke(int x) => (int)(x > 0 ? 1 : x < 0 ? -1 : 0);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public short Invoke(short x) => (short)(x > 0 ? 1 : x < 0 ? -1 : 0);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public sbyte Invoke(sbyte x) => (sbyte)(x > 0 ? 1 : x < 0 ? -1 : 0);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte Invoke(byte x) => (byte)(x > 0 ? 1 : 0);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ushort Invoke(ushort x) => (ushort)(x > 0 ? 1 : 0);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Invoke(uint x) => (uint)(x > 0 ? 1 : 0);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Invoke(ulong x) => (ulong)(x > 0 ? 1 : 0);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<float>.Zero), Vector128<float>.One, Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128<float>.Zero), Vector128.Create(-1f), x));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), Vector256<float>.One, Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), Vector256.Create(-1f), x));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), Vector512<float>.One, Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<float>.Zero), Vector512.Create(-1f), x));
}

/// <summary>f(x) = x ≥ 0 ? x : alpha·(e^x − 1).</summary>
public readonly struct Elu : IUnaryOperator, IUnaryOperator<double>
{
    private readonly float _alpha;

    /// <summary>Creates the operator.</summary>
    public Elu(float alpha)
    {
        _alpha = alpha;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => x >= 0f ? x : _alpha * (MathF.Exp(x) - 1f);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => x >= 0d ? x : _alpha * (Math.Exp(x) - 1d);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(x, Vector128<float>.Zero), x, Vector128.Create(_alpha) * (VectorMath.Exp(x) - Vector128<float>.One));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256<float>.Zero), x, Vector256.Create(_alpha) * (VectorMath.Exp(x) - Vector256<float>.One));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, Vector512<float>.Zero), x, Vector512.Create(_alpha) * (VectorMath.Exp(x) - Vector512<float>.One));
}

/// <summary>f(x) = gamma·(x &gt; 0 ? x : alpha·(e^x − 1)).</summary>
public readonly struct Selu : IUnaryOperator, IUnaryOperator<double>
{
    private readonly float _alpha;
    private readonly float _gamma;

    /// <summary>Creates the operator.</summary>
    public Selu(float alpha, float gamma)
    {
        _alpha = alpha;
        _gamma = gamma;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => _gamma * (x > 0f ? x : _alpha * (MathF.Exp(x) - 1f));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => _gamma * (x > 0d ? x : _alpha * (Math.Exp(x) - 1d));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => Vector128.Create(_gamma) * Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128<float>.Zero), x, Vector128.Create(_alpha) * (VectorMath.Exp(x) - Vector128<float>.One));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => Vector256.Create(_gamma) * Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), x, Vector256.Create(_alpha) * (VectorMath.Exp(x) - Vector256<float>.One));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => Vector512.Create(_gamma) * Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), x, Vector512.Create(_alpha) * (VectorMath.Exp(x) - Vector512<float>.One));
}

/// <summary>f(x) = max(0, x) + min(0, alpha·(e^(x/alpha) − 1)).</summary>
public readonly struct Celu : IUnaryOperator, IUnaryOperator<double>
{
    private readonly float _alpha;

    /// <summary>Creates the operator.</summary>
    public Celu(float alpha)
    {
        _alpha = alpha;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => MathF.Max(0f, x) + MathF.Min(0f, _alpha * (MathF.Exp(x / _alpha) - 1f));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => Math.Max(0d, x) + Math.Min(0d, _alpha * (Math.Exp(x / _alpha) - 1d));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => Vector128.Max(Vector128<float>.Zero, x) + Vector128.Min(Vector128<float>.Zero, Vector128.Create(_alpha) * (VectorMath.Exp(x / Vector128.Create(_alpha)) - Vector128<float>.One));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => Vector256.Max(Vector256<float>.Zero, x) + Vector256.Min(Vector256<float>.Zero, Vector256.Create(_alpha) * (VectorMath.Exp(x / Vector256.Create(_alpha)) - Vector256<float>.One));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => Vector512.Max(Vector512<float>.Zero, x) + Vector512.Min(Vector512<float>.Zero, Vector512.Create(_alpha) * (VectorMath.Exp(x / Vector512.Create(_alpha)) - Vector512<float>.One));
}

/// <summary>f(x) = x &gt; alpha ? x : 0.</summary>
public readonly struct ThresholdedRelu : IUnaryOperator, IUnaryOperator<double>
{
    private readonly float _alpha;

    /// <summary>Creates the operator.</summary>
    public ThresholdedRelu(float alpha)
    {
        _alpha = alpha;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => x > _alpha ? x : 0f;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => x > _alpha ? x : 0d;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => x & Vector128.GreaterThan(x, Vector128.Create(_alpha));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => x & Vector256.GreaterThan(x, Vector256.Create(_alpha));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => x & Vector512.GreaterThan(x, Vector512.Create(_alpha));
}

/// <summary>f(x) = x &lt; −lambd ? x + bias : x &gt; lambd ? x − bias : 0.</summary>
public readonly struct Shrink : IUnaryOperator, IUnaryOperator<double>
{
    private readonly float _bias;
    private readonly float _lambd;

    /// <summary>Creates the operator.</summary>
    public Shrink(float bias, float lambd)
    {
        _bias = bias;
        _lambd = lambd;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => x < -_lambd ? x + _bias : x > _lambd ? x - _bias : 0f;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => x < -_lambd ? x + _bias : x > _lambd ? x - _bias : 0d;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128.Create(-_lambd)), x + Vector128.Create(_bias), Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128.Create(_lambd)), x - Vector128.Create(_bias), Vector128<float>.Zero));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(-_lambd)), x + Vector256.Create(_bias), Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(_lambd)), x - Vector256.Create(_bias), Vector256<float>.Zero));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(-_lambd)), x + Vector512.Create(_bias), Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(_lambd)), x - Vector512.Create(_bias), Vector512<float>.Zero));
}

/// <summary>f(x) = alpha·x + beta (ONNX ScaledTanh and Affine-style scaling; also Mean's final 1/n).</summary>
public readonly struct Scale : IUnaryOperator, IUnaryOperator<double>
{
    private readonly float _alpha;
    private readonly float _beta;

    /// <summary>Creates the operator.</summary>
    public Scale(float alpha, float beta)
    {
        _alpha = alpha;
        _beta = beta;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => (_alpha * x) + _beta;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => (_alpha * x) + _beta;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => (Vector128.Create(_alpha) * x) + Vector128.Create(_beta);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => (Vector256.Create(_alpha) * x) + Vector256.Create(_beta);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => (Vector512.Create(_alpha) * x) + Vector512.Create(_beta);
}

/// <summary>f(x) = x·Φ(x), the exact GELU: x/2·(1 + erf(x/√2)).</summary>
public readonly struct Gelu : IUnaryOperator, IUnaryOperator<double>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => VectorMath.Gelu(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => 0.5d * x * (1d + ErfMath.Erf(x * 0.70710678118654752d));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => VectorMath.Gelu(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => VectorMath.Gelu(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => VectorMath.Gelu(x);
}

/// <summary>f(x) = x/2·(1 + tanh(√(2/π)·(x + 0.044715·x³))), GELU's tanh approximation.</summary>
public readonly struct GeluTanh : IUnaryOperator, IUnaryOperator<double>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => VectorMath.GeluTanh(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => 0.5d * x * (1d + Math.Tanh(0.7978845608028654d * (x + (0.044715d * x * x * x))));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => VectorMath.GeluTanh(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => VectorMath.GeluTanh(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => VectorMath.GeluTanh(x);
}

/// <summary>f(x) = ¬x for booleans.</summary>
public readonly struct Not : IUnaryOperator<bool>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(bool x) => !x;
}
