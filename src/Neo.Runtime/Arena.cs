using System;
using System.Runtime.CompilerServices;

namespace Neo.Runtime;

/// <summary>
/// The working memory of one model instance: one pinned, 64-byte aligned block in which the build's
/// memory plan gave every intermediate tensor an offset. Generated code takes typed views of it.
/// </summary>
public sealed unsafe class Arena
{
    /// <summary>The alignment of the block and of every tensor the memory planner places in it.</summary>
    public const int Alignment = 64;

    private readonly byte[] _block;
    private readonly byte* _base;
    private readonly int _size;

    /// <summary>Allocates an arena of <paramref name="size"/> bytes, zeroed.</summary>
    public Arena(int size)
    {
        if (size < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size));
        }

        _size = size;
        // Pinned so that views are stable pointers; zeroed so a result never depends on stale memory.
        _block = GC.AllocateArray<byte>(size + Alignment, pinned: true);
        byte* p = (byte*)Unsafe.AsPointer(ref _block[0]);
        _base = (byte*)(((nuint)p + (Alignment - 1)) & ~(nuint)(Alignment - 1));
    }

    /// <summary>The arena's size in bytes.</summary>
    public int Size => _size;

    /// <summary>A view of <paramref name="length"/> elements at byte <paramref name="offset"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<T> View<T>(int offset, int length)
        where T : unmanaged
    {
        if ((ulong)(uint)offset + ((ulong)(uint)length * (ulong)sizeof(T)) > (ulong)(uint)_size)
        {
            ThrowOutOfRange(offset, length);
        }

        return new Span<T>(_base + offset, length);
    }

    /// <summary>A float32 view.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<float> F32(int offset, int length) => View<float>(offset, length);

    /// <summary>A float64 view.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<double> F64(int offset, int length) => View<double>(offset, length);

    /// <summary>A float16 view.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<Half> F16(int offset, int length) => View<Half>(offset, length);

    /// <summary>An int64 view.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<long> I64(int offset, int length) => View<long>(offset, length);

    /// <summary>An int32 view.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<int> I32(int offset, int length) => View<int>(offset, length);

    /// <summary>An int16 view.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<short> I16(int offset, int length) => View<short>(offset, length);

    /// <summary>An int8 view.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<sbyte> I8(int offset, int length) => View<sbyte>(offset, length);

    /// <summary>A uint8 view.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> U8(int offset, int length) => View<byte>(offset, length);

    /// <summary>A uint16 view.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<ushort> U16(int offset, int length) => View<ushort>(offset, length);

    /// <summary>A uint32 view.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<uint> U32(int offset, int length) => View<uint>(offset, length);

    /// <summary>A uint64 view.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<ulong> U64(int offset, int length) => View<ulong>(offset, length);

    /// <summary>A bool view (one byte per element, as ONNX stores them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<bool> Bool(int offset, int length) => View<bool>(offset, length);

    private void ThrowOutOfRange(int offset, int length) =>
        throw new NeoRuntimeException(
            "NEO3002",
            $"NEO3002: the memory plan asks for {length} elements at byte {offset} of a {_size}-byte arena. The generated code and the runtime disagree; rebuild the project so both come from the same Neo version.");
}
