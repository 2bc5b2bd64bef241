using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Operators.Elementwise;

namespace Neo.Compiler.Passes;

/// <summary>
/// Recognizes hard swish, x · relu6(x + 3) / 6, in the forms exporters emit, and replaces it by one ONNX
/// HardSwish (which fuses into a preceding Conv's epilogue):
/// <code>
/// Mul(x, HardSigmoid(x) {alpha = 1/6, beta = 0.5})
/// Div(Mul(x, Clip(Add(x, 3), 0, 6)), 6)      (or · 1/6, or x multiplied last)
/// </code>
/// </summary>
public sealed class HardSwishRecognition : IPass
{
    public string Name => "HardSwishRecognition";

    public Graph Run(Graph graph, PassContext context)
    {
        Dictionary<Value, List<Node>> consumers = graph.Consumers();
        foreach (Node n in graph.Nodes.ToArray())
        {
            if (!graph.Nodes.Contains(n))
            {
                continue;
            }

            (Value X, List<Node> Nodes, Value Output)? match = n.Is("HardSigmoid") ? MatchHardSigmoid(graph, consumers, n) : n.Is("Clip") ? MatchClip(graph, consumers, n) : null;
            if (match is not { } m || !Shapes.Equal(m.Output.Shape, m.X.Shape))
            {
                continue;
            }

            Node hardSwish = GraphEdits.NewNode(graph.FusedNodeName(m.Nodes, "HardSwish"), "HardSwish", "", m.X);
            graph.ReplacePattern(m.Nodes, hardSwish, m.Output);
            consumers = graph.Consumers();
        }

        return graph;
    }

    private static (Value, List<Node>, Value)? MatchHardSigmoid(Graph graph, Dictionary<Value, List<Node>> consumers, Node hs)
    {
        if (hs.Input(0) is not { Type: DataType.Float32 } x || hs.Output(0) is not { } s
            || System.Math.Abs(hs.GetFloat("alpha", 0.2f) - (1f / 6f)) > 1e-6f || System.Math.Abs(hs.GetFloat("beta", 0.5f) - 0.5f) > 1e-6f
            || consumers.ReadersOf(s) is not [Node mul] || !mul.Is("Mul") || !graph.OnlyReadBy(s, mul, consumers) || !ReferenceEquals(mul.OtherOperand(s), x))
        {
            return null;
        }

        return (x, new List<Node> { hs, mul }, mul.Output(0)!);
    }

    private static (Value, List<Node>, Value)? MatchClip(Graph graph, Dictionary<Value, List<Node>> consumers, Node clip)
    {
        // Clip(Add(x, 3), 0, 6), the Add read only by the Clip.
        if (clip.Input(0) is not { Producer: { } add } shifted || !add.Is("Add") || !graph.OnlyReadBy(shifted, clip, consumers)
            || clip.Inputs.Skip(1).Any(i => i is not null && i.Constant is null))
        {
            return null;
        }

        (float min, float max) = Clip.Bounds(clip);
        Value? x = add.Input(1).IsScalar(3) ? add.Input(0) : add.Input(0).IsScalar(3) ? add.Input(1) : null;
        if (x is null || x.Type != DataType.Float32 || min != 0f || max != 6f)
        {
            return null;
        }

        if (!ProductPattern.Match(graph, consumers, clip.Output(0)!, x, 1.0 / 6.0, out Value end, out List<Node> product))
        {
            return null;
        }

        var nodes = new List<Node> { add, clip };
        nodes.AddRange(product);
        return (x, nodes, end);
    }
}
