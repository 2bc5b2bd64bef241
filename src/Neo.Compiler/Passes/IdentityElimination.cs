using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.IR;

namespace Neo.Compiler.Passes;

/// <summary>
/// Removes nodes that copy their input: Identity, inference-mode Dropout (when nothing reads its mask),
/// Cast to the type the input already has and Pad by zero on every side (PyTorch exports one before each
/// AvgPool2d, as in DenseNet's transitions). Their readers read the input instead. A node whose output is a
/// graph output keeps it (the output's name is part of the model's contract), unless the input is an
/// intermediate whose producer can compute the output directly.
/// </summary>
public sealed class IdentityElimination : IPass
{
    public string Name => "IdentityElimination";

    public Graph Run(Graph graph, PassContext context)
    {
        Dictionary<Value, List<Node>> consumers = graph.Consumers();
        foreach (Node n in graph.Nodes.ToArray())
        {
            if (IsCopy(n, graph, consumers) && n.Input(0) is { } input && n.Output(0) is { } output && graph.Bypass(n, input, output))
            {
                consumers = graph.Consumers();
            }
        }

        return graph;
    }

    private static bool IsCopy(Node n, Graph graph, Dictionary<Value, List<Node>> consumers) =>
        n.Is("Identity")
        || (n.Is("Dropout") && (n.Output(1) is not { } mask || (consumers.ReadersOf(mask).Count == 0 && !graph.Outputs.Contains(mask))))
        || (n.Is("Cast") && n.Input(0) is { } x && n.Output(0) is { } y && x.Type == y.Type)
        || (n.Is("Pad") && PadsAreZero(n));

    private static bool PadsAreZero(Node n)
    {
        if (n.OpsetVersion is > 0 and < 11)
        {
            return (n.GetInts("pads") ?? n.GetInts("paddings")) is { } attribute && attribute.All(p => p == 0);
        }

        return n.Input(1)?.Constant is { } pads && pads.ToDoubleArray().All(p => p == 0);
    }
}
