using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Operators.Fused;

namespace Neo.Compiler.Passes;

/// <summary>
/// Recognizes softmax over masked attention scores, [Div(s, c) or Mul(s, c) →] Add(·, mask) → Softmax over
/// the last axis, and replaces it by one neo.MaskedSoftmax(s, mask) {scale}: the scaling and the mask are
/// applied while the row is read for its maximum, instead of in two more passes over the scores. The mask may
/// broadcast (a [batch, 1, 1, keys] padding mask or a [1, 1, queries, keys] causal one).
/// </summary>
public sealed class MaskedSoftmaxRecognition : IPass
{
    public string Name => "MaskedSoftmaxRecognition";

    public Graph Run(Graph graph, PassContext context)
    {
        Dictionary<Value, List<Node>> consumers = graph.Consumers();
        foreach (Node softmax in graph.Nodes.ToArray())
        {
            if (!softmax.Is("Softmax") || softmax.Input(0) is not { Type: DataType.Float32, Shape: { Length: > 0 } shape } logits
                || !OverLastAxis(softmax, shape.Length) || logits.ProducedBy("Add") is not { } add || !graph.OnlyReadBy(logits, softmax, consumers))
            {
                continue;
            }

            // The scores have the output's full shape; the mask is the other operand.
            Value? scores = null, mask = null;
            foreach ((Value? s, Value? m) in new[] { (add.Input(0), add.Input(1)), (add.Input(1), add.Input(0)) })
            {
                if (s is { Type: DataType.Float32 } && Shapes.Equal(s.Shape, shape) && m is { Type: DataType.Float32 })
                {
                    (scores, mask) = (s, m);
                    break;
                }
            }

            if (scores is null || mask is null)
            {
                continue;
            }

            var nodes = new List<Node> { add, softmax };
            float scale = 1f;
            if (scores.Producer is { } scaling && graph.OnlyReadBy(scores, add, consumers) && Shapes.Equal(scaling.Input(0)?.Shape, shape))
            {
                if (scaling.Is("Div") && scaling.Input(1).TryScalar(out double d) && d != 0)
                {
                    (scale, scores) = ((float)(1 / d), scaling.Input(0)!);
                    nodes.Insert(0, scaling);
                }
                else if (scaling.Is("Mul") && scaling.Input(1).TryScalar(out double m))
                {
                    (scale, scores) = ((float)m, scaling.Input(0)!);
                    nodes.Insert(0, scaling);
                }
            }

            Node masked = GraphEdits.NewNode(graph.FusedNodeName(nodes, "MaskedSoftmax"), "MaskedSoftmax", NeoDomain.Name, scores, mask);
            masked.Attributes["scale"] = NodeAttribute.FromFloat("scale", scale);
            graph.ReplacePattern(nodes, masked, softmax.Output(0)!);
            consumers = graph.Consumers();
        }

        return graph;
    }

    /// <summary>Whether the Softmax normalizes each row of the last axis (opset 13's axis, or the older flattening at the last axis).</summary>
    private static bool OverLastAxis(Node softmax, int rank)
    {
        bool legacy = softmax.OpsetVersion is > 0 and < 13;
        long axis = softmax.GetInt("axis", legacy ? 1 : -1);
        return Shapes.NormalizeAxis(axis, rank) == rank - 1;
    }
}
