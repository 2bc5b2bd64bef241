using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Neo.Runtime.Threading;

namespace Neo.Runtime.Kernels;

/// <summary>
/// Elementwise kernels: one operator (or a fused chain) applied to every element. Unary loops take the
/// widest accelerated vector (512, 256, then 128 bits) and finish the tail one element at a time, so a
/// kernel may run in place (x and y the same memory).
/// </summary>
public static class Elementwise
{
    /// <summary>y[i] = op(x[i]). <paramref name="x"/> and <paramref name="y"/> may be the same memory.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Unary<TOp>(ReadOnlySpan<float> x, Span<float> y, TOp op)
        where TOp : struct, IUnaryOperator
    {
        int n = y.Length;
        if (x.Length < n)
        {
            ThrowShort();
        }

        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        nuint i = 0, count = (nuint)n;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 16 <= count; i += 16)
            {
                op.Invoke(Vector512.LoadUnsafe(ref xs, i)).StoreUnsafe(ref ys, i);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= count; i += 8)
            {
                op.Invoke(Vector256.LoadUnsafe(ref xs, i)).StoreUnsafe(ref ys, i);
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + 4 <= count; i += 4)
            {
                op.Invoke(Vector128.LoadUnsafe(ref xs, i)).StoreUnsafe(ref ys, i);
            }
        }

        for (; i < count; i++)
        {
            Unsafe.Add(ref ys, i) = op.Invoke(Unsafe.Add(ref xs, i));
        }
    }

    /// <summary>y[i] = op(a[i], b[i]) for tensors of the same shape.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Binary<T, TOp>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y, TOp op)
        where TOp : struct, IBinaryOperator<T>
    {
        if (a.Length < y.Length || b.Length < y.Length)
        {
            ThrowShort();
        }

        Row(ref MemoryMarshal.GetReference(a), 1, ref MemoryMarshal.GetReference(b), 1, ref MemoryMarshal.GetReference(y), (nuint)y.Length, op);
    }

    /// <summary>y[i] = op(a[i], b) for a scalar right operand.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BinaryScalarRight<T, TOp>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y, TOp op)
        where TOp : struct, IBinaryOperator<T>
    {
        if (a.Length < y.Length || b.IsEmpty)
        {
            ThrowShort();
        }

        Row(ref MemoryMarshal.GetReference(a), 1, ref MemoryMarshal.GetReference(b), 0, ref MemoryMarshal.GetReference(y), (nuint)y.Length, op);
    }

    /// <summary>y[i] = op(a, b[i]) for a scalar left operand.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BinaryScalarLeft<T, TOp>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y, TOp op)
        where TOp : struct, IBinaryOperator<T>
    {
        if (b.Length < y.Length || a.IsEmpty)
        {
            ThrowShort();
        }

        Row(ref MemoryMarshal.GetReference(a), 0, ref MemoryMarshal.GetReference(b), 1, ref MemoryMarshal.GetReference(y), (nuint)y.Length, op);
    }

    /// <summary>
    /// Numpy-broadcast binary operation. <paramref name="shape"/> is the output shape (dims merged where
    /// possible by the compiler); <paramref name="aStrides"/> and <paramref name="bStrides"/> are element
    /// strides, 0 along broadcast dimensions. The innermost dimension runs on vectors when it is contiguous
    /// or broadcast in each operand.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BinaryBroadcast<T, TOp>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y, ReadOnlySpan<int> shape, ReadOnlySpan<int> aStrides, ReadOnlySpan<int> bStrides, TOp op)
        where TOp : struct, IBinaryOperator<T>
    {
        int rank = shape.Length;
        if (rank == 0)
        {
            y[0] = op.Invoke(a[0], b[0]);
            return;
        }

        BroadcastRows(a, b, y, shape, aStrides, bStrides, op, 0, y.Length / Math.Max(shape[rank - 1], 1));
    }

    /// <summary>
    /// <see cref="BinaryBroadcast{T, TOp}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, ReadOnlySpan{int}, ReadOnlySpan{int}, ReadOnlySpan{int}, TOp)"/>
    /// with its rows split across <paramref name="team"/>: float32 outputs of at least
    /// <see cref="ParallelBroadcastElements"/> elements (a squeeze-and-excitation block's channel scaling); the rest on
    /// the calling thread.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void BinaryBroadcast<T, TOp>(ThreadTeam team, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y, ReadOnlySpan<int> shape, ReadOnlySpan<int> aStrides, ReadOnlySpan<int> bStrides, TOp op)
        where TOp : struct, IBinaryOperator<T>
    {
        int rank = shape.Length;
        int rows = rank == 0 ? 1 : y.Length / Math.Max(shape[rank - 1], 1);
        if (team.Threads == 1 || typeof(T) != typeof(float) || rows < 2 || y.Length < ParallelBroadcastElements
            || aStrides.Length < rank || bStrides.Length < rank)
        {
            BinaryBroadcast(a, b, y, shape, aStrides, bStrides, op);
            return;
        }

        // Bounds up front (the rows check them again), so a short operand throws here rather than on a worker.
        long lastA = 0, lastB = 0;
        for (int d = 0; d < rank; d++)
        {
            lastA += (shape[d] - 1) * (long)aStrides[d];
            lastB += (shape[d] - 1) * (long)bStrides[d];
        }

        if (lastA >= a.Length || lastB >= b.Length || (long)rows * shape[rank - 1] > y.Length)
        {
            ThrowShort();
        }

        // Pinned as float (T is float here), so the workers can rebuild the spans.
        fixed (float* pa = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(a)), a.Length))
        fixed (float* pb = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(b)), b.Length))
        fixed (float* py = MemoryMarshal.CreateSpan(ref Unsafe.As<T, float>(ref MemoryMarshal.GetReference(y)), y.Length))
        fixed (int* ps = shape, psa = aStrides, psb = bStrides)
        {
            var job = new BroadcastJob<T, TOp>
            {
                A = pa, B = pb, Y = py, ALength = a.Length, BLength = b.Length, YLength = y.Length,
                Shape = ps, AStrides = psa, BStrides = psb, Rank = rank, Op = op,
            };
            team.Run(rows, ref job);
        }
    }

    /// <summary>Broadcast outputs smaller than this run on the calling thread.</summary>
    public const int ParallelBroadcastElements = 64 * 1024;

    private unsafe struct BroadcastJob<T, TOp> : IParallelJob
        where TOp : struct, IBinaryOperator<T>
    {
        public void* A, B, Y;
        public int ALength, BLength, YLength, Rank;
        public int* Shape, AStrides, BStrides;
        public TOp Op;

        public readonly void Execute(int start, int end) => BroadcastRows(
            new ReadOnlySpan<T>(A, ALength), new ReadOnlySpan<T>(B, BLength), new Span<T>(Y, YLength),
            new ReadOnlySpan<int>(Shape, Rank), new ReadOnlySpan<int>(AStrides, Rank), new ReadOnlySpan<int>(BStrides, Rank), Op, start, end);
    }

    /// <summary>Output rows (innermost-dimension runs) <paramref name="start"/> to <paramref name="end"/> of a broadcast.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BroadcastRows<T, TOp>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y, ReadOnlySpan<int> shape, ReadOnlySpan<int> aStrides, ReadOnlySpan<int> bStrides, TOp op, int start, int end)
        where TOp : struct, IBinaryOperator<T>
    {
        int rank = shape.Length;
        int inner = shape[rank - 1];
        int sa = aStrides[rank - 1], sb = bStrides[rank - 1];
        Span<int> index = stackalloc int[rank];
        index.Clear();
        for (int d = rank - 2, rest = start; d >= 0; d--)
        {
            index[d] = rest % shape[d];
            rest /= shape[d];
        }

        int yo = start * inner;
        for (int o = start; o < end; o++)
        {
            int ao = 0, bo = 0;
            for (int d = 0; d < rank - 1; d++)
            {
                ao += index[d] * aStrides[d];
                bo += index[d] * bStrides[d];
            }

            // Bounds: the last element each operand's row reads.
            if (ao + ((inner - 1) * (long)sa) >= a.Length || bo + ((inner - 1) * (long)sb) >= b.Length || yo + inner > y.Length)
            {
                ThrowShort();
            }

            Row(ref Unsafe.Add(ref MemoryMarshal.GetReference(a), ao), sa, ref Unsafe.Add(ref MemoryMarshal.GetReference(b), bo), sb, ref Unsafe.Add(ref MemoryMarshal.GetReference(y), yo), (nuint)inner, op);
            yo += inner;
            for (int d = rank - 2; d >= 0; d--)
            {
                if (++index[d] < shape[d])
                {
                    break;
                }

                index[d] = 0;
            }
        }
    }

    /// <summary>
    /// One row of a binary operation; operands contiguous (stride 1), broadcast (stride 0) or strided. float32
    /// Add, Sub, Mul and Div on contiguous or broadcast operands run on vectors (<see cref="FloatRow{TOp}"/>); the
    /// rest one element at a time (the operators are implemented for eleven element types).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row<T, TOp>(ref T a, int sa, ref T b, int sb, ref T y, nuint n, TOp op)
        where TOp : struct, IBinaryOperator<T>
    {
        if (typeof(T) == typeof(float) && VectorArithmetic.Applies<TOp>()
            && (uint)sa <= 1 && (uint)sb <= 1 && Vector128.IsHardwareAccelerated)
        {
            FloatRow<TOp>(ref Unsafe.As<T, float>(ref a), sa, ref Unsafe.As<T, float>(ref b), sb, ref Unsafe.As<T, float>(ref y), n);
            return;
        }

        for (nuint i = 0; i < n; i++)
        {
            Unsafe.Add(ref y, i) = op.Invoke(Unsafe.Add(ref a, (nint)i * sa), Unsafe.Add(ref b, (nint)i * sb));
        }
    }

    /// <summary>
    /// y[i] = a[i·sa] op b[i·sb] for float32 arithmetic, each stride 0 (broadcast: the squeeze-and-excitation scale of
    /// EfficientNet and MobileNetV3, a bias) or 1, on the widest accelerated vectors.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FloatRow<TOp>(ref float a, int sa, ref float b, int sb, ref float y, nuint n)
    {
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> ca = Vector512.Create(a), cb = Vector512.Create(b);
            for (; i + 16 <= n; i += 16)
            {
                Vector512<float> va = sa == 0 ? ca : Vector512.LoadUnsafe(ref a, i);
                Vector512<float> vb = sb == 0 ? cb : Vector512.LoadUnsafe(ref b, i);
                VectorArithmetic.Apply<TOp>(va, vb).StoreUnsafe(ref y, i);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> ca = Vector256.Create(a), cb = Vector256.Create(b);
            for (; i + 8 <= n; i += 8)
            {
                Vector256<float> va = sa == 0 ? ca : Vector256.LoadUnsafe(ref a, i);
                Vector256<float> vb = sb == 0 ? cb : Vector256.LoadUnsafe(ref b, i);
                VectorArithmetic.Apply<TOp>(va, vb).StoreUnsafe(ref y, i);
            }
        }

        {
            Vector128<float> ca = Vector128.Create(a), cb = Vector128.Create(b);
            for (; i + 4 <= n; i += 4)
            {
                Vector128<float> va = sa == 0 ? ca : Vector128.LoadUnsafe(ref a, i);
                Vector128<float> vb = sb == 0 ? cb : Vector128.LoadUnsafe(ref b, i);
                VectorArithmetic.Apply<TOp>(va, vb).StoreUnsafe(ref y, i);
            }
        }

        for (; i < n; i++)
        {
            float va = Unsafe.Add(ref a, (nint)i * sa), vb = Unsafe.Add(ref b, (nint)i * sb);
            Unsafe.Add(ref y, i) = VectorArithmetic.Apply<TOp>(va, vb);
        }
    }

    private static void ThrowShort() =>
        throw new ArgumentException("NEO3020: an elementwise operand is shorter than the output.");
}
