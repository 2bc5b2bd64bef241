using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Neo.Compiler.IR;
using Neo.Compiler.Planning;

namespace Neo.Compiler.Passes;

/// <summary>
/// Computes each thing once. Constants with identical type, shape and bits become one value (exporters
/// repeat small constants, and tied weights appear as copies), so the weights blob holds them once; then a
/// node that applies the same operator with the same attributes to the same inputs as an earlier node is
/// removed and its readers read the earlier node's outputs. Graph outputs keep their names, so a node
/// computing one is kept.
/// </summary>
public sealed class CommonSubexpressionElimination : IPass
{
    public string Name => "CommonSubexpressionElimination";

    public Graph Run(Graph graph, PassContext context)
    {
        MergeConstants(graph);
        MergeNodes(graph);
        return graph;
    }

    private static void MergeConstants(Graph graph)
    {
        var byContent = new Dictionary<(DataType, string, ulong), List<Value>>();
        var replacement = new Dictionary<Value, Value>();
        foreach (Node n in graph.Nodes)
        {
            foreach (Value? v in n.Inputs)
            {
                if (v?.Constant is not { } data || replacement.ContainsKey(v))
                {
                    continue;
                }

                var key = (data.Type, Shapes.Format(data.Shape), WeightsBlob.Checksum(data.Bytes));
                if (!byContent.TryGetValue(key, out List<Value>? same))
                {
                    byContent[key] = same = new List<Value>();
                }

                Value? first = same.FirstOrDefault(s => s.Constant!.ContentEquals(data));
                if (first is null)
                {
                    same.Add(v);
                    replacement[v] = v;
                }
                else
                {
                    replacement[v] = first;
                }
            }
        }

        foreach (Node n in graph.Nodes)
        {
            for (int i = 0; i < n.Inputs.Count; i++)
            {
                if (n.Inputs[i] is { } v && replacement.TryGetValue(v, out Value? r))
                {
                    n.Inputs[i] = r;
                }
            }
        }
    }

    private static void MergeNodes(Graph graph)
    {
        var ids = new Dictionary<Value, int>();
        int Id(Value v)
        {
            if (!ids.TryGetValue(v, out int id))
            {
                ids[v] = id = ids.Count;
            }

            return id;
        }

        var seen = new Dictionary<string, Node>();
        foreach (Node n in graph.Nodes.ToArray())
        {
            if (n.Epilogue.Count > 0 || n.Residual is not null || n.Attributes.Values.Any(a => a.Kind is AttributeKind.Graph or AttributeKind.Graphs)
                || n.Outputs.All(o => o is null || o.Constant is not null))
            {
                continue;
            }

            string key = Key(n, Id);
            if (!seen.TryGetValue(key, out Node? earlier))
            {
                seen[key] = n;
                continue;
            }

            if (n.Outputs.Any(o => o is not null && graph.Outputs.Contains(o)) || n.Outputs.Count != earlier.Outputs.Count
                || Enumerable.Range(0, n.Outputs.Count).Any(i => (n.Outputs[i] is null) != (earlier.Outputs[i] is null)))
            {
                continue;
            }

            for (int i = 0; i < n.Outputs.Count; i++)
            {
                if (n.Outputs[i] is { } o)
                {
                    graph.ReplaceUses(o, earlier.Outputs[i]!);
                }
            }

            graph.Nodes.Remove(n);
            earlier.Absorb(new[] { n });
        }
    }

    /// <summary>What makes two nodes compute the same: operator, opset, attributes and the identity of each input.</summary>
    private static string Key(Node n, System.Func<Value, int> id)
    {
        var sb = new StringBuilder();
        sb.Append(n.Domain).Append('|').Append(n.OpType).Append('|').Append(n.OpsetVersion.ToString(CultureInfo.InvariantCulture)).Append('|');
        foreach (Value? v in n.Inputs)
        {
            sb.Append(v is null ? "_" : id(v).ToString(CultureInfo.InvariantCulture)).Append(',');
        }

        foreach (NodeAttribute a in n.Attributes.Values.OrderBy(a => a.Name, System.StringComparer.Ordinal))
        {
            sb.Append('|').Append(a.Name).Append('=').Append(a.Kind.ToString()).Append(':');
            switch (a.Kind)
            {
                case AttributeKind.Int:
                    sb.Append(a.Int.ToString(CultureInfo.InvariantCulture));
                    break;
                case AttributeKind.Float:
                    sb.Append(a.Float.ToString("R", CultureInfo.InvariantCulture));
                    break;
                case AttributeKind.String:
                    sb.Append(a.String.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(a.String);
                    break;
                case AttributeKind.Ints:
                    sb.Append(string.Join(",", a.Ints.Select(i => i.ToString(CultureInfo.InvariantCulture))));
                    break;
                case AttributeKind.Floats:
                    sb.Append(string.Join(",", a.Floats.Select(f => f.ToString("R", CultureInfo.InvariantCulture))));
                    break;
                case AttributeKind.Strings:
                    sb.Append(string.Join(",", a.Strings.Select(s => s.Length.ToString(CultureInfo.InvariantCulture) + ":" + s)));
                    break;
                case AttributeKind.Tensor when a.Tensor is not null:
                    sb.Append(a.Tensor).Append(':').Append(WeightsBlob.Checksum(a.Tensor.Bytes).ToString(CultureInfo.InvariantCulture));
                    break;
                default:
                    // Attributes Neo cannot compare make the node unique.
                    sb.Append("#").Append(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(n).ToString(CultureInfo.InvariantCulture));
                    break;
            }
        }

        return sb.ToString();
    }
}
