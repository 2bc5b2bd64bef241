using System;
using System.Runtime.CompilerServices;

namespace Neo.Runtime.Kernels;

/// <summary>A test of one element (IsNaN, IsInf), giving a boolean tensor.</summary>
/// <typeparam name="T">The element type.</typeparam>
public interface IPredicate<T>
{
    /// <summary>The test on one element.</summary>
    bool Invoke(T x);
}

/// <summary>A comparison of two elements (Equal, Less, ...), giving a boolean tensor.</summary>
/// <typeparam name="T">The element type.</typeparam>
public interface IComparison<T>
{
    /// <summary>The comparison of one pair of elements.</summary>
    bool Invoke(T a, T b);
}

/// <summary>max(a, b); NaN if either is NaN, as ONNX Max.</summary>
public readonly struct Max : IBinaryOperator<float>, IBinaryOperator<double>, IBinaryOperator<Half>, IBinaryOperator<long>, IBinaryOperator<int>, IBinaryOperator<short>, IBinaryOperator<sbyte>, IBinaryOperator<byte>, IBinaryOperator<ushort>, IBinaryOperator<uint>, IBinaryOperator<ulong>, IBinaryOperator<bool>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float a, float b) => float.IsNaN(a) || float.IsNaN(b) ? float.NaN : MathF.Max(a, b);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? double.NaN : Math.Max(a, b);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Half Invoke(Half a, Half b) => Half.IsNaN(a) || Half.IsNaN(b) ? Half.NaN : (a > b ? a : b);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Invoke(long a, long b) => a > b ? a : b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Invoke(int a, int b) => a > b ? a : b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public short Invoke(short a, short b) => a > b ? a : b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public sbyte Invoke(sbyte a, sbyte b) => a > b ? a : b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte Invoke(byte a, byte b) => a > b ? a : b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ushort Invoke(ushort a, ushort b) => a > b ? a : b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Invoke(uint a, uint b) => a > b ? a : b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Invoke(ulong a, ulong b) => a > b ? a : b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(bool a, bool b) => a | b;
}

/// <summary>min(a, b); NaN if either is NaN, as ONNX Min.</summary>
public readonly struct Min : IBinaryOperator<float>, IBinaryOperator<double>, IBinaryOperator<Half>, IBinaryOperator<long>, IBinaryOperator<int>, IBinaryOperator<short>, IBinaryOperator<sbyte>, IBinaryOperator<byte>, IBinaryOperator<ushort>, IBinaryOperator<uint>, IBinaryOperator<ulong>, IBinaryOperator<bool>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float a, float b) => float.IsNaN(a) || float.IsNaN(b) ? float.NaN : MathF.Min(a, b);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double a, double b) => double.IsNaN(a) || double.IsNaN(b) ? double.NaN : Math.Min(a, b);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Half Invoke(Half a, Half b) => Half.IsNaN(a) || Half.IsNaN(b) ? Half.NaN : (a < b ? a : b);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Invoke(long a, long b) => a < b ? a : b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Invoke(int a, int b) => a < b ? a : b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public short Invoke(short a, short b) => a < b ? a : b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public sbyte Invoke(sbyte a, sbyte b) => a < b ? a : b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte Invoke(byte a, byte b) => a < b ? a : b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ushort Invoke(ushort a, ushort b) => a < b ? a : b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Invoke(uint a, uint b) => a < b ? a : b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Invoke(ulong a, ulong b) => a < b ? a : b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(bool a, bool b) => a & b;
}

/// <summary>The remainder with the sign of the divisor (Python's %, ONNX Mod with fmod = 0); 0 for a zero divisor.</summary>
public readonly struct Mod : IBinaryOperator<long>, IBinaryOperator<int>, IBinaryOperator<short>, IBinaryOperator<sbyte>, IBinaryOperator<byte>, IBinaryOperator<ushort>, IBinaryOperator<uint>, IBinaryOperator<ulong>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Invoke(long a, long b) => b == 0 ? 0 : (((a % b) + b) % b);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Invoke(int a, int b) => b == 0 ? 0 : (((a % b) + b) % b);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public short Invoke(short a, short b) => (short)(b == 0 ? 0 : (((a % b) + b) % b));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public sbyte Invoke(sbyte a, sbyte b) => (sbyte)(b == 0 ? 0 : (((a % b) + b) % b));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte Invoke(byte a, byte b) => (byte)(b == 0 ? 0 : a % b);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ushort Invoke(ushort a, ushort b) => (ushort)(b == 0 ? 0 : a % b);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Invoke(uint a, uint b) => b == 0 ? 0 : a % b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Invoke(ulong a, ulong b) => b == 0 ? 0 : a % b;
}

