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
    /// Converts a <c>TensorProto</c>. <paramref name="modelDirectory"/> is the folder external data must lie in
    /// (null: external data is refused).
    /// </summary>
    internal static TensorData ToTensorData(TensorProto t, string? modelDirectory)
    {
        var type = (DataType)t.DataType;
        string name = t.Name;
        if (!DataTypes.IsSupported(type))
        {
            throw new CompileErrorException(
                DiagnosticCodes.UnsupportedElementType,
                $"tensor '{name}' has element type {DataTypes.Name(type)} ({t.DataType}), which Neo does not support; supported: float32, float64, float16, int64, int32, int16, int8, uint8, uint16, uint32, uint64, bool.",
                name);
        }

        int[] shape = CheckedShape(t.Dims, name);
        int n = (int)Shapes.Size(shape);
        TensorData result = TensorData.Create(type, shape);
        Span<byte> dest = AsSpan(result.Data);
        int elemSize = DataTypes.SizeOf(type);

        if (t.HasDataLocation && t.DataLocation == TensorProto.Types.DataLocation.External)
        {
            ReadExternal(t, modelDirectory, dest, name);
            return result;
        }

        if (t.HasRawData)
        {
            if (t.RawData.Length != (long)n * elemSize)
            {
                throw DataLength(name, n, shape, $"{t.RawData.Length} bytes of raw_data");
            }

            t.RawData.Span.CopyTo(dest);
            if (!BitConverter.IsLittleEndian)
            {
                throw new PlatformNotSupportedException("Neo compiles on little-endian machines only.");
            }

            if (type == DataType.Bool)
            {
                NormalizeBools((bool[])result.Data);
            }

            return result;
        }

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
                if (t.Uint64Data.Count != n)
                {
                    throw DataLength(name, n, shape, $"{t.Uint64Data.Count} uint64_data values");
                }

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
                if (t.Int32Data.Count != n)
                {
                    throw DataLength(name, n, shape, $"{t.Int32Data.Count} int32_data values");
                }

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

    private static void ReadExternal(TensorProto t, string? modelDirectory, Span<byte> dest, string name)
    {
        string location = "";
        long offset = 0;
        long length = -1;
        foreach (StringStringEntryProto kv in t.ExternalData)
        {
            switch (kv.Key)
            {
                case "location": location = kv.Value; break;
                case "offset":
                    if (!long.TryParse(kv.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out offset))
                    {
                        throw External(name, $"its offset '{kv.Value}' is not a non-negative integer");
                    }

                    break;
                case "length":
                    if (!long.TryParse(kv.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out length))
                    {
                        throw External(name, $"its length '{kv.Value}' is not a non-negative integer");
                    }

                    break;
            }
        }

        if (modelDirectory is null)
        {
            throw External(name, "external data needs the model's folder, and the model was given as bytes");
        }

        if (location.Length == 0)
        {
            throw External(name, "it has no 'location'");
        }

        string path = ResolveInside(modelDirectory, location, name);
        using FileStream fs = OpenInside(path, modelDirectory, name);
        long fileLength = fs.Length;
        long want = dest.Length;
        if (length >= 0 && length != want)
        {
            throw External(name, $"its length {length} does not match its shape ({want} bytes)");
        }

        if (offset > fileLength || want > fileLength - offset)
        {
            throw External(name, $"bytes {offset}..{offset + want} lie beyond the end of '{location}' ({fileLength} bytes)");
        }

        fs.Position = offset;
        fs.ReadExactly(dest);
    }

    /// <summary>
    /// The full path of <paramref name="location"/> if it names a file inside <paramref name="modelDirectory"/>:
    /// relative, no <c>..</c> escaping the folder, and no link leading out of it.
    /// </summary>
    internal static string ResolveInside(string modelDirectory, string location, string name)
    {
        if (location.IndexOf('\0') >= 0 || Path.IsPathRooted(location) || location.StartsWith('/') || location.StartsWith('\\')
            || (location.Length >= 2 && location[1] == ':'))
        {
            throw External(name, $"its location '{location}' is absolute; external data must be a relative path inside the model's folder");
        }

        string root = Path.GetFullPath(modelDirectory);
        string rootWithSep = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        string full = Path.GetFullPath(Path.Combine(root, location.Replace('\\', '/')));
        if (!full.StartsWith(rootWithSep, StringComparison.Ordinal))
        {
            throw External(name, $"its location '{location}' leads out of the model's folder");
        }

        return full;
    }

    private static FileStream OpenInside(string path, string modelDirectory, string name)
    {
        string root = Path.GetFullPath(modelDirectory);
        string rootWithSep = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        if (!File.Exists(path))
        {
            throw External(name, $"its file '{Path.GetRelativePath(root, path)}' does not exist next to the model");
        }

        // Follow links on every component below the model's folder: none may lead out of it.
        string current = root;
        foreach (string part in Path.GetRelativePath(root, path).Split(Path.DirectorySeparatorChar))
        {
            current = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (info.LinkTarget is not null)
            {
                FileSystemInfo? target = info.ResolveLinkTarget(returnFinalTarget: true);
                string targetPath = target is null ? "" : Path.GetFullPath(target.FullName);
                if (!targetPath.StartsWith(rootWithSep, StringComparison.Ordinal))
                {
                    throw External(name, $"'{Path.GetRelativePath(root, current)}' is a link that leads out of the model's folder");
                }
            }
        }

        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw External(name, $"its file cannot be read ({e.Message})");
        }
    }

    private static CompileErrorException External(string name, string what) =>
        new(DiagnosticCodes.InvalidExternalData, $"the external data of tensor '{name}' is refused: {what}.", name);
}
