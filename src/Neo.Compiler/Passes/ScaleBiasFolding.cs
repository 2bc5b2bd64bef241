using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.IR;

namespace Neo.Compiler.Passes;

/// <summary>
/// Folds Mul, Div, Add and Sub by per-channel constants (a scalar, a [C,1,1] or [1,C] tensor) after a Conv
/// or Gemm into its weights and bias: Mul(conv, s) scales output channel c's weights and bias by s[c];
/// Add(conv, t) adds t[c] to the bias. Exporters leave these behind from normalization layers, scaled
/// residual branches and explicit biases. Only when the Conv's output has no other reader.
/// </summary>
public sealed class ScaleBiasFolding : IPass
{
    public string Name => "ScaleBiasFolding";

    public Graph Run(Graph graph, PassContext context)
    {
        Dictionary<Value, List<Node>> consumers = graph.Consumers();
        bool changed = true;
        while (changed)
        {
            changed = false;
            foreach (Node n in graph.Nodes.ToArray())
            {
                if (!graph.Nodes.Contains(n) || n.Output(0) is not { } y || consumers.ReadersOf(y) is not [Node reader] || !graph.OnlyReadBy(y, reader, consumers))
                {
                    continue;
                }

                int channels = ChannelAffine.Channels(n);
                if (channels == 0 || reader.Output(0) is not { } r || !Shapes.Equal(r.Shape, y.Shape) || reader.OtherOperand(y) is not { } operand)
                {
                    continue;
                }

                float[]? c = ChannelAffine.PerChannel(operand, channels, y.Rank);
                if (c is null)
                {
                    continue;
                }

                bool left = ReferenceEquals(reader.Input(1), y);
                (float[]? scale, float[] shift) = reader switch
                {
                    _ when reader.Is("Mul") => (c, new float[channels]),
                    _ when reader.Is("Add") => (null, c),
                    _ when reader.Is("Sub") && !left => (null, c.Select(v => -v).ToArray()),
                    _ when reader.Is("Sub") && left => (Enumerable.Repeat(-1f, channels).ToArray(), c),
                    _ when reader.Is("Div") && !left => (c.Select(v => 1f / v).ToArray(), new float[channels]),
                    _ => ((float[]?)null, (float[])null!),
                };
                if (shift is null)
                {
                    continue;
                }

                ChannelAffine.Absorb(n, scale, shift);
                ChannelAffine.Replace(graph, n, reader);
                consumers = graph.Consumers();
                changed = true;
            }
        }

        return graph;
    }
}
