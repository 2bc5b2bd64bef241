using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Neo.Runtime.Kernels;

/// <summary>
/// A function applied to each element. Kernels take one as a struct generic argument, so the JIT
/// compiles one specialized loop per operator (and per fused chain); fields carry parameters.
/// </summary>
/// <remarks>
/// Each operator also computes its function on whole vectors (TensorPrimitives style), so kernels and fused
/// chains run one vector at a time: drivers take the widest accelerated width, then narrower ones, then the
/// scalar <see cref="Invoke(float)"/> for the tail. An operator with no vector formula forwards to
/// <see cref="LaneWise"/>, which applies the scalar function lane by lane.
/// </remarks>
public interface IUnaryOperator
{
    /// <summary>The function on one element.</summary>
    float Invoke(float x);

    /// <summary>The function on each lane of a 128-bit vector.</summary>
    Vector128<float> Invoke(Vector128<float> x);

    /// <summary>The function on each lane of a 256-bit vector.</summary>
    Vector256<float> Invoke(Vector256<float> x);

    /// <summary>The function on each lane of a 512-bit vector.</summary>
    Vector512<float> Invoke(Vector512<float> x);

    /// <summary>
    /// True when the vector form needs at most a register or two of its own (identity, ReLU, clipping), so a
    /// GEMM tile can apply it to its twelve accumulators in place; heavier functions (GELU, sigmoid) are applied
    /// one tile row at a time so they do not spill.
    /// </summary>
    static virtual bool IsCheap => false;
}

/// <summary>
/// A function applied to each element of a tensor of element type <typeparamref name="T"/> (double and the
/// integer types; float32 uses <see cref="IUnaryOperator"/>, and float16 computes in float32 through it).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public interface IUnaryOperator<T>
{
    /// <summary>The function on one element.</summary>
    T Invoke(T x);
}

/// <summary>A function of two elements, for a given element type.</summary>
public interface IBinaryOperator<T>
{
    /// <summary>The function on one pair of elements.</summary>
    T Invoke(T a, T b);
}

/// <summary>f(x) = x. The epilogue of a kernel with nothing fused.</summary>
public readonly struct Identity : IUnaryOperator
{
    /// <inheritdoc />
    public static bool IsCheap => true;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => x;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => x;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => x;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => x;
}

/// <summary>f(x) = max(x, 0).</summary>
public readonly struct Relu : IUnaryOperator, IUnaryOperator<double>, IUnaryOperator<long>, IUnaryOperator<int>, IUnaryOperator<short>, IUnaryOperator<sbyte>
{
    /// <inheritdoc />
    public static bool IsCheap => true;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => x > 0f ? x : 0f;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => x & Vector128.GreaterThan(x, Vector128<float>.Zero);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => x & Vector256.GreaterThan(x, Vector256<float>.Zero);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => x & Vector512.GreaterThan(x, Vector512<float>.Zero);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => x > 0d ? x : 0d;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Invoke(long x) => x > 0 ? x : (long)0;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Invoke(int x) => x > 0 ? x : (int)0;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public short Invoke(short x) => x > 0 ? x : (short)0;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public sbyte Invoke(sbyte x) => x > 0 ? x : (sbyte)0;
}

