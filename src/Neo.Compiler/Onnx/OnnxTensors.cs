using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Onnx.Proto;

namespace Neo.Compiler.Onnx;

/// <summary>
/// Reads and writes ONNX <c>TensorProto</c>s: initializers in every storage form (typed fields,
/// <c>raw_data</c>, external files inside the model's folder) and the <c>.pb</c> files of test data.
/// </summary>
public static class OnnxTensors
{
    /// <summary>Tensors larger than this are refused (the arena and the weights use 32-bit offsets).</summary>
    public const long MaxElements = int.MaxValue / 8;

    /// <summary>Reads a serialized <c>TensorProto</c> file (the ONNX test-data layout): its name and value.</summary>
    public static (string Name, TensorData Value) ReadFile(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        TensorProto proto;
        try
        {
            proto = TensorProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new CompileErrorException(DiagnosticCodes.MalformedModel, $"'{Path.GetFileName(path)}' is not a serialized ONNX TensorProto ({e.Message}).");
        }

        return (proto.Name, ToTensorData(proto, null));
    }

    /// <summary>Writes a tensor as a serialized <c>TensorProto</c> with <c>raw_data</c>.</summary>
    public static void WriteFile(string path, string name, TensorData value)
    {
        File.WriteAllBytes(path, ToProto(name, value).ToByteArray());
    }

    internal static TensorProto ToProto(string name, TensorData value)
    {
        var proto = new TensorProto { Name = name, DataType = (int)value.Type };
        foreach (int d in value.Shape)
        {
            proto.Dims.Add(d);
        }

        proto.RawData = ByteString.CopyFrom(value.Bytes);
        return proto;
    }

    /// <summary>
    /// Converts a <c>TensorProto</c>. <paramref name="external"/> reads external data from the model's folder
    /// (null: external data is refused).
    /// </summary>
    internal static TensorData ToTensorData(TensorProto t, ExternalData? external)
    {
        var type = (DataType)t.DataType;
        string name = t.Name;
        if (!DataTypes.IsSupported(type))
        {
            throw new CompileErrorException(
                DiagnosticCodes.UnsupportedElementType,
                $"tensor '{name}' has element type {DataTypes.Name(type)} ({t.DataType}), which Neo does not support.",
                name);
        }

        int[] shape = CheckedShape(t.Dims, name);
        int n = (int)Shapes.Size(shape);
        int elemSize = DataTypes.SizeOf(type);

        // Every length is checked against the data the file actually holds before anything is
        // allocated: the dims are untrusted, and [268435455] would otherwise cost a gigabyte.
        if (t.HasDataLocation && t.DataLocation == TensorProto.Types.DataLocation.External)
        {
            if (external is null)
            {
                throw new CompileErrorException(DiagnosticCodes.InvalidExternalData, $"the external data of tensor '{name}' is refused: external data needs the model's folder, and the model was given as bytes. Compile the model from its file.", name);
            }

            ExternalData.Slice slice = external.Locate(t, (long)n * elemSize, name);
            TensorData data = TensorData.Create(type, shape);
            external.Read(slice, AsSpan(data.Data), name);
            if (type == DataType.Bool)
            {
                NormalizeBools((bool[])data.Data);
            }

            return data;
        }

        if (t.HasRawData)
        {
            if (t.RawData.Length != (long)n * elemSize)
            {
                throw DataLength(name, n, shape, $"{t.RawData.Length} bytes of raw_data");
            }

            if (!BitConverter.IsLittleEndian)
            {
                throw new PlatformNotSupportedException("Neo compiles on little-endian machines only.");
            }

            TensorData raw = TensorData.Create(type, shape);
            t.RawData.Span.CopyTo(AsSpan(raw.Data));
            if (type == DataType.Bool)
            {
                NormalizeBools((bool[])raw.Data);
            }

            return raw;
        }

        int held = type switch
        {
            DataType.Float32 => t.FloatData.Count,
            DataType.Float64 => t.DoubleData.Count,
            DataType.Int64 => t.Int64Data.Count,
            DataType.UInt32 or DataType.UInt64 => t.Uint64Data.Count,
            _ => t.Int32Data.Count, // int32, int16, int8, uint8, uint16, bool and float16 (as bits)
        };
        if (held != n)
        {
            string field = type switch
            {
                DataType.Float32 => "float_data",
                DataType.Float64 => "double_data",
                DataType.Int64 => "int64_data",
                DataType.UInt32 or DataType.UInt64 => "uint64_data",
                _ => "int32_data",
            };
            throw DataLength(name, n, shape, $"{held} {field} values");
        }

        TensorData result = TensorData.Create(type, shape);
        switch (type)
        {
            case DataType.Float32:
                Fill(t.FloatData, (float[])result.Data, name, shape);
                break;
            case DataType.Float64:
                Fill(t.DoubleData, (double[])result.Data, name, shape);
                break;
            case DataType.Int64:
                Fill(t.Int64Data, (long[])result.Data, name, shape);
                break;
            case DataType.UInt32:
            case DataType.UInt64:
                for (int i = 0; i < n; i++)
                {
                    if (type == DataType.UInt32)
                    {
                        ((uint[])result.Data)[i] = (uint)t.Uint64Data[i];
                    }
                    else
                    {
                        ((ulong[])result.Data)[i] = t.Uint64Data[i];
                    }
                }

                break;
            default:
                // int32, int16, int8, uint8, uint16, bool and float16 (as bits) all travel in int32_data.
                for (int i = 0; i < n; i++)
                {
                    int v = t.Int32Data[i];
                    switch (result.Data)
                    {
                        case int[] a: a[i] = v; break;
                        case short[] a: a[i] = (short)v; break;
                        case sbyte[] a: a[i] = (sbyte)v; break;
                        case byte[] a: a[i] = (byte)v; break;
                        case ushort[] a: a[i] = (ushort)v; break;
                        case bool[] a: a[i] = v != 0; break;
                        case Half[] a: a[i] = BitConverter.UInt16BitsToHalf((ushort)v); break;
                    }
                }

                break;
        }

        return result;
    }

