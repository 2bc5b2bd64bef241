using System;
using System.Runtime.InteropServices;

namespace Neo.Compiler.IR;

/// <summary>
/// The value of a tensor known at build time (an initializer, a <c>Constant</c>, a folded result):
/// an element type, a static shape and a flat row-major array of the matching CLR type.
/// </summary>
public sealed class TensorData
{
    public TensorData(DataType type, int[] shape, Array data)
    {
        Type = type;
        Shape = shape;
        Data = data;
        if (data.GetType().GetElementType() != DataTypes.ClrType(type))
        {
            throw new ArgumentException($"Storage {data.GetType().Name} does not hold {DataTypes.Name(type)}.", nameof(data));
        }

        if (data.Length != Shapes.Size(shape))
        {
            throw new ArgumentException($"{data.Length} elements do not fill shape {Shapes.Format(shape)}.", nameof(data));
        }
    }

    public DataType Type { get; }

    public int[] Shape { get; }

    public Array Data { get; }

    public int Length => Data.Length;

    public long ByteLength => (long)Data.Length * DataTypes.SizeOf(Type);

    public static TensorData Create(DataType type, int[] shape) =>
        new(type, shape, Array.CreateInstance(DataTypes.ClrType(type), checked((int)Shapes.Size(shape))));

    public static TensorData FromFloats(int[] shape, float[] data) => new(DataType.Float32, shape, data);

    public static TensorData FromLongs(int[] shape, long[] data) => new(DataType.Int64, shape, data);

    public static TensorData Scalar(float v) => new(DataType.Float32, Array.Empty<int>(), new[] { v });

    public static TensorData Scalar(long v) => new(DataType.Int64, Array.Empty<int>(), new[] { v });

    public T[] As<T>() => (T[])Data;

    /// <summary>The raw little-endian bytes of the elements.</summary>
    public ReadOnlySpan<byte> Bytes => Data switch
    {
        float[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        double[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        Half[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        long[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        int[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        short[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        sbyte[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        byte[] a => a,
        ushort[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        uint[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        ulong[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        bool[] a => MemoryMarshal.AsBytes(a.AsSpan()),
        _ => throw new InvalidOperationException(),
    };

    /// <summary>Element <paramref name="i"/> converted to a 64-bit integer (for shapes, axes, indices).</summary>
    public long GetInt64(int i) => Data switch
    {
        long[] a => a[i],
        int[] a => a[i],
        short[] a => a[i],
        sbyte[] a => a[i],
        byte[] a => a[i],
        ushort[] a => a[i],
        uint[] a => a[i],
        ulong[] a => (long)a[i],
        bool[] a => a[i] ? 1 : 0,
        float[] a => (long)a[i],
        double[] a => (long)a[i],
        Half[] a => (long)(float)a[i],
        _ => throw new InvalidOperationException(),
    };

    /// <summary>Element <paramref name="i"/> converted to double.</summary>
    public double GetDouble(int i) => Data switch
    {
        float[] a => a[i],
        double[] a => a[i],
        Half[] a => (double)a[i],
        long[] a => a[i],
        int[] a => a[i],
        short[] a => a[i],
        sbyte[] a => a[i],
        byte[] a => a[i],
        ushort[] a => a[i],
        uint[] a => a[i],
        ulong[] a => a[i],
        bool[] a => a[i] ? 1 : 0,
        _ => throw new InvalidOperationException(),
    };

    /// <summary>All elements as 64-bit integers.</summary>
    public long[] ToInt64Array()
    {
        var r = new long[Length];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = GetInt64(i);
        }

        return r;
    }

    /// <summary>All elements as doubles.</summary>
    public double[] ToDoubleArray()
    {
        var r = new double[Length];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = GetDouble(i);
        }

        return r;
    }

    public TensorData WithShape(int[] shape) => new(Type, shape, Data);

    /// <summary>Whether both hold the same type, shape and bit-identical elements.</summary>
    public bool ContentEquals(TensorData other) =>
        Type == other.Type && Shape.AsSpan().SequenceEqual(other.Shape) && Bytes.SequenceEqual(other.Bytes);

    public override string ToString() => $"{DataTypes.Name(Type)}{Shapes.Format(Shape)}";
}
