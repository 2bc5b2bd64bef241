using System.Collections.Generic;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Support;

/// <summary>
/// A data movement written as "output element (i0..in) = input[offset + Σ i_d·strides[d]]": Transpose,
/// Slice, Expand, Tile, DepthToSpace. Dims of size 1 are dropped and contiguous neighbours merged, so the
/// kernel's inner loop is as long as the layout allows; the same plan folds constants.
/// </summary>
public sealed class StridedPlan
{
    private StridedPlan(int[] shape, int[] strides, int offset)
    {
        Shape = shape;
        Strides = strides;
        Offset = offset;
    }

    public int[] Shape { get; }

    public int[] Strides { get; }

    public int Offset { get; }

    /// <summary>Simplifies the movement over <paramref name="shape"/> with <paramref name="strides"/> from <paramref name="offset"/>.</summary>
    public static StridedPlan Create(int[] shape, int[] strides, int offset)
    {
        var s = new List<int>();
        var st = new List<int>();
        for (int d = 0; d < shape.Length; d++)
        {
            if (shape[d] == 1)
            {
                continue;
            }

            if (s.Count > 0 && st[^1] == strides[d] * shape[d])
            {
                s[^1] *= shape[d];
                st[^1] = strides[d];
                continue;
            }

            s.Add(shape[d]);
            st.Add(strides[d]);
        }

        if (s.Count == 0)
        {
            s.Add(1);
            st.Add(0);
        }

        return new StridedPlan(s.ToArray(), st.ToArray(), offset);
    }

    /// <summary>Whether the movement copies the input unchanged (a view would do).</summary>
    public bool IsIdentity(long inputLength) => Offset == 0 && Shape.Length == 1 && Strides[0] == 1 && Shape[0] == inputLength;

    /// <summary>Emits the copy (or an alias when nothing moves).</summary>
    public void Lower(LoweringContext context, Node node, Value x, Value y)
    {
        if (Shapes.Size(y.Shape!) == 0)
        {
            return;
        }

        if (IsIdentity(x.Size) && Shapes.Size(y.Shape!) == x.Size)
        {
            context.Alias(y, x, node);
            return;
        }

        context.Step("Strided.Copy").In("input", x).Out("output", y).Ints("shape", Shape).Ints("strides", Strides).Int("offset", Offset);
    }

    /// <summary>Runs the copy on a constant.</summary>
    public TensorData Fold(TensorData x, int[] outShape) =>
        Shapes.Size(outShape) == 0 ? TensorData.Create(x.Type, outShape) : KernelFolding.Strided(x, outShape, Shape, Strides, Offset);

    /// <summary>Row-major element strides of <paramref name="shape"/>.</summary>
    public static int[] RowMajor(int[] shape)
    {
        var s = new int[shape.Length];
        int acc = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            s[d] = acc;
            acc *= shape[d];
        }

        return s;
    }
}
