using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Neo.Compiler.IR;

namespace Neo.Compiler.Passes;

/// <summary>
/// The questions and edits rewriting passes share: who reads a value, whether a node is an ONNX op,
/// scalar constants, fresh names, and taking a node out of the graph while its readers keep working.
/// </summary>
public static class GraphEdits
{
    /// <summary>Whether <paramref name="node"/> is the default-domain ONNX operator <paramref name="opType"/>.</summary>
    public static bool Is(this Node node, string opType) =>
        node.OpType == opType && (node.Domain.Length == 0 || node.Domain == "ai.onnx");

    /// <summary>The node that computes <paramref name="value"/> if it is the ONNX operator <paramref name="opType"/>.</summary>
    public static Node? ProducedBy(this Value? value, string opType) =>
        value?.Producer is { } p && p.Is(opType) ? p : null;

    /// <summary>
    /// Whether <paramref name="value"/> is read only by <paramref name="reader"/> and is not a graph output, so a
    /// rewrite of that reader may remove the value's producer.
    /// </summary>
    public static bool OnlyReadBy(this Graph graph, Value value, Node reader, Dictionary<Value, List<Node>> consumers) =>
        !graph.Outputs.Contains(value)
        && consumers.TryGetValue(value, out List<Node>? readers)
        && readers.Count == 1
        && ReferenceEquals(readers[0], reader);

    /// <summary>The nodes that read <paramref name="value"/>, or none.</summary>
    public static IReadOnlyList<Node> ReadersOf(this Dictionary<Value, List<Node>> consumers, Value value) =>
        consumers.TryGetValue(value, out List<Node>? readers) ? readers : Array.Empty<Node>();

    /// <summary>The single element of a float constant with one element (any rank), such as the 2 of Pow(x, 2).</summary>
    public static bool TryScalar(this Value? value, out double scalar)
    {
        scalar = 0;
        if (value?.Constant is not { Length: 1 } c || !DataTypes.IsFloat(c.Type))
        {
            return false;
        }

        scalar = c.GetDouble(0);
        return true;
    }

    /// <summary>Whether <paramref name="value"/> is a one-element float constant within a relative 1e-4 of <paramref name="expected"/>.</summary>
    public static bool IsScalar(this Value? value, double expected) =>
        value.TryScalar(out double s) && Math.Abs(s - expected) <= 1e-4 * Math.Max(1.0, Math.Abs(expected));

    /// <summary>For a binary node that reads <paramref name="one"/>, its other operand (null if it reads it on both sides).</summary>
    public static Value? OtherOperand(this Node node, Value one)
    {
        if (node.Inputs.Count != 2)
        {
            return null;
        }

        if (ReferenceEquals(node.Inputs[0], one) && !ReferenceEquals(node.Inputs[1], one))
        {
            return node.Inputs[1];
        }

        if (ReferenceEquals(node.Inputs[1], one) && !ReferenceEquals(node.Inputs[0], one))
        {
            return node.Inputs[0];
        }

        return null;
    }

    /// <summary>The model nodes <paramref name="node"/> stands for: its <see cref="Node.Origin"/>, or itself.</summary>
    public static IEnumerable<string> OriginsOf(Node node) => node.Origin.Count > 0 ? node.Origin : new[] { node.Name };

    /// <summary>Records that <paramref name="into"/> now also computes what <paramref name="absorbed"/> computed.</summary>
    public static void Absorb(this Node into, IEnumerable<Node> absorbed)
    {
        var origin = OriginsOf(into).ToList();
        foreach (Node n in absorbed)
        {
            foreach (string o in OriginsOf(n))
            {
                if (!origin.Contains(o))
                {
                    origin.Add(o);
                }
            }
        }

        into.Origin.Clear();
        into.Origin.AddRange(origin);
    }

    /// <summary>A node name not yet used in <paramref name="graph"/>: <paramref name="wanted"/>, or it with a number.</summary>
    public static string UniqueNodeName(this Graph graph, string wanted)
    {
        var taken = new HashSet<string>(graph.Nodes.Select(n => n.Name), StringComparer.Ordinal);
        if (!taken.Contains(wanted))
        {
            return wanted;
        }

        for (int i = 1; ; i++)
        {
            string name = wanted + "_" + i.ToString(CultureInfo.InvariantCulture);
            if (!taken.Contains(name))
            {
                return name;
            }
        }
    }

