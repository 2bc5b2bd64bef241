using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Neo.Runtime.Kernels;

/// <summary>
/// What a fused group of elementwise operators computes for one output element, from the matching
/// elements of up to four inputs. Built at compile time by composing <see cref="Arg0"/>..<see cref="Arg3"/>,
/// <see cref="Literal"/>, <see cref="Apply{TOp, TArg}"/> and <see cref="Combine{TOp, TLeft, TRight}"/>
/// as generic struct arguments, so the JIT compiles one loop per fused group with every call inlined.
/// </summary>
public interface IElementwiseExpression
{
    /// <summary>The value of the expression for one element of each input (unused inputs are 0).</summary>
    float Invoke(float x0, float x1, float x2, float x3);

    /// <summary>The expression on eight elements of each input at once.</summary>
    Vector256<float> Invoke(Vector256<float> x0, Vector256<float> x1, Vector256<float> x2, Vector256<float> x3);
}

/// <summary>e = x0, the first input's element.</summary>
public readonly struct Arg0 : IElementwiseExpression
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x0, float x1, float x2, float x3) => x0;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x0, Vector256<float> x1, Vector256<float> x2, Vector256<float> x3) => x0;
}

/// <summary>e = x1, the second input's element.</summary>
public readonly struct Arg1 : IElementwiseExpression
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x0, float x1, float x2, float x3) => x1;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x0, Vector256<float> x1, Vector256<float> x2, Vector256<float> x3) => x1;
}

/// <summary>e = x2, the third input's element.</summary>
public readonly struct Arg2 : IElementwiseExpression
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x0, float x1, float x2, float x3) => x2;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x0, Vector256<float> x1, Vector256<float> x2, Vector256<float> x3) => x2;
}

/// <summary>e = x3, the fourth input's element.</summary>
public readonly struct Arg3 : IElementwiseExpression
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x0, float x1, float x2, float x3) => x3;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x0, Vector256<float> x1, Vector256<float> x2, Vector256<float> x3) => x3;
}

/// <summary>e = c, a constant known at build time (a scalar operand of the fused group).</summary>
public readonly struct Literal : IElementwiseExpression
{
    private readonly float _value;

    /// <summary>Creates the constant.</summary>
    public Literal(float value) => _value = value;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x0, float x1, float x2, float x3) => _value;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x0, Vector256<float> x1, Vector256<float> x2, Vector256<float> x3) => Vector256.Create(_value);
}

/// <summary>e = op(arg).</summary>
public readonly struct Apply<TOp, TArg> : IElementwiseExpression
    where TOp : struct, IUnaryOperator
    where TArg : struct, IElementwiseExpression
{
    private readonly TOp _op;
    private readonly TArg _arg;

    /// <summary>Creates the expression.</summary>
    public Apply(TOp op, TArg arg)
    {
        _op = op;
        _arg = arg;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x0, float x1, float x2, float x3) => _op.Invoke(_arg.Invoke(x0, x1, x2, x3));

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x0, Vector256<float> x1, Vector256<float> x2, Vector256<float> x3) => _op.Invoke(_arg.Invoke(x0, x1, x2, x3));
}

