using System;
using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.IR;

namespace Neo.Compiler.Passes;

/// <summary>
/// Recognizes layer normalization as exporters decompose it,
/// <code>
/// mean = ReduceMean(x, trailing axes); d = Sub(x, mean)
/// var  = ReduceMean(Pow(d, 2) or Mul(d, d), same axes)
/// y    = Div(d, Sqrt(Add(var, ε))) [· Mul(γ)] [+ Add(β)]
/// </code>
/// and replaces the nine nodes by one ONNX LayerNormalization(x, γ, β) {axis, epsilon} (γ = 1 when the pattern
/// has no scale), which reads x once for its statistics and once to normalize. Every intermediate must be
/// read only inside the pattern.
/// </summary>
public sealed class LayerNormRecognition : IPass
{
    public string Name => "LayerNormRecognition";

    public Graph Run(Graph graph, PassContext context)
    {
        Dictionary<Value, List<Node>> consumers = graph.Consumers();
        foreach (Node sub in graph.Nodes.ToArray())
        {
            if (graph.Nodes.Contains(sub) && Match(graph, consumers, sub) is { } match)
            {
                Replace(graph, match);
                consumers = graph.Consumers();
            }
        }

        return graph;
    }

    private sealed record Pattern(Value X, int Axis, float Epsilon, Value? Gamma, Value? Beta, Value Output, List<Node> Nodes);

    private static Pattern? Match(Graph graph, Dictionary<Value, List<Node>> consumers, Node sub)
    {
        // d = Sub(x, mean), mean = ReduceMean(x) over trailing axes, read only by the Sub.
        if (!sub.Is("Sub") || sub.Input(0) is not { Type: DataType.Float32, Shape: { } xShape } x || sub.Input(1) is not { } mean
            || mean.ProducedBy("ReduceMean") is not { } meanNode || !ReferenceEquals(meanNode.Input(0), x)
            || !graph.OnlyReadBy(mean, sub, consumers) || TrailingAxes(meanNode, xShape.Length) is not int axis
            || sub.Output(0) is not { } d || !Shapes.Equal(d.Shape, xShape))
        {
            return null;
        }

        // d is read by the square and by the division, nothing else.
        IReadOnlyList<Node> readers = consumers.ReadersOf(d);
        if (readers.Count != 2 || graph.Outputs.Contains(d))
        {
            return null;
        }

        Node? square = readers.FirstOrDefault(r => (r.Is("Pow") && ReferenceEquals(r.Input(0), d) && r.Input(1).IsScalar(2))
            || (r.Is("Mul") && ReferenceEquals(r.Input(0), d) && ReferenceEquals(r.Input(1), d)));
        Node? div = readers.FirstOrDefault(r => r.Is("Div") && ReferenceEquals(r.Input(0), d));
        if (square is null || div is null || !Single(graph, consumers, square, out Node? varNode) || !varNode.Is("ReduceMean")
            || TrailingAxes(varNode, xShape.Length) != axis || !Single(graph, consumers, varNode, out Node? addEps) || !addEps.Is("Add")
            || !addEps.OtherOperand(varNode.Output(0)!).TryScalar(out double epsilon)
            || !Single(graph, consumers, addEps, out Node? sqrt) || !sqrt.Is("Sqrt") || !ReferenceEquals(div.Input(1), sqrt.Output(0))
            || !graph.OnlyReadBy(sqrt.Output(0)!, div, consumers))
        {
            return null;
        }

        var nodes = new List<Node> { meanNode, sub, square, varNode, addEps, sqrt, div };
        Value output = div.Output(0)!;
        Value? gamma = null, beta = null;
        if (Single(graph, consumers, div, out Node? mul) && mul.Is("Mul") && Affine(mul.OtherOperand(output), xShape, axis) is { } g && Shapes.Equal(mul.Output(0)!.Shape, xShape))
        {
            gamma = g;
            nodes.Add(mul);
            output = mul.Output(0)!;
            if (Single(graph, consumers, mul, out Node? add) && add.Is("Add") && Affine(add.OtherOperand(output), xShape, axis) is { } b && Shapes.Equal(add.Output(0)!.Shape, xShape))
            {
                beta = b;
                nodes.Add(add);
                output = add.Output(0)!;
            }
        }

        return new Pattern(x, axis - xShape.Length, (float)epsilon, gamma, beta, output, nodes);
    }

    private static void Replace(Graph graph, Pattern p)
    {
        // ONNX's LayerNormalization needs a scale: ones when the pattern has none.
        Value scale = p.Gamma ?? GraphEdits.NewConstant(p.Nodes[0].Name + "/ones", TensorData.FromFloats(
            p.X.Shape![(p.X.Shape.Length + p.Axis)..], Enumerable.Repeat(1f, (int)Shapes.Size(p.X.Shape.AsSpan(p.X.Shape.Length + p.Axis))).ToArray()));
        Node ln = GraphEdits.NewNode(graph.FusedNodeName(p.Nodes, "LayerNormalization"), "LayerNormalization", "", p.X, scale, p.Beta);
        ln.Attributes["axis"] = NodeAttribute.FromInt("axis", p.Axis);
        ln.Attributes["epsilon"] = NodeAttribute.FromFloat("epsilon", p.Epsilon);
        graph.ReplacePattern(p.Nodes, ln, p.Output);
    }

    /// <summary>The node's output is read by exactly one node (and is not a graph output).</summary>
    private static bool Single(Graph graph, Dictionary<Value, List<Node>> consumers, Node node, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Node? reader)
    {
        reader = null;
        if (node.Output(0) is not { } v || consumers.ReadersOf(v) is not [Node r] || !graph.OnlyReadBy(v, r, consumers))
        {
            return false;
        }

        reader = r;
        return true;
    }

    /// <summary>A float32 constant of exactly the normalized row's size (γ or β, broadcast over the leading dims).</summary>
    private static Value? Affine(Value? v, int[] xShape, int axis)
    {
        if (v is not { Constant: { Type: DataType.Float32 } c } || c.Shape.Length > xShape.Length
            || c.Length != Shapes.Size(xShape.AsSpan(axis)))
        {
            return null;
        }

        // Constant along the leading (not normalized) dimensions; with the element count equal to the row's,
        // it then matches the normalized dimensions one for one.
        int offset = xShape.Length - c.Shape.Length;
        for (int d = 0; d < c.Shape.Length; d++)
        {
            if (d + offset < axis && c.Shape[d] != 1)
            {
                return null;
            }
        }

        return v;
    }

    /// <summary>
    /// The first axis of a ReduceMean with keepdims over the last dimensions (axes as attribute before opset 18,
    /// as a constant input from 18), or null.
    /// </summary>
    public static int? TrailingAxes(Node reduce, int rank)
    {
        if (reduce.GetInt("keepdims", 1) == 0)
        {
            return null;
        }

        long[]? axes = reduce.GetInts("axes") ?? reduce.Input(1)?.Constant?.ToInt64Array();
        if (axes is null || axes.Length == 0)
        {
            return null;
        }

        int[] normalized = axes.Select(a => Shapes.NormalizeAxis(a, rank)).OrderBy(a => a).ToArray();
        if (normalized[0] < 0 || normalized.Distinct().Count() != normalized.Length || normalized[^1] != rank - 1
            || normalized[^1] - normalized[0] != normalized.Length - 1)
        {
            return null;
        }

        return normalized[0];
    }
}