/// <summary>The remainder with the sign of the dividend (C's fmod, ONNX Mod with fmod = 1).</summary>
public readonly struct FMod : IBinaryOperator<float>, IBinaryOperator<double>, IBinaryOperator<Half>, IBinaryOperator<long>, IBinaryOperator<int>, IBinaryOperator<short>, IBinaryOperator<sbyte>, IBinaryOperator<byte>, IBinaryOperator<ushort>, IBinaryOperator<uint>, IBinaryOperator<ulong>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float a, float b) => a % b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double a, double b) => a % b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Half Invoke(Half a, Half b) => (Half)((float)a % (float)b);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Invoke(long a, long b) => b == 0 ? 0 : a % b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Invoke(int a, int b) => b == 0 ? 0 : a % b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public short Invoke(short a, short b) => (short)(b == 0 ? 0 : a % b);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public sbyte Invoke(sbyte a, sbyte b) => (sbyte)(b == 0 ? 0 : a % b);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte Invoke(byte a, byte b) => (byte)(b == 0 ? 0 : a % b);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ushort Invoke(ushort a, ushort b) => (ushort)(b == 0 ? 0 : a % b);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Invoke(uint a, uint b) => b == 0 ? 0 : a % b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Invoke(ulong a, ulong b) => b == 0 ? 0 : a % b;
}

/// <summary>a shifted left by b bits (ONNX BitShift, direction LEFT); shifts of the width or more give 0.</summary>
public readonly struct ShiftLeft : IBinaryOperator<byte>, IBinaryOperator<ushort>, IBinaryOperator<uint>, IBinaryOperator<ulong>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte Invoke(byte a, byte b) => (byte)(b >= 8 ? 0 : a << (int)b);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ushort Invoke(ushort a, ushort b) => (ushort)(b >= 16 ? 0 : a << (int)b);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Invoke(uint a, uint b) => b >= 32 ? 0 : a << (int)b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Invoke(ulong a, ulong b) => b >= 64 ? 0 : a << (int)b;
}

/// <summary>a shifted right by b bits (ONNX BitShift, direction RIGHT); shifts of the width or more give 0.</summary>
public readonly struct ShiftRight : IBinaryOperator<byte>, IBinaryOperator<ushort>, IBinaryOperator<uint>, IBinaryOperator<ulong>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public byte Invoke(byte a, byte b) => (byte)(b >= 8 ? 0 : a >> (int)b);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ushort Invoke(ushort a, ushort b) => (ushort)(b >= 16 ? 0 : a >> (int)b);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Invoke(uint a, uint b) => b >= 32 ? 0 : a >> (int)b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Invoke(ulong a, ulong b) => b >= 64 ? 0 : a >> (int)b;
}

/// <summary>a ∧ b.</summary>
public readonly struct And : IBinaryOperator<bool>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(bool a, bool b) => a & b;
}

/// <summary>a ∨ b.</summary>
public readonly struct Or : IBinaryOperator<bool>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(bool a, bool b) => a | b;
}

/// <summary>a ⊕ b.</summary>
public readonly struct Xor : IBinaryOperator<bool>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(bool a, bool b) => a ^ b;
}

/// <summary>x &lt; 0 ? slope·x : x, with the slope broadcast as the right operand (ONNX PRelu).</summary>
public readonly struct PRelu : IBinaryOperator<float>, IBinaryOperator<double>, IBinaryOperator<Half>, IBinaryOperator<long>, IBinaryOperator<int>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float a, float b) => a < 0 ? a * b : a;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Invoke(double a, double b) => a < 0 ? a * b : a;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Half Invoke(Half a, Half b) => (float)a < 0f ? (Half)((float)a * (float)b) : a;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Invoke(long a, long b) => a < 0 ? a * b : a;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Invoke(int a, int b) => a < 0 ? a * b : a;
}

/// <summary>a = b.</summary>
public readonly struct Equal : IComparison<float>, IComparison<double>, IComparison<Half>, IComparison<long>, IComparison<int>, IComparison<short>, IComparison<sbyte>, IComparison<byte>, IComparison<ushort>, IComparison<uint>, IComparison<ulong>, IComparison<bool>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(float a, float b) => a == b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(double a, double b) => a == b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(Half a, Half b) => a == b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(long a, long b) => a == b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(int a, int b) => a == b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(short a, short b) => a == b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(sbyte a, sbyte b) => a == b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(byte a, byte b) => a == b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(ushort a, ushort b) => a == b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(uint a, uint b) => a == b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(ulong a, ulong b) => a == b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(bool a, bool b) => a == b;
}

