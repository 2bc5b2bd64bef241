using System;
using System.Buffers.Binary;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Neo.Runtime;

/// <summary>
/// The weights of a compiled model: the blob Neo.Build wrote at build time (prepacked for the target's
/// kernels) and embedded as a resource. Read-only, and shared by every instance of a model class.
/// </summary>
/// <remarks>
/// Layout: a 64-byte header (magic <c>NEOWGT01</c>, payload length, payload checksum) then the payload,
/// in which every tensor starts on a 64-byte boundary. When the resource is mapped with the assembly
/// image, the weights are used where they lie, without a copy.
/// </remarks>
public sealed unsafe class WeightStore
{
    /// <summary>Size of the blob header in bytes.</summary>
    public const int HeaderSize = 64;

    /// <summary>The magic bytes at the start of every weights blob.</summary>
    public static ReadOnlySpan<byte> Magic => "NEOWGT01"u8;

    private readonly byte* _base;
    private readonly int _size;
#pragma warning disable IDE0052 // Keeps the pinned copy (or the resource stream) alive as long as the store.
    private readonly object? _owner;
#pragma warning restore IDE0052

    private WeightStore(byte* payload, int size, object? owner)
    {
        _base = payload;
        _size = size;
        _owner = owner;
    }

    /// <summary>An empty store, for models without weights.</summary>
    public static WeightStore Empty { get; } = new(null, 0, null);

    /// <summary>The payload size in bytes.</summary>
    public int Size => _size;

    /// <summary>
    /// Loads the weights a model embedded as <paramref name="resourceName"/> in <paramref name="assembly"/>,
    /// checking them against the length and checksum the generated code was built with.
    /// </summary>
    /// <exception cref="NeoRuntimeException">NEO3001: the resource is missing or does not belong to this build of the model.</exception>
    public static WeightStore Load(Assembly assembly, string resourceName, long payloadLength, ulong checksum)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentNullException.ThrowIfNull(resourceName);
        if (payloadLength == 0)
        {
            return Empty;
        }

        Stream? stream = assembly.GetManifestResourceStream(resourceName);
        if (stream is null)
        {
            throw Mismatch(resourceName, "is not embedded in " + assembly.GetName().Name);
        }

        long resourceLength = stream.Length;
        if (payloadLength < 0 || payloadLength > int.MaxValue - Arena.Alignment || resourceLength != HeaderSize + payloadLength)
        {
            stream.Dispose();
            throw Mismatch(resourceName, $"holds {resourceLength - HeaderSize} bytes of weights where the generated code expects {payloadLength}");
        }

        Span<byte> header = stackalloc byte[HeaderSize];
        if (stream is UnmanagedMemoryStream mapped && (((nuint)mapped.PositionPointer + HeaderSize) % 16) == 0)
        {
            // The resource lies in the mapped assembly image: use it in place.
            byte* start = mapped.PositionPointer;
            new ReadOnlySpan<byte>(start, HeaderSize).CopyTo(header);
            CheckHeader(header, resourceName, payloadLength, checksum);
            CheckPayload(new ReadOnlySpan<byte>(start + HeaderSize, (int)payloadLength), resourceName, checksum);
            return new WeightStore(start + HeaderSize, (int)payloadLength, mapped);
        }

