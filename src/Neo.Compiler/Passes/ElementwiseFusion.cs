using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators;
using Neo.Compiler.Operators.Fused;

namespace Neo.Compiler.Passes;

/// <summary>
/// Fuses each maximal group of elementwise and broadcast nodes (kinds <see cref="OpKind.Elementwise"/> and
/// <see cref="OpKind.Broadcast"/>) into one neo.FusedElementwise, computed in one loop that reads each input
/// once and writes only the group's result: intermediates never reach memory. A group grows backwards from
/// its last node through producers whose output only that group reads, while the group reads at most four
/// tensors (one-element constants become literals in the code). Runs after EpilogueFusion, so chains after a
/// Conv or Gemm go into its epilogue first.
/// </summary>
public sealed class ElementwiseFusion : IPass
{
    public string Name => "ElementwiseFusion";

    public Graph Run(Graph graph, PassContext context)
    {
        Dictionary<Value, List<Node>> consumers = graph.Consumers();
        var grouped = new HashSet<Node>();
        var inGraph = new HashSet<Node>(graph.Nodes);
        for (int i = graph.Nodes.Count - 1; i >= 0; i--)
        {
            Node sink = graph.Nodes[i];
            if (grouped.Contains(sink) || !Fusible(sink, context.Operators))
            {
                continue;
            }

            var members = new HashSet<Node> { sink };
            var frontier = new Queue<Node>();
            frontier.Enqueue(sink);
            while (frontier.Count > 0)
            {
                Node m = frontier.Dequeue();
                foreach (Value? v in m.Inputs.Distinct())
                {
                    if (v?.Producer is not { } p || members.Contains(p) || grouped.Contains(p) || !Fusible(p, context.Operators)
                        || !inGraph.Contains(p) || !graph.OnlyReadBy(v, m, consumers))
                    {
                        continue;
                    }

                    if (members.Count >= FusedElementwise.MaxBodyNodes)
                    {
                        break;
                    }

                    members.Add(p);
                    if (TensorInputs(members).Count > FusedElementwise.MaxInputs)
                    {
                        members.Remove(p);
                        continue;
                    }

                    frontier.Enqueue(p);
                }
            }

            if (members.Count < 2)
            {
                continue;
            }

            List<Node> body = graph.Nodes.Where(members.Contains).ToList();
            grouped.UnionWith(body);
            Node fused = Fuse(graph, body, sink);
            inGraph.ExceptWith(body);
            inGraph.Add(fused);

            // The readers map, updated for the one change instead of rebuilt (long chains fuse hundreds of groups).
            foreach (Node m in body)
            {
                foreach (Value? v in m.Inputs)
                {
                    if (v is not null && consumers.TryGetValue(v, out List<Node>? readers))
                    {
                        readers.Remove(m);
                    }
                }
            }

            foreach (Value? v in fused.Inputs.Distinct())
            {
                if (v is null)
                {
                    continue;
                }

                if (!consumers.TryGetValue(v, out List<Node>? readers))
                {
                    consumers[v] = readers = new List<Node>();
                }

                readers.Add(fused);
            }

            i = graph.Nodes.IndexOf(graph.Nodes.First(n => n.Outputs.Contains(sink.Output(0))));
        }

        return graph;
    }

    /// <summary>A float32 elementwise node whose operator struct is known (its parameters are constants).</summary>
    private static bool Fusible(Node n, OperatorRegistry operators)
    {
        if (n.Outputs.Count != 1 || n.Output(0) is not { Type: DataType.Float32 } || n.Epilogue.Count > 0 || n.Residual is not null)
        {
            return false;
        }

        Operator? op = operators.Find(n);
        if (op is null || op is FusedElementwise || op.Kind is not (OpKind.Elementwise or OpKind.Broadcast))
        {
            return false;
        }

        return ElementwiseFunctors.BinaryFunctorType(op) is not null
            ? n.Inputs.Count == 2 && n.Inputs.All(v => v is { Type: DataType.Float32 })
            : ElementwiseFunctors.UnaryFunctor(n, operators) is not null;
    }

    /// <summary>The tensors the group reads from outside: not computed in it, and not one-element constants (those become literals).</summary>
    private static List<Value> TensorInputs(IEnumerable<Node> members)
    {
        var set = new HashSet<Node>(members);
        var produced = new HashSet<Value>(set.SelectMany(m => m.Outputs).OfType<Value>());
        var inputs = new List<Value>();
        foreach (Node m in set)
        {
            foreach (Value? v in m.Inputs)
            {
                if (v is not null && !produced.Contains(v) && !(v.Constant is { Length: 1 }) && !inputs.Contains(v))
                {
                    inputs.Add(v);
                }
            }
        }

        return inputs;
    }

    private static Node Fuse(Graph graph, List<Node> body, Node sink)
    {
        Value output = sink.Output(0)!;
        var produced = new HashSet<Value>(body.SelectMany(m => m.Outputs).OfType<Value>());
        var inputs = new List<Value>();
        foreach (Node m in body)
        {
            foreach (Value? v in m.Inputs)
            {
                if (v is not null && !produced.Contains(v) && !(v.Constant is { Length: 1 }) && !inputs.Contains(v))
                {
                    inputs.Add(v);
                }
            }
        }

        var bodyGraph = new Graph { Name = sink.Name };
        bodyGraph.Inputs.AddRange(inputs);
        bodyGraph.Nodes.AddRange(body);
        bodyGraph.Outputs.Add(output);
        Node fused = GraphEdits.NewNode(graph.FusedNodeName(body, "FusedElementwise"), "FusedElementwise", NeoDomain.Name, inputs.ToArray());
        fused.Attributes["body"] = NodeAttribute.FromGraph("body", bodyGraph);
        graph.ReplacePattern(body, fused, output);
        return fused;
    }
}