/// <summary>f(x) = min(max(x, min), max). NaN stays NaN, as ONNX Runtime computes it.</summary>
public readonly struct Clip : IUnaryOperator, IUnaryOperator<double>, IUnaryOperator<long>, IUnaryOperator<int>, IUnaryOperator<short>, IUnaryOperator<sbyte>, IUnaryOperator<byte>, IUnaryOperator<ushort>, IUnaryOperator<uint>, IUnaryOperator<ulong>
{
    /// <inheritdoc />
    public static bool IsCheap => true;

    private readonly float _min, _max;

    /// <summary>Creates the operator.</summary>
    public Clip(float min, float max)
    {
        _min = min;
        _max = max;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => x < _min ? _min : x > _max ? _max : x;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128.Create(_min)), Vector128.Create(_min), Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128.Create(_max)), Vector128.Create(_max), x));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(_min)), Vector256.Create(_min), Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(_max)), Vector256.Create(_max), x));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(_min)), Vector512.Create(_min), Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(_max)), Vector512.Create(_max), x));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => x < _min ? _min : x > _max ? _max : x;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Invoke(long x) => x < _min ? (long)_min : x > _max ? (long)_max : x;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Invoke(int x) => x < _min ? (int)_min : x > _max ? (int)_max : x;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public short Invoke(short x) => x < _min ? (short)_min : x > _max ? (short)_max : x;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public sbyte Invoke(sbyte x) => x < _min ? (sbyte)_min : x > _max ? (sbyte)_max : x;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte Invoke(byte x) => x < _min ? (byte)_min : x > _max ? (byte)_max : x;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ushort Invoke(ushort x) => x < _min ? (ushort)_min : x > _max ? (ushort)_max : x;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Invoke(uint x) => x < _min ? (uint)_min : x > _max ? (uint)_max : x;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Invoke(ulong x) => x < _min ? (ulong)_min : x > _max ? (ulong)_max : x;
}

/// <summary>f(x) = x ≥ 0 ? x : alpha·x.</summary>
public readonly struct LeakyRelu : IUnaryOperator, IUnaryOperator<double>
{
    /// <inheritdoc />
    public static bool IsCheap => true;

    private readonly float _alpha;

    /// <summary>Creates the operator.</summary>
    public LeakyRelu(float alpha) => _alpha = alpha;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => x >= 0f ? x : _alpha * x;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => Vector128.ConditionalSelect(Vector128.GreaterThanOrEqual(x, Vector128<float>.Zero), x, x * _alpha);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256<float>.Zero), x, x * _alpha);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, Vector512<float>.Zero), x, x * _alpha);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => x >= 0d ? x : _alpha * x;
}