        using (stream)
        {
            stream.ReadExactly(header);
            CheckHeader(header, resourceName, payloadLength, checksum);
            byte[] copy = GC.AllocateUninitializedArray<byte>((int)payloadLength + Arena.Alignment, pinned: true);
            byte* p = (byte*)Unsafe.AsPointer(ref copy[0]);
            byte* aligned = (byte*)(((nuint)p + (Arena.Alignment - 1)) & ~(nuint)(Arena.Alignment - 1));
            var payload = new Span<byte>(aligned, (int)payloadLength);
            stream.ReadExactly(payload);
            CheckPayload(payload, resourceName, checksum);
            return new WeightStore(aligned, (int)payloadLength, copy);
        }
    }

    /// <summary>
    /// The checksum the build writes into the blob header and the generated code: FNV-1a over 64-bit
    /// little-endian words, then over the remaining bytes. It ties the code to its weights and catches
    /// a resource damaged after the build (it is not a defense against deliberate tampering).
    /// </summary>
    public static ulong Checksum(ReadOnlySpan<byte> data)
    {
        ulong h = 14695981039346656037UL;
        int i = 0;
        for (; i + 8 <= data.Length; i += 8)
        {
            h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(i))) * 1099511628211UL;
        }

        for (; i < data.Length; i++)
        {
            h = (h ^ data[i]) * 1099511628211UL;
        }

        return h;
    }

    private static void CheckHeader(ReadOnlySpan<byte> header, string resourceName, long payloadLength, ulong checksum)
    {
        if (!header[..8].SequenceEqual(Magic))
        {
            throw Mismatch(resourceName, "is not a Neo weights blob");
        }

        long length = BinaryPrimitives.ReadInt64LittleEndian(header[8..]);
        ulong sum = BinaryPrimitives.ReadUInt64LittleEndian(header[16..]);
        if (length != payloadLength || sum != checksum)
        {
            throw Mismatch(resourceName, "comes from a different build of the model than the generated code");
        }
    }

    /// <summary>Checks the payload itself, once per process: a damaged resource must not give wrong numbers.</summary>
    private static void CheckPayload(ReadOnlySpan<byte> payload, string resourceName, ulong checksum)
    {
        if (Checksum(payload) != checksum)
        {
            throw Mismatch(resourceName, "is damaged (its contents do not match the checksum the build recorded)");
        }
    }

    private static NeoRuntimeException Mismatch(string resourceName, string what) =>
        new("NEO3001", $"NEO3001: the weights resource '{resourceName}' {what}. Rebuild the project so the weights and the generated code come from the same build.");

    /// <summary>A read-only view of <paramref name="length"/> elements at byte <paramref name="offset"/> of the payload.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<T> View<T>(int offset, int length)
        where T : unmanaged
    {
        if ((ulong)(uint)offset + ((ulong)(uint)length * (ulong)sizeof(T)) > (ulong)(uint)_size)
        {
            ThrowOutOfRange(offset, length);
        }

        return new ReadOnlySpan<T>(_base + offset, length);
    }

    /// <summary>A float32 view.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<float> F32(int offset, int length) => View<float>(offset, length);

    /// <summary>A float64 view.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<double> F64(int offset, int length) => View<double>(offset, length);

    /// <summary>A float16 view.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<Half> F16(int offset, int length) => View<Half>(offset, length);

    /// <summary>An int64 view.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<long> I64(int offset, int length) => View<long>(offset, length);

    /// <summary>An int32 view.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<int> I32(int offset, int length) => View<int>(offset, length);

    /// <summary>An int16 view.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<short> I16(int offset, int length) => View<short>(offset, length);

    /// <summary>An int8 view.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<sbyte> I8(int offset, int length) => View<sbyte>(offset, length);

    /// <summary>A uint8 view.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> U8(int offset, int length) => View<byte>(offset, length);

    /// <summary>A uint16 view.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<ushort> U16(int offset, int length) => View<ushort>(offset, length);

    /// <summary>A uint32 view.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<uint> U32(int offset, int length) => View<uint>(offset, length);

    /// <summary>A uint64 view.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<ulong> U64(int offset, int length) => View<ulong>(offset, length);

    /// <summary>A bool view.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<bool> Bool(int offset, int length) => View<bool>(offset, length);

    private void ThrowOutOfRange(int offset, int length) =>
        throw new NeoRuntimeException(
            "NEO3002",
            $"NEO3002: the plan asks for {length} weight elements at byte {offset} of a {_size}-byte weights blob. Rebuild the project so the weights and the generated code come from the same build.");
}
