using System;
using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.IR;

namespace Neo.Compiler.Passes;

/// <summary>
/// Recognizes GELU as exporters decompose it and replaces it by one ONNX Gelu (opset 20's operator, with its
/// approximate attribute), an elementwise operator that then fuses into the preceding Gemm's epilogue:
/// <code>
/// erf form:  Mul(Mul(x, Add(Erf(Div(x, √2)), 1)), 0.5)          (or Mul(x, 1/√2); any grouping of the products)
/// tanh form: 0.5 · x · (1 + Tanh(√(2/π) · (x + 0.044715 · x³)))  (x³ as Pow(x, 3) or x · x · x)
/// </code>
/// </summary>
public sealed class GeluRecognition : IPass
{
    private const double Sqrt2 = 1.4142135623730951;
    private const double TanhScale = 0.7978845608028654; // √(2/π)

    public string Name => "GeluRecognition";

    public Graph Run(Graph graph, PassContext context)
    {
        Dictionary<Value, List<Node>> consumers = graph.Consumers();
        foreach (Node n in graph.Nodes.ToArray())
        {
            if (!graph.Nodes.Contains(n))
            {
                continue;
            }

            (Value X, List<Node> Nodes, Value Output)? match = n.Is("Erf") ? MatchErf(graph, consumers, n) : n.Is("Tanh") ? MatchTanh(graph, consumers, n) : null;
            if (match is not { } m)
            {
                continue;
            }

            Node gelu = GraphEdits.NewNode(graph.FusedNodeName(m.Nodes, "Gelu"), "Gelu", "", m.X);
            gelu.Attributes["approximate"] = NodeAttribute.FromString("approximate", n.Is("Tanh") ? "tanh" : "none");
            graph.ReplacePattern(m.Nodes, gelu, m.Output);
            consumers = graph.Consumers();
        }

        return graph;
    }

    private static (Value, List<Node>, Value)? MatchErf(Graph graph, Dictionary<Value, List<Node>> consumers, Node erf)
    {
        // Erf's input: Div(x, √2) or Mul(x, 1/√2), read only by the Erf.
        if (erf.Input(0) is not { Producer: { } scale } u || !graph.OnlyReadBy(u, erf, consumers))
        {
            return null;
        }

        Value? x = scale.Is("Div") && scale.Input(1).IsScalar(Sqrt2) ? scale.Input(0)
            : scale.Is("Mul") && scale.Input(1).IsScalar(1 / Sqrt2) ? scale.Input(0)
            : scale.Is("Mul") && scale.Input(0).IsScalar(1 / Sqrt2) ? scale.Input(1)
            : null;
        if (x is null || x.Type != DataType.Float32)
        {
            return null;
        }

        return Finish(graph, consumers, x, new List<Node> { scale, erf });
    }

    private static (Value, List<Node>, Value)? MatchTanh(Graph graph, Dictionary<Value, List<Node>> consumers, Node tanh)
    {
        // Tanh(Mul(inner, √(2/π))), inner = Add(x, Mul(x³, 0.044715)).
        if (tanh.Input(0) is not { Producer: { } scale } u || !scale.Is("Mul") || !graph.OnlyReadBy(u, tanh, consumers))
        {
            return null;
        }

        Value? inner = scale.Input(1).IsScalar(TanhScale) ? scale.Input(0) : scale.Input(0).IsScalar(TanhScale) ? scale.Input(1) : null;
        if (inner?.ProducedBy("Add") is not { } add || !graph.OnlyReadBy(inner, scale, consumers))
        {
            return null;
        }

        foreach ((Value? x, Value? cubic) in new[] { (add.Input(0), add.Input(1)), (add.Input(1), add.Input(0)) })
        {
            if (x is null || cubic?.ProducedBy("Mul") is not { } scaled || !graph.OnlyReadBy(cubic, add, consumers))
            {
                continue;
            }

            Value? cube = scaled.Input(1).IsScalar(0.044715) ? scaled.Input(0) : scaled.Input(0).IsScalar(0.044715) ? scaled.Input(1) : null;
            if (cube is null || !graph.OnlyReadBy(cube, scaled, consumers) || Cube(graph, consumers, cube, x) is not { } cubeNodes)
            {
                continue;
            }

            var nodes = new List<Node>(cubeNodes) { scaled, add, scale, tanh };
            return Finish(graph, consumers, x, nodes);
        }

        return null;
    }

    /// <summary>The nodes computing x³ as Pow(x, 3), Mul(x, Mul(x, x)) or Mul(Mul(x, x), x), or null.</summary>
    private static List<Node>? Cube(Graph graph, Dictionary<Value, List<Node>> consumers, Value cube, Value x)
    {
        Node? p = cube.Producer;
        if (p is null)
        {
            return null;
        }

        if (p.Is("Pow") && ReferenceEquals(p.Input(0), x) && p.Input(1).IsScalar(3))
        {
            return new List<Node> { p };
        }

        if (p.Is("Mul") && p.OtherOperand(x) is { } square && square.ProducedBy("Mul") is { } sq
            && ReferenceEquals(sq.Input(0), x) && ReferenceEquals(sq.Input(1), x) && graph.OnlyReadBy(square, p, consumers))
        {
            return new List<Node> { sq, p };
        }

        return null;
    }

    /// <summary>Add(t, 1) after Erf or Tanh, then the product with x and 0.5.</summary>
    private static (Value, List<Node>, Value)? Finish(Graph graph, Dictionary<Value, List<Node>> consumers, Value x, List<Node> nodes)
    {
        Value t = nodes[^1].Output(0)!;
        if (consumers.ReadersOf(t) is not [Node plusOne] || !plusOne.Is("Add") || !graph.OnlyReadBy(t, plusOne, consumers)
            || !plusOne.OtherOperand(t).IsScalar(1) || !Shapes.Equal(plusOne.Output(0)!.Shape, x.Shape))
        {
            return null;
        }

        nodes.Add(plusOne);
        if (!ProductPattern.Match(graph, consumers, plusOne.Output(0)!, x, 0.5, out Value end, out List<Node> product) || !Shapes.Equal(end.Shape, x.Shape))
        {
            return null;
        }

        nodes.AddRange(product);
        return (x, nodes, end);
    }
}