/// <summary>f(x) = 1 / (1 + e^-x).</summary>
public readonly struct Sigmoid : IUnaryOperator, IUnaryOperator<double>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => 1f / (1f + MathF.Exp(-x));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => VectorMath.Sigmoid(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => VectorMath.Sigmoid(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => VectorMath.Sigmoid(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => 1d / (1d + Math.Exp(-x));
}

/// <summary>f(x) = tanh(x).</summary>
public readonly struct Tanh : IUnaryOperator, IUnaryOperator<double>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => MathF.Tanh(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => VectorMath.Tanh(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => VectorMath.Tanh(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => VectorMath.Tanh(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => Math.Tanh(x);
}

/// <summary>f(x) = max(0, min(1, alpha·x + beta)).</summary>
public readonly struct HardSigmoid : IUnaryOperator, IUnaryOperator<double>
{
    private readonly float _alpha, _beta;

    /// <summary>Creates the operator.</summary>
    public HardSigmoid(float alpha, float beta)
    {
        _alpha = alpha;
        _beta = beta;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => MathF.Max(0f, MathF.Min(1f, (_alpha * x) + _beta));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => Vector128.Max(Vector128<float>.Zero, Vector128.Min(Vector128<float>.One, VectorMath.MultiplyAdd(x, Vector128.Create(_alpha), Vector128.Create(_beta))));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => Vector256.Max(Vector256<float>.Zero, Vector256.Min(Vector256<float>.One, VectorMath.MultiplyAdd(x, Vector256.Create(_alpha), Vector256.Create(_beta))));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => Vector512.Max(Vector512<float>.Zero, Vector512.Min(Vector512<float>.One, VectorMath.MultiplyAdd(x, Vector512.Create(_alpha), Vector512.Create(_beta))));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => Math.Max(0d, Math.Min(1d, (_alpha * x) + _beta));
}

/// <summary>f(x) = x · max(0, min(1, x/6 + 1/2)).</summary>
public readonly struct HardSwish : IUnaryOperator, IUnaryOperator<double>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => x * MathF.Max(0f, MathF.Min(1f, (x * (1f / 6f)) + 0.5f));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => x * Vector128.Max(Vector128<float>.Zero, Vector128.Min(Vector128<float>.One, VectorMath.MultiplyAdd(x, Vector128.Create(1f / 6f), Vector128.Create(0.5f))));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => x * Vector256.Max(Vector256<float>.Zero, Vector256.Min(Vector256<float>.One, VectorMath.MultiplyAdd(x, Vector256.Create(1f / 6f), Vector256.Create(0.5f))));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => x * Vector512.Max(Vector512<float>.Zero, Vector512.Min(Vector512<float>.One, VectorMath.MultiplyAdd(x, Vector512.Create(1f / 6f), Vector512.Create(0.5f))));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => x * Math.Max(0d, Math.Min(1d, (x / 6d) + 0.5d));
}

/// <summary>f(x) = sqrt(x).</summary>
public readonly struct Sqrt : IUnaryOperator, IUnaryOperator<double>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => MathF.Sqrt(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => Vector128.Sqrt(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => Vector256.Sqrt(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => Vector512.Sqrt(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => Math.Sqrt(x);
}

/// <summary>f(x) = -x.</summary>
public readonly struct Neg : IUnaryOperator, IUnaryOperator<double>, IUnaryOperator<long>, IUnaryOperator<int>, IUnaryOperator<short>, IUnaryOperator<sbyte>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => -x;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => -x;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => -x;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => -x;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => -x;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Invoke(long x) => (long)(-x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Invoke(int x) => (int)(-x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public short Invoke(short x) => (short)(-x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public sbyte Invoke(sbyte x) => (sbyte)(-x);
}

/// <summary>f(x) = e^x.</summary>
public readonly struct Exp : IUnaryOperator, IUnaryOperator<double>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => MathF.Exp(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => VectorMath.Exp(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => VectorMath.Exp(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => VectorMath.Exp(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => Math.Exp(x);
}

/// <summary>f(x) = ln(x).</summary>
public readonly struct Log : IUnaryOperator, IUnaryOperator<double>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => MathF.Log(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
#if NET9_0_OR_GREATER
    public Vector128<float> Invoke(Vector128<float> x) => Vector128.Log(x);
#else
    public Vector128<float> Invoke(Vector128<float> x) => LaneWise.Apply(this, x);
#endif

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
#if NET9_0_OR_GREATER
    public Vector256<float> Invoke(Vector256<float> x) => Vector256.Log(x);
#else
    public Vector256<float> Invoke(Vector256<float> x) => LaneWise.Apply(this, x);
#endif

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
#if NET9_0_OR_GREATER
    public Vector512<float> Invoke(Vector512<float> x) => Vector512.Log(x);
#else
    public Vector512<float> Invoke(Vector512<float> x) => LaneWise.Apply(this, x);
#endif

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => Math.Log(x);
}

/// <summary>f(x) = |x|.</summary>
public readonly struct Abs : IUnaryOperator, IUnaryOperator<double>, IUnaryOperator<long>, IUnaryOperator<int>, IUnaryOperator<short>, IUnaryOperator<sbyte>, IUnaryOperator<byte>, IUnaryOperator<ushort>, IUnaryOperator<uint>, IUnaryOperator<ulong>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => MathF.Abs(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => Vector128.Abs(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => Vector256.Abs(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => Vector512.Abs(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => Math.Abs(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Invoke(long x) => (long)(x < 0 ? -x : x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Invoke(int x) => (int)(x < 0 ? -x : x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public short Invoke(short x) => (short)(x < 0 ? -x : x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public sbyte Invoke(sbyte x) => (sbyte)(x < 0 ? -x : x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte Invoke(byte x) => x;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ushort Invoke(ushort x) => x;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Invoke(uint x) => x;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Invoke(ulong x) => x;
}

/// <summary>f(x) = erf(x) to within 1.2e-7 absolute (<see cref="VectorMath.Erf(Vector256{float})"/>; double keeps a double-precision form).</summary>
public readonly struct Erf : IUnaryOperator, IUnaryOperator<double>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => VectorMath.Erf(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => VectorMath.Erf(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => VectorMath.Erf(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => VectorMath.Erf(x);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double x) => ErfMath.Erf(x);
}

/// <summary>a + b.</summary>
public readonly struct Add : IBinaryOperator<float>, IBinaryOperator<double>, IBinaryOperator<long>, IBinaryOperator<int>, IBinaryOperator<Half>, IBinaryOperator<short>, IBinaryOperator<sbyte>, IBinaryOperator<byte>, IBinaryOperator<ushort>, IBinaryOperator<uint>, IBinaryOperator<ulong>
{
    /// <inheritdoc />
    public float Invoke(float a, float b) => a + b;

    /// <inheritdoc />
    public double Invoke(double a, double b) => a + b;

    /// <inheritdoc />
    public long Invoke(long a, long b) => a + b;

    /// <inheritdoc />
    public int Invoke(int a, int b) => a + b;

    /// <inheritdoc />
    public Half Invoke(Half a, Half b) => (Half)((float)a + (float)b);

    /// <inheritdoc />
    public short Invoke(short a, short b) => (short)(a + b);

    /// <inheritdoc />
    public sbyte Invoke(sbyte a, sbyte b) => (sbyte)(a + b);

    /// <inheritdoc />
    public byte Invoke(byte a, byte b) => (byte)(a + b);

    /// <inheritdoc />
    public ushort Invoke(ushort a, ushort b) => (ushort)(a + b);

    /// <inheritdoc />
    public uint Invoke(uint a, uint b) => a + b;

    /// <inheritdoc />
    public ulong Invoke(ulong a, ulong b) => a + b;
}

/// <summary>a - b.</summary>
public readonly struct Sub : IBinaryOperator<float>, IBinaryOperator<double>, IBinaryOperator<long>, IBinaryOperator<int>, IBinaryOperator<Half>, IBinaryOperator<short>, IBinaryOperator<sbyte>, IBinaryOperator<byte>, IBinaryOperator<ushort>, IBinaryOperator<uint>, IBinaryOperator<ulong>
{
    /// <inheritdoc />
    public float Invoke(float a, float b) => a - b;

    /// <inheritdoc />
    public double Invoke(double a, double b) => a - b;

    /// <inheritdoc />
    public long Invoke(long a, long b) => a - b;

    /// <inheritdoc />
    public int Invoke(int a, int b) => a - b;

    /// <inheritdoc />
    public Half Invoke(Half a, Half b) => (Half)((float)a - (float)b);

    /// <inheritdoc />
    public short Invoke(short a, short b) => (short)(a - b);

    /// <inheritdoc />
    public sbyte Invoke(sbyte a, sbyte b) => (sbyte)(a - b);

    /// <inheritdoc />
    public byte Invoke(byte a, byte b) => (byte)(a - b);

    /// <inheritdoc />
    public ushort Invoke(ushort a, ushort b) => (ushort)(a - b);

    /// <inheritdoc />
    public uint Invoke(uint a, uint b) => a - b;

    /// <inheritdoc />
    public ulong Invoke(ulong a, ulong b) => a - b;
}

/// <summary>a · b.</summary>
public readonly struct Mul : IBinaryOperator<float>, IBinaryOperator<double>, IBinaryOperator<long>, IBinaryOperator<int>, IBinaryOperator<Half>, IBinaryOperator<short>, IBinaryOperator<sbyte>, IBinaryOperator<byte>, IBinaryOperator<ushort>, IBinaryOperator<uint>, IBinaryOperator<ulong>
{
    /// <inheritdoc />
    public float Invoke(float a, float b) => a * b;

    /// <inheritdoc />
    public double Invoke(double a, double b) => a * b;

    /// <inheritdoc />
    public long Invoke(long a, long b) => a * b;

    /// <inheritdoc />
    public int Invoke(int a, int b) => a * b;

    /// <inheritdoc />
    public Half Invoke(Half a, Half b) => (Half)((float)a * (float)b);

    /// <inheritdoc />
    public short Invoke(short a, short b) => (short)(a * b);

    /// <inheritdoc />
    public sbyte Invoke(sbyte a, sbyte b) => (sbyte)(a * b);

    /// <inheritdoc />
    public byte Invoke(byte a, byte b) => (byte)(a * b);

    /// <inheritdoc />
    public ushort Invoke(ushort a, ushort b) => (ushort)(a * b);

    /// <inheritdoc />
    public uint Invoke(uint a, uint b) => a * b;

    /// <inheritdoc />
    public ulong Invoke(ulong a, ulong b) => a * b;
}

/// <summary>a / b; integer division truncates toward zero, as ONNX specifies.</summary>
public readonly struct Div : IBinaryOperator<float>, IBinaryOperator<double>, IBinaryOperator<long>, IBinaryOperator<int>, IBinaryOperator<Half>, IBinaryOperator<short>, IBinaryOperator<sbyte>, IBinaryOperator<byte>, IBinaryOperator<ushort>, IBinaryOperator<uint>, IBinaryOperator<ulong>
{
    /// <inheritdoc />
    public float Invoke(float a, float b) => a / b;

    /// <inheritdoc />
    public double Invoke(double a, double b) => a / b;

    /// <inheritdoc />
    public long Invoke(long a, long b) => b == 0 ? 0 : a / b;

    /// <inheritdoc />
    public int Invoke(int a, int b) => b == 0 ? 0 : a / b;

    /// <inheritdoc />
    public Half Invoke(Half a, Half b) => (Half)((float)a / (float)b);

    /// <inheritdoc />
    public short Invoke(short a, short b) => b == 0 ? (short)0 : (short)(a / b);

    /// <inheritdoc />
    public sbyte Invoke(sbyte a, sbyte b) => b == 0 ? (sbyte)0 : (sbyte)(a / b);

    /// <inheritdoc />
    public byte Invoke(byte a, byte b) => b == 0 ? (byte)0 : (byte)(a / b);

    /// <inheritdoc />
    public ushort Invoke(ushort a, ushort b) => b == 0 ? (ushort)0 : (ushort)(a / b);

    /// <inheritdoc />
    public uint Invoke(uint a, uint b) => b == 0 ? (uint)0 : (uint)(a / b);

    /// <inheritdoc />
    public ulong Invoke(ulong a, ulong b) => b == 0 ? (ulong)0 : (ulong)(a / b);
}

/// <summary>a^b.</summary>
public readonly struct Pow : IBinaryOperator<float>, IBinaryOperator<double>, IBinaryOperator<Half>, IBinaryOperator<long>, IBinaryOperator<int>
{
    /// <inheritdoc />
    public float Invoke(float a, float b) => b == 2f ? a * a : b == 0.5f ? MathF.Sqrt(a) : MathF.Pow(a, b);

    /// <inheritdoc />
    public double Invoke(double a, double b) => Math.Pow(a, b);

    /// <inheritdoc />
    public Half Invoke(Half a, Half b) => (Half)MathF.Pow((float)a, (float)b);

    /// <inheritdoc />
    public long Invoke(long a, long b) => (long)Math.Pow(a, b);

    /// <inheritdoc />
    public int Invoke(int a, int b) => (int)Math.Pow(a, b);
}

/// <summary>erf in double precision, for double tensors (float32 uses <see cref="VectorMath.Erf(float)"/>).</summary>
public static class ErfMath
{
    /// <summary>erf(x) for float32, the same function as the float32 kernels compute.</summary>
    public static float Erf(float x) => VectorMath.Erf(x);

    /// <summary>erf(x) in double, with a relative error below 1.2e-7.</summary>
    public static double Erf(double x)
    {
        // Double precision evaluation of the classic Numerical Recipes erfc Chebyshev fit (relative error < 1.2e-7).
        double z = Math.Abs(x);
        if (z < 0.5)
        {
            // Near zero erf is small and 1 - erfc would lose its relative precision: use the Taylor series.
            double z2 = (double)x * x;
            return 1.1283791670955126 * x * (1 - (z2 * ((1.0 / 3) - (z2 * ((1.0 / 10) - (z2 * ((1.0 / 42) - (z2 * ((1.0 / 216) - (z2 / 1320))))))))));
        }

        double t = 1.0 / (1.0 + (0.5 * z));
        double poly = -1.26551223 + (t * (1.00002368 + (t * (0.37409196 + (t * (0.09678418 + (t * (-0.18628806
            + (t * (0.27886807 + (t * (-1.13520398 + (t * (1.48851587 + (t * (-0.82215223 + (t * 0.17087277)))))))))))))))));
        double r = t * Math.Exp(-(z * z) + poly);
        double erf = 1.0 - r;
        return x >= 0 ? erf : -erf;
    }
}

/// <summary>f(x) = second(first(x)): fused elementwise chains, composed at build time.</summary>
public readonly struct Chain<TFirst, TSecond> : IUnaryOperator
    where TFirst : struct, IUnaryOperator
    where TSecond : struct, IUnaryOperator
{
    private readonly TFirst _first;
    private readonly TSecond _second;

    /// <summary>Creates the chain.</summary>
    public Chain(TFirst first, TSecond second)
    {
        _first = first;
        _second = second;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => _second.Invoke(_first.Invoke(x));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) => _second.Invoke(_first.Invoke(x));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) => _second.Invoke(_first.Invoke(x));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) => _second.Invoke(_first.Invoke(x));
}

/// <summary>
/// The float32 binary operators with a vector form (Add, Sub, Mul, Div), for kernels generic over the operator:
/// the JIT folds the type tests, so a caller pays for neither the test nor the dispatch.
/// </summary>
internal static class VectorArithmetic
{
    /// <summary>Whether <typeparamref name="TOp"/> is one of the four.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Applies<TOp>() =>
        typeof(TOp) == typeof(Add) || typeof(TOp) == typeof(Sub) || typeof(TOp) == typeof(Mul) || typeof(TOp) == typeof(Div);

    /// <summary>a op b on one element (Div for any operator that is not one of the others).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Apply<TOp>(float a, float b) =>
        typeof(TOp) == typeof(Add) ? a + b : typeof(TOp) == typeof(Sub) ? a - b : typeof(TOp) == typeof(Mul) ? a * b : a / b;

    /// <summary>a op b on each lane (only when <see cref="Applies{TOp}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Apply<TOp>(Vector128<float> a, Vector128<float> b) =>
        typeof(TOp) == typeof(Add) ? a + b : typeof(TOp) == typeof(Sub) ? a - b : typeof(TOp) == typeof(Mul) ? a * b : a / b;

    /// <summary>a op b on each lane (only when <see cref="Applies{TOp}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Apply<TOp>(Vector256<float> a, Vector256<float> b) =>
        typeof(TOp) == typeof(Add) ? a + b : typeof(TOp) == typeof(Sub) ? a - b : typeof(TOp) == typeof(Mul) ? a * b : a / b;

    /// <summary>a op b on each lane (only when <see cref="Applies{TOp}"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Apply<TOp>(Vector512<float> a, Vector512<float> b) =>
        typeof(TOp) == typeof(Add) ? a + b : typeof(TOp) == typeof(Sub) ? a - b : typeof(TOp) == typeof(Mul) ? a * b : a / b;
}
