using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Neo.Compiler.IR;

namespace Neo.Compiler.Operators.ControlFlow;

/// <summary>
/// Copies a subgraph (an If branch, one iteration of a Loop or Scan body) into the enclosing graph:
/// fresh nodes and values, the subgraph's inputs bound to values of the enclosing graph, the values it
/// reads from outer scopes and its constants shared. Nested subgraphs are copied too, so a Loop body
/// that holds an If can be unrolled.
/// </summary>
internal sealed class SubgraphInliner
{
    private readonly ExpansionContext _context;
    private readonly Dictionary<Value, Value> _map = new();

    private SubgraphInliner(ExpansionContext context)
    {
        _context = context;
    }

    /// <summary>
    /// Inlines <paramref name="body"/> once: each of its inputs reads the value <paramref name="bindings"/>
    /// gives, every copied node runs under <paramref name="guards"/>, node names start with
    /// <paramref name="prefix"/> and value names end with <paramref name="suffix"/>. The copies are
    /// processed (inferred, folded, expanded) in order; returns them and the values of the body's outputs.
    /// </summary>
    public static (List<Node> Nodes, List<Value> Outputs) Inline(
        ExpansionContext context, Graph body, IReadOnlyList<Value> bindings, IReadOnlyList<Guard> guards, string prefix, string suffix)
    {
        var inliner = new SubgraphInliner(context);
        for (int i = 0; i < body.Inputs.Count && i < bindings.Count; i++)
        {
            inliner._map[body.Inputs[i]] = bindings[i];
        }

        var nodes = new List<Node>();
        foreach (Node n in body.Nodes)
        {
            Node copy = inliner.CopyNode(n, guards, prefix, suffix, unique: true);
            nodes.AddRange(context.Process(copy));
        }

        return (nodes, body.Outputs.Select(inliner.Map).ToList());
    }

    private Value Map(Value v) => _map.TryGetValue(v, out Value? m) ? m : v;

    private Node CopyNode(Node n, IReadOnlyList<Guard> guards, string prefix, string suffix, bool unique)
    {
        string name = prefix + n.Name;
        var copy = new Node(unique ? _context.UniqueNodeName(name) : name, n.OpType, n.Domain) { OpsetVersion = n.OpsetVersion };
        copy.Origin.AddRange(n.Origin);
        foreach (Value? v in n.Inputs)
        {
            copy.Inputs.Add(v is null ? null : Map(v));
        }

        foreach (Guard g in n.Guards)
        {
            copy.Guards.Add(g with { Condition = Map(g.Condition) });
        }

        copy.Guards.AddRange(guards);
        foreach (KeyValuePair<string, NodeAttribute> a in n.Attributes)
        {
            copy.Attributes[a.Key] = a.Value.Kind switch
            {
                AttributeKind.Graph => new NodeAttribute(a.Value.Name, AttributeKind.Graph) { Graph = CopyGraph(a.Value.Graph!, suffix) },
                AttributeKind.Graphs => new NodeAttribute(a.Value.Name, AttributeKind.Graphs) { Graphs = a.Value.Graphs.Select(g => CopyGraph(g, suffix)).ToArray() },
                _ => a.Value,
            };
        }

        foreach (Value? o in n.Outputs)
        {
            if (o is null)
            {
                copy.Outputs.Add(null);
                continue;
            }

            var c = new Value(o.Name + suffix, o.Type) { Producer = copy };
            if (o.Constant is not null)
            {
                // Constant nodes' outputs are known from import on.
                c.Constant = o.Constant;
                c.Shape = o.Shape;
            }

            _map[o] = c;
            copy.Outputs.Add(c);
        }

        return copy;
    }

    /// <summary>A copy of a nested subgraph whose reads of the values being copied go to their copies.</summary>
    private Graph CopyGraph(Graph g, string suffix)
    {
        var copy = new Graph { Name = g.Name };
        foreach (Value input in g.Inputs)
        {
            var c = new Value(input.Name + suffix, input.Type, input.Shape is null ? null : (int[])input.Shape.Clone()) { SymbolicDims = input.SymbolicDims };
            _map[input] = c;
            copy.Inputs.Add(c);
        }

        foreach (Value outer in g.OuterValues)
        {
            copy.OuterValues.Add(Map(outer));
        }

        foreach (Node n in g.Nodes)
        {
            copy.Nodes.Add(CopyNode(n, System.Array.Empty<Guard>(), "", suffix, unique: false));
        }

        foreach (Value o in g.Outputs)
        {
            copy.Outputs.Add(Map(o));
        }

        return copy;
    }

    /// <summary>A node of the expansion: <paramref name="opType"/> over <paramref name="inputs"/>, writing <paramref name="output"/>.</summary>
    public static Node Synthesize(ExpansionContext context, Node origin, string opType, string domain, IEnumerable<Value?> inputs, Value output, string nameHint)
    {
        var n = new Node(context.UniqueNodeName(origin.Name + "/" + nameHint), opType, domain)
        {
            OpsetVersion = domain.Length == 0 ? 13 : 1,
        };
        n.Origin.AddRange(origin.Origin);
        n.Inputs.AddRange(inputs);
        n.Guards.AddRange(origin.Guards);
        n.Outputs.Add(output);
        output.Producer = n;
        return n;
    }

    /// <summary>A fresh intermediate value named after <paramref name="name"/>.</summary>
    public static Value Intermediate(string name) => new(name, DataType.Undefined);

    /// <summary>A constant int64 scalar or vector, for indices and axes of synthesized nodes.</summary>
    public static Value Int64Constant(string name, params long[] values) =>
        new(name, DataType.Int64, new[] { values.Length }) { Constant = TensorData.FromLongs(new[] { values.Length }, values) };

    /// <summary>A constant int64 scalar.</summary>
    public static Value Int64Scalar(string name, long value) =>
        new(name, DataType.Int64, System.Array.Empty<int>()) { Constant = TensorData.Scalar(value) };

    public static string Iteration(int i) => "_iter" + i.ToString(CultureInfo.InvariantCulture);
}
