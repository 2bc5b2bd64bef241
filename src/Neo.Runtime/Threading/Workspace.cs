using System;
using System.Runtime.CompilerServices;

namespace Neo.Runtime.Threading;

/// <summary>
/// Per-thread working memory of the kernels (packed GEMM panels, transformed Winograd tiles): pinned,
/// 64-byte aligned, grown on first use and then reused, so steady-state calls allocate nothing. Per thread
/// rather than per model instance, because one team's threads work at the same time and the serial team
/// is shared by every instance that runs on the calling thread.
/// </summary>
internal static unsafe class Workspace
{
    /// <summary>The separate regions a kernel may hold at once.</summary>
    public const int Slots = 4;

    [ThreadStatic]
    private static Block[]? t_blocks;

    /// <summary>
    /// At least <paramref name="floats"/> floats of slot <paramref name="slot"/>, 64-byte aligned. The memory
    /// stays valid until this thread asks for the same slot again.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float* Get(int slot, long floats)
    {
        Block[]? blocks = t_blocks;
        if (blocks is not null && blocks[slot].Floats >= floats)
        {
            return blocks[slot].Pointer;
        }

        return Grow(slot, floats);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float* Grow(int slot, long floats)
    {
        Block[] blocks = t_blocks ??= new Block[Slots];
        long size = Math.Max(floats, blocks[slot].Floats * 2);
        // 16 extra floats to align the start to 64 bytes.
        float[] array = GC.AllocateUninitializedArray<float>(checked((int)(size + 16)), pinned: true);
        float* p = (float*)Unsafe.AsPointer(ref array[0]);
        p = (float*)(((nuint)p + 63) & ~(nuint)63);
        blocks[slot] = new Block(array, p, size);
        return p;
    }

    private readonly struct Block
    {
        public Block(float[] array, float* pointer, long floats)
        {
            Array = array;
            Pointer = pointer;
            Floats = floats;
        }

        public float[] Array { get; }

        public float* Pointer { get; }

        public long Floats { get; }
    }
}
