using System;
using Neo.Compiler.IR;

namespace Neo.Compiler.Operators.Nn;

/// <summary>
/// Output sizes and padding of sliding-window operators (Conv, pooling), per ONNX: explicit pads or
/// auto_pad (VALID, SAME_UPPER, SAME_LOWER), dilations, and ceil_mode for pooling.
/// </summary>
public sealed class WindowGeometry
{
    public int[] Kernel { get; private init; } = Array.Empty<int>();

    public int[] Strides { get; private init; } = Array.Empty<int>();

    public int[] Dilations { get; private init; } = Array.Empty<int>();

    public int[] PadsBegin { get; private init; } = Array.Empty<int>();

    public int[] PadsEnd { get; private init; } = Array.Empty<int>();

    public int[] Output { get; private init; } = Array.Empty<int>();

    /// <summary>Computes the geometry of <paramref name="node"/> over <paramref name="input"/>'s spatial dims.</summary>
    public static WindowGeometry Compute(Node node, int[] input, int[] kernel, bool ceilMode)
    {
        int rank = input.Length;
        int[] strides = Ints(node, "strides", rank, 1);
        int[] dilations = Ints(node, "dilations", rank, 1);
        long[]? padsAttr = node.GetInts("pads");
        string autoPad = node.GetString("auto_pad", "NOTSET");
        var begin = new int[rank];
        var end = new int[rank];
        var output = new int[rank];
        if (padsAttr is not null && padsAttr.Length != 2 * rank && autoPad is "NOTSET" or "")
        {
            throw new Diagnostics.CompileErrorException(Diagnostics.DiagnosticCodes.InvalidNode, $"node {node.Display} has {padsAttr.Length} pads for {rank} spatial dimensions; it needs {2 * rank}.", node.Name);
        }

        for (int d = 0; d < rank; d++)
        {
            if (strides[d] <= 0 || dilations[d] <= 0 || kernel[d] <= 0)
            {
                throw new Diagnostics.CompileErrorException(Diagnostics.DiagnosticCodes.InvalidNode, $"node {node.Display} has a non-positive kernel size, stride or dilation.", node.Name);
            }

            int extent = ((kernel[d] - 1) * dilations[d]) + 1;
            switch (autoPad)
            {
                case "SAME_UPPER":
                case "SAME_LOWER":
                {
                    int outSize = (input[d] + strides[d] - 1) / strides[d];
                    int total = Math.Max(0, ((outSize - 1) * strides[d]) + extent - input[d]);
                    int small = total / 2;
                    begin[d] = autoPad == "SAME_UPPER" ? small : total - small;
                    end[d] = total - begin[d];
                    output[d] = outSize;
                    continue;
                }

                case "VALID":
                    begin[d] = 0;
                    end[d] = 0;
                    break;
                default:
                    begin[d] = padsAttr is null ? 0 : checked((int)padsAttr[d]);
                    end[d] = padsAttr is null ? 0 : checked((int)padsAttr[d + rank]);
                    break;
            }

            long span = (long)input[d] + begin[d] + end[d] - extent;
            if (span < 0)
            {
                throw new Diagnostics.CompileErrorException(Diagnostics.DiagnosticCodes.ShapeMismatch, $"node {node.Display}: its window ({extent}) is larger than the padded input ({input[d] + begin[d] + end[d]}) in spatial dimension {d}.", node.Name);
            }

            long o = ceilMode ? ((span + strides[d] - 1) / strides[d]) + 1 : (span / strides[d]) + 1;
            if (ceilMode && (o - 1) * strides[d] >= input[d] + begin[d])
            {
                // The last window would start in the end padding: PyTorch and ONNX Runtime drop it.
                o--;
            }

            output[d] = checked((int)o);
        }

        return new WindowGeometry { Kernel = kernel, Strides = strides, Dilations = dilations, PadsBegin = begin, PadsEnd = end, Output = output };
    }

    private static int[] Ints(Node node, string name, int rank, int fallback)
    {
        long[]? v = node.GetInts(name);
        if (v is null || v.Length == 0)
        {
            var r = new int[rank];
            Array.Fill(r, fallback);
            return r;
        }

        if (v.Length != rank)
        {
            throw new Diagnostics.CompileErrorException(Diagnostics.DiagnosticCodes.InvalidNode, $"node {node.Display} has {v.Length} {name} for {rank} spatial dimensions.", node.Name);
        }

        return Array.ConvertAll(v, x => checked((int)x));
    }
}
