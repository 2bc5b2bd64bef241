using System;
using System.Runtime.CompilerServices;

namespace Neo.Runtime.Kernels;

/// <summary>How Pad fills the border (ONNX Pad's mode).</summary>
public enum PadMode
{
    /// <summary>A constant value.</summary>
    Constant = 0,

    /// <summary>The input mirrored without repeating the edge element.</summary>
    Reflect = 1,

    /// <summary>The edge element repeated.</summary>
    Edge = 2,

    /// <summary>The input repeated (wrap around).</summary>
    Wrap = 3,
}

/// <summary>
/// Data movement described by strides: one kernel for Transpose, Slice (steps, negative steps), Expand,
/// Tile (as a rank-doubled view with zero strides) and DepthToSpace/SpaceToDepth; and Pad.
/// </summary>
public static class Strided
{
    /// <summary>
    /// output[i0..in] = input[offset + Σ i_d·strides[d]] over <paramref name="shape"/> (the output shape, dims
    /// merged by the compiler). Strides may be zero (broadcast) or negative (reversed).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Copy<T>(ReadOnlySpan<T> input, Span<T> output, ReadOnlySpan<int> shape, ReadOnlySpan<int> strides, int offset)
    {
        int rank = shape.Length;
        if (output.Length == 0)
        {
            return;
        }

        if (rank == 0)
        {
            output[0] = input[offset];
            return;
        }

        int inner = shape[rank - 1], innerStride = strides[rank - 1];
        Span<int> index = stackalloc int[rank];
        index.Clear();
        int outer = output.Length / inner;
        int xo = offset, yo = 0;
        for (int o = 0; o < outer; o++)
        {
            if (innerStride == 1)
            {
                input.Slice(xo, inner).CopyTo(output.Slice(yo, inner));
            }
            else
            {
                for (int i = 0; i < inner; i++)
                {
                    output[yo + i] = input[xo + (i * innerStride)];
                }
            }

            yo += inner;
            for (int d = rank - 2; d >= 0; d--)
            {
                xo += strides[d];
                if (++index[d] < shape[d])
                {
                    break;
                }

                xo -= strides[d] * shape[d];
                index[d] = 0;
            }
        }
    }

    /// <summary>
    /// Pads <paramref name="input"/> of <paramref name="inputShape"/> by <paramref name="before"/> elements at the
    /// start of each dim (negative crops) into <paramref name="output"/> of <paramref name="outputShape"/>;
    /// constant mode fills with value[0].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Pad<T>(ReadOnlySpan<T> input, Span<T> output, ReadOnlySpan<int> inputShape, ReadOnlySpan<int> outputShape, ReadOnlySpan<int> before, PadMode mode, ReadOnlySpan<T> value)
    {
        int rank = outputShape.Length;
        Span<int> index = stackalloc int[rank];
        Span<int> strides = stackalloc int[rank];
        index.Clear();
        int acc = 1;
        for (int d = rank - 1; d >= 0; d--)
        {
            strides[d] = acc;
            acc *= inputShape[d];
        }

        for (int o = 0; o < output.Length; o++)
        {
            int src = 0;
            bool inside = true;
            for (int d = 0; d < rank; d++)
            {
                int n = inputShape[d];
                int i = index[d] - before[d];
                if (i < 0 || i >= n)
                {
                    switch (mode)
                    {
                        case PadMode.Constant:
                            inside = false;
                            break;
                        case PadMode.Edge:
                            i = i < 0 ? 0 : n - 1;
                            break;
                        case PadMode.Wrap:
                            i = ((i % n) + n) % n;
                            break;
                        default:
                            // Reflect: the period is 2(n-1); n = 1 reflects onto the only element.
                            int period = Math.Max(1, 2 * (n - 1));
                            i = ((i % period) + period) % period;
                            if (i >= n)
                            {
                                i = period - i;
                            }

                            break;
                    }
                }

                if (!inside)
                {
                    break;
                }

                src += i * strides[d];
            }

            output[o] = inside ? input[src] : value[0];
            for (int d = rank - 1; d >= 0; d--)
            {
                if (++index[d] < outputShape[d])
                {
                    break;
                }

                index[d] = 0;
            }
        }
    }
}