/// <summary>e = op(left, right).</summary>
public readonly struct Combine<TOp, TLeft, TRight> : IElementwiseExpression
    where TOp : struct, IBinaryOperator<float>
    where TLeft : struct, IElementwiseExpression
    where TRight : struct, IElementwiseExpression
{
    private readonly TOp _op;
    private readonly TLeft _left;
    private readonly TRight _right;

    /// <summary>Creates the expression.</summary>
    public Combine(TOp op, TLeft left, TRight right)
    {
        _op = op;
        _left = left;
        _right = right;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x0, float x1, float x2, float x3) => _op.Invoke(_left.Invoke(x0, x1, x2, x3), _right.Invoke(x0, x1, x2, x3));

    /// <summary>Add, Sub, Mul and Div on whole vectors (the JIT folds the type tests away); others lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x0, Vector256<float> x1, Vector256<float> x2, Vector256<float> x3)
    {
        Vector256<float> l = _left.Invoke(x0, x1, x2, x3), r = _right.Invoke(x0, x1, x2, x3);
        return VectorArithmetic.Applies<TOp>() ? VectorArithmetic.Apply<TOp>(l, r) : Lanes(_op, l, r);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector256<float> Lanes(TOp op, Vector256<float> l, Vector256<float> r) =>
        Vector256.Create(
            op.Invoke(l.GetElement(0), r.GetElement(0)), op.Invoke(l.GetElement(1), r.GetElement(1)),
            op.Invoke(l.GetElement(2), r.GetElement(2)), op.Invoke(l.GetElement(3), r.GetElement(3)),
            op.Invoke(l.GetElement(4), r.GetElement(4)), op.Invoke(l.GetElement(5), r.GetElement(5)),
            op.Invoke(l.GetElement(6), r.GetElement(6)), op.Invoke(l.GetElement(7), r.GetElement(7)));
}

/// <summary>
/// f(x) = op(x, b) for a constant b: a binary operator with its right operand known at build time, as an
/// epilogue. Add, Sub, Mul and Div run on whole vectors (the JIT folds the type tests away); others lane by lane.
/// </summary>
public readonly struct BindRight<TOp> : IUnaryOperator
    where TOp : struct, IBinaryOperator<float>
{
    private readonly float _right;

    /// <summary>Creates the operator.</summary>
    public BindRight(float right) => _right = right;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => default(TOp).Invoke(x, _right);

    /// <summary>The function on each lane of a 128-bit vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) =>
        VectorArithmetic.Applies<TOp>() ? VectorArithmetic.Apply<TOp>(x, Vector128.Create(_right)) : LaneWise.Apply(this, x);

    /// <summary>The function on each lane of a 256-bit vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) =>
        VectorArithmetic.Applies<TOp>() ? VectorArithmetic.Apply<TOp>(x, Vector256.Create(_right)) : LaneWise.Apply(this, x);

    /// <summary>The function on each lane of a 512-bit vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) =>
        VectorArithmetic.Applies<TOp>() ? VectorArithmetic.Apply<TOp>(x, Vector512.Create(_right)) : LaneWise.Apply(this, x);
}

/// <summary>
/// f(x) = op(a, x) for a constant a: a binary operator with its left operand known at build time, as an
/// epilogue. Add, Sub, Mul and Div run on whole vectors; others lane by lane.
/// </summary>
public readonly struct BindLeft<TOp> : IUnaryOperator
    where TOp : struct, IBinaryOperator<float>
{
    private readonly float _left;

    /// <summary>Creates the operator.</summary>
    public BindLeft(float left) => _left = left;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float Invoke(float x) => default(TOp).Invoke(_left, x);

    /// <summary>The function on each lane of a 128-bit vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<float> Invoke(Vector128<float> x) =>
        VectorArithmetic.Applies<TOp>() ? VectorArithmetic.Apply<TOp>(Vector128.Create(_left), x) : LaneWise.Apply(this, x);

    /// <summary>The function on each lane of a 256-bit vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Invoke(Vector256<float> x) =>
        VectorArithmetic.Applies<TOp>() ? VectorArithmetic.Apply<TOp>(Vector256.Create(_left), x) : LaneWise.Apply(this, x);

    /// <summary>The function on each lane of a 512-bit vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Invoke(Vector512<float> x) =>
        VectorArithmetic.Applies<TOp>() ? VectorArithmetic.Apply<TOp>(Vector512.Create(_left), x) : LaneWise.Apply(this, x);
}

/// <summary>One loop for a whole group of elementwise and broadcast operators (what the optimizer fused).</summary>
public static class FusedElementwise
{
    // An absent input reads element 0 of this (its strides are all 0), so the loop needs no branch per input.
    private static readonly float[] s_zero = new float[1];

    /// <summary>One output row on 256-bit vectors: input k is read at rk[i] (stride 1) or is rk[0] throughout (stride 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void VectorRow<TExpression>(ReadOnlySpan<float> r0, int s0, ReadOnlySpan<float> r1, int s1, ReadOnlySpan<float> r2, int s2, ReadOnlySpan<float> r3, int s3, Span<float> row, TExpression expression)
        where TExpression : struct, IElementwiseExpression
    {
        ref float b0 = ref MemoryMarshal.GetReference(r0), b1 = ref MemoryMarshal.GetReference(r1);
        ref float b2 = ref MemoryMarshal.GetReference(r2), b3 = ref MemoryMarshal.GetReference(r3);
        ref float by = ref MemoryMarshal.GetReference(row);
        Vector256<float> c0 = Vector256.Create(b0), c1 = Vector256.Create(b1), c2 = Vector256.Create(b2), c3 = Vector256.Create(b3);
        nuint n = (nuint)row.Length, i = 0;
        for (; i + 8 <= n; i += 8)
        {
            Vector256<float> v0 = s0 == 0 ? c0 : Vector256.LoadUnsafe(ref b0, i);
            Vector256<float> v1 = s1 == 0 ? c1 : Vector256.LoadUnsafe(ref b1, i);
            Vector256<float> v2 = s2 == 0 ? c2 : Vector256.LoadUnsafe(ref b2, i);
            Vector256<float> v3 = s3 == 0 ? c3 : Vector256.LoadUnsafe(ref b3, i);
            expression.Invoke(v0, v1, v2, v3).StoreUnsafe(ref by, i);
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref by, i) = expression.Invoke(
                Unsafe.Add(ref b0, (nint)i * s0), Unsafe.Add(ref b1, (nint)i * s1), Unsafe.Add(ref b2, (nint)i * s2), Unsafe.Add(ref b3, (nint)i * s3));
        }
    }

    /// <summary>
    /// y[i] = expression(x0[i0], x1[i1], x2[i2], x3[i3]) over the output <paramref name="shape"/> (dimensions merged
    /// where every input allows). <paramref name="strides"/> holds, for input k, its element stride along each
    /// dimension at <c>strides[k * shape.Length + d]</c>, 0 where the input is broadcast. Absent inputs are empty.
    /// <paramref name="y"/> may share memory with an input of the output's full shape.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TExpression>(
        ReadOnlySpan<float> x0,
        ReadOnlySpan<float> x1,
        ReadOnlySpan<float> x2,
        ReadOnlySpan<float> x3,
        Span<float> y,
        ReadOnlySpan<int> shape,
        ReadOnlySpan<int> strides,
        TExpression expression)
        where TExpression : struct, IElementwiseExpression
    {
        int rank = shape.Length;
        if (x0.IsEmpty)
        {
            x0 = s_zero;
        }

        if (x1.IsEmpty)
        {
            x1 = s_zero;
        }

        if (x2.IsEmpty)
        {
            x2 = s_zero;
        }

        if (x3.IsEmpty)
        {
            x3 = s_zero;
        }

        if (rank == 0)
        {
            y[0] = expression.Invoke(x0[0], x1[0], x2[0], x3[0]);
            return;
        }

        int last = rank - 1;
        int inner = shape[last];
        int s0 = strides[last], s1 = strides[rank + last], s2 = strides[(2 * rank) + last], s3 = strides[(3 * rank) + last];
        Span<int> index = stackalloc int[rank];
        index.Clear();
        int outer = inner == 0 ? 0 : y.Length / inner;
        int yo = 0;
        for (int o = 0; o < outer; o++)
        {
            int o0 = 0, o1 = 0, o2 = 0, o3 = 0;
            for (int d = 0; d < last; d++)
            {
                int ix = index[d];
                o0 += ix * strides[d];
                o1 += ix * strides[rank + d];
                o2 += ix * strides[(2 * rank) + d];
                o3 += ix * strides[(3 * rank) + d];
            }

            Span<float> row = y.Slice(yo, inner);
            if (Vector256.IsHardwareAccelerated && inner >= 8 && (uint)s0 <= 1 && (uint)s1 <= 1 && (uint)s2 <= 1 && (uint)s3 <= 1)
            {
                // Each input contiguous (stride 1) or broadcast (stride 0) along the row: eight elements at a time.
                ReadOnlySpan<float> r0 = x0.Slice(o0, s0 == 0 ? 1 : inner), r1 = x1.Slice(o1, s1 == 0 ? 1 : inner);
                ReadOnlySpan<float> r2 = x2.Slice(o2, s2 == 0 ? 1 : inner), r3 = x3.Slice(o3, s3 == 0 ? 1 : inner);
                VectorRow(r0, s0, r1, s1, r2, s2, r3, s3, row, expression);
            }
            else if (s0 == 1 && s1 == 1 && s2 == 1 && s3 == 1)
            {
                ReadOnlySpan<float> r0 = x0.Slice(o0, inner), r1 = x1.Slice(o1, inner), r2 = x2.Slice(o2, inner), r3 = x3.Slice(o3, inner);
                for (int i = 0; i < row.Length; i++)
                {
                    row[i] = expression.Invoke(r0[i], r1[i], r2[i], r3[i]);
                }
            }
            else
            {
                for (int i = 0; i < row.Length; i++)
                {
                    row[i] = expression.Invoke(x0[o0 + (i * s0)], x1[o1 + (i * s1)], x2[o2 + (i * s2)], x3[o3 + (i * s3)]);
                }
            }

            yo += inner;
            for (int d = last - 1; d >= 0; d--)
            {
                if (++index[d] < shape[d])
                {
                    break;
                }

                index[d] = 0;
            }
        }
    }
}