    internal static int[] CheckedShape(IList<long> dims, string name)
    {
        var shape = new int[dims.Count];
        long size = 1;
        for (int i = 0; i < dims.Count; i++)
        {
            long d = dims[i];
            if (d < 0 || d > MaxElements)
            {
                throw new CompileErrorException(DiagnosticCodes.TensorTooLarge, $"tensor '{name}' has dimension {i} = {d}; dimensions must be between 0 and {MaxElements}.", name);
            }

            shape[i] = (int)d;
            size *= d;
            if (size > MaxElements)
            {
                throw new CompileErrorException(DiagnosticCodes.TensorTooLarge, $"tensor '{name}' has more than {MaxElements} elements (dims [{string.Join(",", dims)}]), more than Neo can hold.", name);
            }
        }

        return shape;
    }

    private static void NormalizeBools(bool[] a)
    {
        Span<byte> b = MemoryMarshal.AsBytes(a.AsSpan());
        for (int i = 0; i < b.Length; i++)
        {
            b[i] = b[i] != 0 ? (byte)1 : (byte)0;
        }
    }

    private static void Fill<T>(Google.Protobuf.Collections.RepeatedField<T> src, T[] dst, string name, int[] shape)
    {
        if (src.Count != dst.Length)
        {
            throw DataLength(name, dst.Length, shape, $"{src.Count} values");
        }

        src.CopyTo(dst, 0);
    }

    private static CompileErrorException DataLength(string name, int n, int[] shape, string what) =>
        new(DiagnosticCodes.InvalidTensorData, $"tensor '{name}' has shape {Shapes.Format(shape)} ({n} elements) but holds {what}; re-export the model.", name);

    private static Span<byte> AsSpan(Array a) => a switch
    {
        float[] x => MemoryMarshal.AsBytes(x.AsSpan()),
        double[] x => MemoryMarshal.AsBytes(x.AsSpan()),
        Half[] x => MemoryMarshal.AsBytes(x.AsSpan()),
        long[] x => MemoryMarshal.AsBytes(x.AsSpan()),
        int[] x => MemoryMarshal.AsBytes(x.AsSpan()),
        short[] x => MemoryMarshal.AsBytes(x.AsSpan()),
        sbyte[] x => MemoryMarshal.AsBytes(x.AsSpan()),
        byte[] x => x.AsSpan(),
        ushort[] x => MemoryMarshal.AsBytes(x.AsSpan()),
        uint[] x => MemoryMarshal.AsBytes(x.AsSpan()),
        ulong[] x => MemoryMarshal.AsBytes(x.AsSpan()),
        bool[] x => MemoryMarshal.AsBytes(x.AsSpan()),
        _ => throw new InvalidOperationException(),
    };
}
