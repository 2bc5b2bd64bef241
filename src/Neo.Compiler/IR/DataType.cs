using System;

namespace Neo.Compiler.IR;

/// <summary>Element types, numbered as ONNX's <c>TensorProto.DataType</c>.</summary>
public enum DataType
{
    Undefined = 0,
    Float32 = 1,
    UInt8 = 2,
    Int8 = 3,
    UInt16 = 4,
    Int16 = 5,
    Int32 = 6,
    Int64 = 7,
    String = 8,
    Bool = 9,
    Float16 = 10,
    Float64 = 11,
    UInt32 = 12,
    UInt64 = 13,
    Complex64 = 14,
    Complex128 = 15,
    BFloat16 = 16,
}

/// <summary>Facts about element types.</summary>
public static class DataTypes
{
    /// <summary>
    /// The element type an ONNX attribute or field names (Cast's <c>to</c>, <c>dtype</c>, <c>data_type</c>),
    /// or <see cref="DataType.Undefined"/> for a number outside the enum's range: a plain cast of the 64-bit
    /// value would wrap 2^32 + 1 round to float32.
    /// </summary>
    public static DataType FromOnnx(long code) => code is > 0 and <= (long)DataType.BFloat16 ? (DataType)code : DataType.Undefined;

    /// <summary>Whether Neo can compute with tensors of this type.</summary>
    public static bool IsSupported(DataType t) => t switch
    {
        DataType.Float32 or DataType.Float64 or DataType.Float16 or DataType.Int64 or DataType.Int32
            or DataType.Int16 or DataType.Int8 or DataType.UInt8 or DataType.UInt16 or DataType.UInt32
            or DataType.UInt64 or DataType.Bool or DataType.BFloat16 => true,
        _ => false,
    };

    /// <summary>Size of one element in bytes.</summary>
    public static int SizeOf(DataType t) => t switch
    {
        DataType.Float32 or DataType.Int32 or DataType.UInt32 => 4,
        DataType.Float64 or DataType.Int64 or DataType.UInt64 or DataType.Complex64 => 8,
        DataType.Float16 or DataType.BFloat16 or DataType.Int16 or DataType.UInt16 => 2,
        DataType.Int8 or DataType.UInt8 or DataType.Bool => 1,
        DataType.Complex128 => 16,
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, null),
    };

    /// <summary>The name used in plans and messages (<c>float32</c>, <c>int64</c>, ...).</summary>
    public static string Name(DataType t) => t switch
    {
        DataType.Float32 => "float32",
        DataType.Float64 => "float64",
        DataType.Float16 => "float16",
        DataType.BFloat16 => "bfloat16",
        DataType.Int64 => "int64",
        DataType.Int32 => "int32",
        DataType.Int16 => "int16",
        DataType.Int8 => "int8",
        DataType.UInt8 => "uint8",
        DataType.UInt16 => "uint16",
        DataType.UInt32 => "uint32",
        DataType.UInt64 => "uint64",
        DataType.Bool => "bool",
        DataType.String => "string",
        DataType.Complex64 => "complex64",
        DataType.Complex128 => "complex128",
        _ => "undefined",
    };

    /// <summary>Whether the type is a floating-point type.</summary>
    public static bool IsFloat(DataType t) => t is DataType.Float32 or DataType.Float64 or DataType.Float16 or DataType.BFloat16;

    /// <summary>Whether the type is an integer type (bool excluded).</summary>
    public static bool IsInteger(DataType t) => t is DataType.Int64 or DataType.Int32 or DataType.Int16 or DataType.Int8
        or DataType.UInt8 or DataType.UInt16 or DataType.UInt32 or DataType.UInt64;

    /// <summary>The CLR element type used for storage.</summary>
    public static Type ClrType(DataType t) => t switch
    {
        DataType.Float32 => typeof(float),
        DataType.Float64 => typeof(double),
        DataType.Float16 => typeof(Half),
        DataType.Int64 => typeof(long),
        DataType.Int32 => typeof(int),
        DataType.Int16 => typeof(short),
        DataType.Int8 => typeof(sbyte),
        DataType.UInt8 => typeof(byte),
        DataType.UInt16 => typeof(ushort),

        // bfloat16 is stored as its 16 bits (.NET 8 has no bfloat16 type); only Cast computes with it.
        DataType.BFloat16 => typeof(ushort),
        DataType.UInt32 => typeof(uint),
        DataType.UInt64 => typeof(ulong),
        DataType.Bool => typeof(bool),
        _ => throw new ArgumentOutOfRangeException(nameof(t), t, null),
    };
}
