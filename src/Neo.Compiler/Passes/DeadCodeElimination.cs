using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.IR;

namespace Neo.Compiler.Passes;

/// <summary>
/// Removes nodes nothing needs: whose outputs are all constant (folded) or read by no node and no
/// graph output. Unused initializers go with them, since constants live only where they are read.
/// </summary>
public sealed class DeadCodeElimination : IPass
{
    public string Name => "DeadCodeElimination";

    public Graph Run(Graph graph, PassContext context)
    {
        var live = new HashSet<Value>(graph.Outputs);
        for (int i = graph.Nodes.Count - 1; i >= 0; i--)
        {
            Node n = graph.Nodes[i];
            bool needed = n.Outputs.Any(o => o is not null && o.Constant is null && live.Contains(o));
            if (!needed)
            {
                graph.Nodes.RemoveAt(i);
                continue;
            }

            foreach (Value? v in n.Inputs)
            {
                if (v is not null)
                {
                    live.Add(v);
                }
            }

            foreach (Guard g in n.Guards)
            {
                live.Add(g.Condition);
            }

            foreach (Value v in SubgraphReads(n))
            {
                live.Add(v);
            }
        }

        return graph;
    }

    private static IEnumerable<Value> SubgraphReads(Node n) =>
        n.Attributes.Values.SelectMany(a => a.Graph is null ? a.Graphs : a.Graphs.Append(a.Graph)).SelectMany(g => g.OuterValues);
}
