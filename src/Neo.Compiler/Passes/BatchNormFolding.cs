using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.IR;

namespace Neo.Compiler.Passes;

/// <summary>
/// Folds an inference-mode BatchNormalization into the Conv or Gemm before it: with a = scale / sqrt(var + ε)
/// and b = B - mean · a per channel, the weights of output channel c are multiplied by a[c] and the bias
/// becomes bias · a + b. Only when the BatchNormalization is the Conv's sole reader (otherwise the
/// unnormalized output is still needed) and its parameters are known at build time.
/// </summary>
public sealed class BatchNormFolding : IPass
{
    public string Name => "BatchNormFolding";

    public Graph Run(Graph graph, PassContext context)
    {
        Dictionary<Value, List<Node>> consumers = graph.Consumers();
        foreach (Node bn in graph.Nodes.ToArray())
        {
            if (!bn.Is("BatchNormalization") || bn.GetInt("training_mode", 0) != 0
                || (bn.OpsetVersion is > 0 and < 9 && bn.GetInt("spatial", 1) == 0) || bn.Outputs.Skip(1).Any(o => o is not null)
                || bn.Input(0) is not { Producer: { } producer } x || !graph.OnlyReadBy(x, bn, consumers)
                || Enumerable.Range(1, 4).Any(i => bn.Input(i)?.Constant is not { } c || !DataTypes.IsFloat(c.Type)))
            {
                continue;
            }

            int channels = ChannelAffine.Channels(producer);
            if (channels == 0 || bn.Input(1)!.Size != channels)
            {
                continue;
            }

            (float[] multiplier, float[] offset) = Coefficients(bn);
            ChannelAffine.Absorb(producer, multiplier, offset);
            ChannelAffine.Replace(graph, producer, bn);
            consumers = graph.Consumers();
        }

        return graph;
    }

    /// <summary>Per channel: the multiplier a = scale / sqrt(var + ε) and the offset b = B - mean · a.</summary>
    public static (float[] Multiplier, float[] Offset) Coefficients(Node bn)
    {
        float[][] p = Enumerable.Range(1, 4).Select(i => bn.Input(i)!.Constant!.ToDoubleArray().Select(v => (float)v).ToArray()).ToArray();
        double epsilon = bn.GetFloat("epsilon", 1e-5f);
        var multiplier = new float[p[0].Length];
        var offset = new float[p[0].Length];
        for (int c = 0; c < multiplier.Length; c++)
        {
            // In double, rounded once: the folded weights then differ from exact arithmetic by one rounding.
            double a = p[0][c] / System.Math.Sqrt(p[3][c] + epsilon);
            multiplier[c] = (float)a;
            offset[c] = (float)(p[1][c] - (p[2][c] * a));
        }

        return (multiplier, offset);
    }
}