    /// <summary>
    /// A readable name for a node that replaces <paramref name="members"/>: their common path prefix
    /// (exporters name nodes <c>/enc/layers.0/norm1/ReduceMean</c>) followed by <paramref name="opType"/>.
    /// </summary>
    public static string FusedNodeName(this Graph graph, IReadOnlyList<Node> members, string opType)
    {
        string prefix = members[0].Name;
        foreach (Node m in members)
        {
            int common = 0;
            while (common < prefix.Length && common < m.Name.Length && prefix[common] == m.Name[common])
            {
                common++;
            }

            prefix = prefix.Substring(0, common);
        }

        prefix = prefix.Substring(0, prefix.LastIndexOf('/') + 1);
        return graph.UniqueNodeName(prefix.Length > 1 ? prefix + opType : members[0].Name + "/" + opType);
    }

    /// <summary>A new float32 or int64 constant value.</summary>
    public static Value NewConstant(string name, TensorData data) => new(name, data.Type, data.Shape) { Constant = data };

    /// <summary>A new intermediate value computed by <paramref name="producer"/>.</summary>
    public static Value NewValue(string name, DataType type, int[] shape, Node producer)
    {
        var v = new Value(name, type, shape) { Producer = producer };
        producer.Outputs.Add(v);
        return v;
    }

    /// <summary>A new default-domain node with current-opset semantics (<see cref="Node.OpsetVersion"/> 0).</summary>
    public static Node NewNode(string name, string opType, string domain, params Value?[] inputs)
    {
        var n = new Node(name, opType, domain);
        n.Inputs.AddRange(inputs);
        return n;
    }

    /// <summary>
    /// Makes <paramref name="node"/>'s output <paramref name="result"/>'s value: the node computes it from now
    /// on, under its name (so graph outputs keep their names and readers need no change).
    /// </summary>
    public static void TakeOverOutput(Node node, Value result)
    {
        node.Outputs.Clear();
        node.Outputs.Add(result);
        result.Producer = node;
    }

    /// <summary>
    /// Replaces the matched <paramref name="members"/> of a pattern by <paramref name="replacement"/>, which computes
    /// <paramref name="output"/> (the pattern's result) and stands for all of them. It goes where the last member
    /// was, so everything it reads is defined before it and every reader of the output after it. It runs under
    /// the conditions of the member that computed the output (an If branch's work stays in its branch): the
    /// other members' results are read only inside the pattern, so none runs under fewer conditions.
    /// </summary>
    public static void ReplacePattern(this Graph graph, IReadOnlyList<Node> members, Node replacement, Value output)
    {
        if (replacement.Guards.Count == 0 && output.Producer is { } last && members.Contains(last))
        {
            replacement.Guards.AddRange(last.Guards);
        }

        int at = members.Max(m => graph.Nodes.IndexOf(m));
        List<string> origin = members.OrderBy(m => graph.Nodes.IndexOf(m)).SelectMany(OriginsOf).Distinct().ToList();
        graph.Nodes.Insert(at + 1, replacement);
        foreach (Node m in members)
        {
            graph.Nodes.Remove(m);
        }

        replacement.Origin.Clear();
        replacement.Origin.AddRange(origin);
        TakeOverOutput(replacement, output);
    }

    /// <summary>
    /// Removes <paramref name="node"/>, whose output equals <paramref name="input"/> element for element and in shape,
    /// by making its readers read <paramref name="input"/>. A graph output keeps its name: the input's producer
    /// computes it directly, when the input is a plain intermediate. Returns false (and changes nothing) otherwise.
    /// </summary>
    public static bool Bypass(this Graph graph, Node node, Value input, Value output)
    {
        if (!graph.Outputs.Contains(output))
        {
            graph.ReplaceUses(output, input);
            graph.Nodes.Remove(node);
            return true;
        }

        if (input.Producer is not { } producer || input.Constant is not null || graph.Outputs.Contains(input)
            || !Shapes.Equal(input.Shape, output.Shape) || input.Type != output.Type)
        {
            return false;
        }

        int k = producer.Outputs.IndexOf(input);
        if (k < 0)
        {
            return false;
        }

        graph.Nodes.Remove(node);
        graph.ReplaceUses(input, output);
        producer.Outputs[k] = output;
        output.Producer = producer;
        return true;
    }
}
