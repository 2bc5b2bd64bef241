using System;
using System.Collections.Generic;
using System.Linq;

namespace Neo.Compiler.IR;

/// <summary>
/// The compiler's graph: inputs, outputs and nodes in topological order. Constants are values with
/// <see cref="Value.Constant"/> set; they have no producer.
/// </summary>
public sealed class Graph
{
    public string Name { get; set; } = "";

    public List<Value> Inputs { get; } = new();

    public List<Value> Outputs { get; } = new();

    public List<Node> Nodes { get; } = new();

    /// <summary>Values the graph reads from its enclosing graph (subgraphs of If, Loop, Scan).</summary>
    public List<Value> OuterValues { get; } = new();

    /// <summary>
    /// The op type of every node of the model as imported, by node name: what a fused node's
    /// <see cref="Node.Origin"/> names were, for plans and reports. The pass pipeline fills it.
    /// </summary>
    public Dictionary<string, string> SourceOpTypes { get; } = new(StringComparer.Ordinal);

    /// <summary>For every value, the nodes that read it (in node order).</summary>
    public Dictionary<Value, List<Node>> Consumers()
    {
        var map = new Dictionary<Value, List<Node>>();
        foreach (Node n in Nodes)
        {
            foreach (Value? v in n.Inputs)
            {
                if (v is null)
                {
                    continue;
                }

                if (!map.TryGetValue(v, out List<Node>? list))
                {
                    map[v] = list = new List<Node>();
                }

                if (!list.Contains(n))
                {
                    list.Add(n);
                }
            }
        }

        return map;
    }

    /// <summary>Every value the graph mentions: inputs, node inputs and outputs, graph outputs.</summary>
    public IEnumerable<Value> AllValues()
    {
        var seen = new HashSet<Value>();
        foreach (Value v in Inputs.Concat(Nodes.SelectMany(n => n.Inputs.Concat(n.Outputs)).OfType<Value>()).Concat(Outputs))
        {
            if (seen.Add(v))
            {
                yield return v;
            }
        }
    }

    /// <summary>
    /// Replaces every use of <paramref name="from"/> by <paramref name="to"/>: node inputs, guards and graph
    /// outputs, and the reads of subgraphs (If, Loop, Scan bodies) that take it from this scope.
    /// </summary>
    public void ReplaceUses(Value from, Value to)
    {
        foreach (Node n in Nodes)
        {
            for (int i = 0; i < n.Inputs.Count; i++)
            {
                if (ReferenceEquals(n.Inputs[i], from))
                {
                    n.Inputs[i] = to;
                }
            }

            for (int i = 0; i < n.Guards.Count; i++)
            {
                if (ReferenceEquals(n.Guards[i].Condition, from))
                {
                    n.Guards[i] = n.Guards[i] with { Condition = to };
                }
            }

            foreach (NodeAttribute a in n.Attributes.Values)
            {
                foreach (Graph g in a.Graph is null ? a.Graphs : a.Graphs.Append(a.Graph))
                {
                    int k = g.OuterValues.IndexOf(from);
                    if (k >= 0)
                    {
                        g.OuterValues[k] = to;
                    }

                    // Deeper subgraphs may read it without the middle graph listing it.
                    g.ReplaceUses(from, to);
                }
            }

            if (ReferenceEquals(n.Residual, from))
            {
                n.Residual = to;
            }
        }

        for (int i = 0; i < Outputs.Count; i++)
        {
            if (ReferenceEquals(Outputs[i], from))
            {
                Outputs[i] = to;
            }
        }
    }
}

/// <summary>A model as imported: its graph plus what the file said about itself.</summary>
public sealed class Model
{
    public Model(Graph graph, string path)
    {
        Graph = graph;
        Path = path;
    }

    public Graph Graph { get; }

    /// <summary>The model file's path, as given to the compiler.</summary>
    public string Path { get; }

    public string FileName => System.IO.Path.GetFileName(Path);

    public string Format { get; set; } = "onnx";

    public Dictionary<string, long> Opsets { get; } = new(StringComparer.Ordinal);

    public string Producer { get; set; } = "";

    public long IrVersion { get; set; }

    public string DocString { get; set; } = "";
}
