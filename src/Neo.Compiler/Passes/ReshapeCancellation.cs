using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.IR;

namespace Neo.Compiler.Passes;

/// <summary>
/// Collapses chains of shape-only operators (Reshape, Flatten, Squeeze, Unsqueeze): a view of a view
/// becomes one Reshape of the original tensor to the final static shape, and a view whose output has its
/// input's shape is removed. So Reshape pairs that cancel (a MatMul flattened for a Gemm and restored)
/// leave nothing behind.
/// </summary>
public sealed class ReshapeCancellation : IPass
{
    private static readonly string[] ViewOps = { "Reshape", "Flatten", "Squeeze", "Unsqueeze" };

    public string Name => "ReshapeCancellation";

    public Graph Run(Graph graph, PassContext context)
    {
        Dictionary<Value, List<Node>> consumers = graph.Consumers();
        foreach (Node n in graph.Nodes.ToArray())
        {
            if (!IsView(n) || n.Input(0) is not { } x || n.Output(0) is not { Shape: { } shape } y || y.Constant is not null)
            {
                continue;
            }

            // A view that keeps its input's shape does nothing.
            if (Shapes.Equal(x.Shape, shape) && x.Type == y.Type && graph.Bypass(n, x, y))
            {
                consumers = graph.Consumers();
                continue;
            }

            // A view of a view is one Reshape of the first one's input (which may then do nothing either).
            if (x.Producer is { } inner && IsView(inner) && inner.Input(0) is { } x0)
            {
                bool innerDies = graph.OnlyReadBy(x, n, consumers);
                TransposeCancellation.ToReshape(graph, n, shape);
                n.Inputs[0] = x0;
                if (innerDies)
                {
                    graph.Nodes.Remove(inner);
                    n.Absorb(new[] { inner });
                }

                if (Shapes.Equal(x0.Shape, shape) && x0.Type == y.Type)
                {
                    graph.Bypass(n, x0, y);
                }

                consumers = graph.Consumers();
            }
        }

        return graph;
    }

    private static bool IsView(Node n) => ViewOps.Any(n.Is);
}