/// <summary>a &lt; b.</summary>
public readonly struct Less : IComparison<float>, IComparison<double>, IComparison<Half>, IComparison<long>, IComparison<int>, IComparison<short>, IComparison<sbyte>, IComparison<byte>, IComparison<ushort>, IComparison<uint>, IComparison<ulong>, IComparison<bool>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(float a, float b) => a < b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(double a, double b) => a < b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(Half a, Half b) => a < b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(long a, long b) => a < b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(int a, int b) => a < b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(short a, short b) => a < b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(sbyte a, sbyte b) => a < b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(byte a, byte b) => a < b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(ushort a, ushort b) => a < b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(uint a, uint b) => a < b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(ulong a, ulong b) => a < b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(bool a, bool b) => (a ? 1 : 0) < (b ? 1 : 0);
}

/// <summary>a ≤ b.</summary>
public readonly struct LessOrEqual : IComparison<float>, IComparison<double>, IComparison<Half>, IComparison<long>, IComparison<int>, IComparison<short>, IComparison<sbyte>, IComparison<byte>, IComparison<ushort>, IComparison<uint>, IComparison<ulong>, IComparison<bool>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(float a, float b) => a <= b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(double a, double b) => a <= b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(Half a, Half b) => a <= b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(long a, long b) => a <= b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(int a, int b) => a <= b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(short a, short b) => a <= b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(sbyte a, sbyte b) => a <= b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(byte a, byte b) => a <= b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(ushort a, ushort b) => a <= b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(uint a, uint b) => a <= b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(ulong a, ulong b) => a <= b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(bool a, bool b) => (a ? 1 : 0) <= (b ? 1 : 0);
}

/// <summary>a &gt; b.</summary>
public readonly struct Greater : IComparison<float>, IComparison<double>, IComparison<Half>, IComparison<long>, IComparison<int>, IComparison<short>, IComparison<sbyte>, IComparison<byte>, IComparison<ushort>, IComparison<uint>, IComparison<ulong>, IComparison<bool>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(float a, float b) => a > b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(double a, double b) => a > b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(Half a, Half b) => a > b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(long a, long b) => a > b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(int a, int b) => a > b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(short a, short b) => a > b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(sbyte a, sbyte b) => a > b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(byte a, byte b) => a > b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(ushort a, ushort b) => a > b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(uint a, uint b) => a > b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(ulong a, ulong b) => a > b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(bool a, bool b) => (a ? 1 : 0) > (b ? 1 : 0);
}

/// <summary>a ≥ b.</summary>
public readonly struct GreaterOrEqual : IComparison<float>, IComparison<double>, IComparison<Half>, IComparison<long>, IComparison<int>, IComparison<short>, IComparison<sbyte>, IComparison<byte>, IComparison<ushort>, IComparison<uint>, IComparison<ulong>, IComparison<bool>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(float a, float b) => a >= b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(double a, double b) => a >= b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(Half a, Half b) => a >= b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(long a, long b) => a >= b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(int a, int b) => a >= b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(short a, short b) => a >= b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(sbyte a, sbyte b) => a >= b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(byte a, byte b) => a >= b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(ushort a, ushort b) => a >= b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(uint a, uint b) => a >= b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(ulong a, ulong b) => a >= b;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Invoke(bool a, bool b) => (a ? 1 : 0) >= (b ? 1 : 0);
}

/// <summary>Whether x is NaN.</summary>
public readonly struct IsNaN : IPredicate<float>, IPredicate<double>, IPredicate<Half>
{
    /// <inheritdoc />
    public bool Invoke(float x) => float.IsNaN(x);

    /// <inheritdoc />
    public bool Invoke(double x) => double.IsNaN(x);

    /// <inheritdoc />
    public bool Invoke(Half x) => Half.IsNaN(x);
}

/// <summary>Whether x is an infinity of a selected sign (ONNX IsInf's detect_positive and detect_negative).</summary>
public readonly struct IsInf : IPredicate<float>, IPredicate<double>, IPredicate<Half>
{
    private readonly bool _positive, _negative;

    /// <summary>Creates the test.</summary>
    public IsInf(bool positive, bool negative)
    {
        _positive = positive;
        _negative = negative;
    }

    /// <inheritdoc />
    public bool Invoke(float x) => (_positive && float.IsPositiveInfinity(x)) || (_negative && float.IsNegativeInfinity(x));

    /// <inheritdoc />
    public bool Invoke(double x) => (_positive && double.IsPositiveInfinity(x)) || (_negative && double.IsNegativeInfinity(x));

    /// <inheritdoc />
    public bool Invoke(Half x) => (_positive && Half.IsPositiveInfinity(x)) || (_negative && Half.IsNegativeInfinity(x));
}
