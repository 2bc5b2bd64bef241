using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.IR;

namespace Neo.Compiler.Passes;

/// <summary>
/// Moves a per-channel multiplication computed at run time into the 1×1 convolution that reads its result:
/// Conv(x · s[c], W) for s of one value per channel ([1, C, 1, 1] or [C, 1, 1]) becomes a Conv that multiplies
/// channel c of x by s[c] as it packs x for the GEMM (<see cref="Node.InputScale"/>). That is the channel
/// scaling of a squeeze-and-excitation block (EfficientNet, MobileNetV3, RegNetY) followed by its projection:
/// the scaled tensor is never written, and its pass over memory is gone. Only 2-D 1×1 convolutions with stride
/// 1, no padding, one group and constant weights (those the GEMM reads in place), after
/// <see cref="EpilogueFusion"/> has given them their residual and epilogue, and only when the product has no
/// other reader.
/// </summary>
public sealed class ChannelScaleFusion : IPass
{
    /// <summary>Where the scale goes among the conv's inputs: after X, W, B and the residual.</summary>
    public const int InputScaleIndex = EpilogueFusion.ResidualInputIndex + 1;

    public string Name => "ChannelScaleFusion";

    public Graph Run(Graph graph, PassContext context)
    {
        Dictionary<Value, List<Node>> consumers = graph.Consumers();
        foreach (Node conv in graph.Nodes.ToArray())
        {
            if (!TakesScale(conv) || conv.Input(0) is not { } product || product.ProducedBy("Mul") is not { } mul
                || !graph.Nodes.Contains(mul) || !graph.OnlyReadBy(product, conv, consumers) || !mul.Guards.SequenceEqual(conv.Guards)
                || mul.Inputs.Count != 2 || mul.Outputs.Count != 1)
            {
                continue;
            }

            int channels = product.Shape![1];
            Value? x = null, scale = null;
            for (int i = 0; i < 2; i++)
            {
                if (mul.Inputs[i] is { Type: DataType.Float32 } full && Shapes.Equal(full.Shape, product.Shape)
                    && mul.Inputs[1 - i] is { Type: DataType.Float32 } s && IsPerChannel(s.Shape!, channels))
                {
                    (x, scale) = (full, s);
                    break;
                }
            }

            if (x is null || scale is null)
            {
                continue;
            }

            conv.Inputs[0] = x;
            while (conv.Inputs.Count < InputScaleIndex)
            {
                conv.Inputs.Add(null);
            }

            conv.Inputs.Add(scale);
            conv.InputScale = scale;
            conv.Absorb(new[] { mul });
            graph.Nodes.Remove(mul);
            consumers = graph.Consumers();
        }

        return graph;
    }

    /// <summary>A 2-D 1×1 convolution the GEMM reads in place (stride 1, no padding, one group, constant weights).</summary>
    private static bool TakesScale(Node n) =>
        n.Is("Conv") && n.InputScale is null && n.Inputs.Count <= InputScaleIndex && n.Outputs.Count == 1
        && n.Input(0) is { Type: DataType.Float32, Shape: { Length: 4 } }
        && n.Input(1) is { Constant: not null, Shape: [_, _, 1, 1] }
        && n.GetInt("group", 1) == 1
        && (n.GetInts("strides") ?? new long[] { 1, 1 }).All(v => v == 1)
        && (n.GetInts("pads") ?? new long[4]).All(v => v == 0)
        && n.GetString("auto_pad", "NOTSET") is "NOTSET" or "VALID";

    /// <summary>One value per channel, broadcast over the batch and the plane: [1, C, 1, 1] or [C, 1, 1].</summary>
    private static bool IsPerChannel(int[] shape, int channels) =>
        shape switch
        {
            [1, var c, 1, 1] => c == channels,
            [var c, 1, 1] => c == channels,
            _ => false,
        };
}
