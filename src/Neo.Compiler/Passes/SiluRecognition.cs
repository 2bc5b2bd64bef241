using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Operators.Fused;

namespace Neo.Compiler.Passes;

/// <summary>
/// Recognizes SiLU (Swish), x · Sigmoid(x), as exporters write it (a Sigmoid and a Mul reading the same x)
/// and replaces it by one neo.Silu, which fuses into a preceding Conv's epilogue.
/// </summary>
public sealed class SiluRecognition : IPass
{
    public string Name => "SiluRecognition";

    public Graph Run(Graph graph, PassContext context)
    {
        Dictionary<Value, List<Node>> consumers = graph.Consumers();
        foreach (Node sigmoid in graph.Nodes.ToArray())
        {
            if (!sigmoid.Is("Sigmoid") || sigmoid.Input(0) is not { Type: DataType.Float32 } x || sigmoid.Output(0) is not { } s
                || consumers.ReadersOf(s) is not [Node mul] || !mul.Is("Mul") || !graph.OnlyReadBy(s, mul, consumers)
                || !ReferenceEquals(mul.OtherOperand(s), x) || !Shapes.Equal(mul.Output(0)!.Shape, x.Shape))
            {
                continue;
            }

            Node silu = GraphEdits.NewNode(graph.FusedNodeName(new[] { sigmoid, mul }, "Silu"), "Silu", NeoDomain.Name, x);
            graph.ReplacePattern(new[] { sigmoid, mul }, silu, mul.Output(0)!);
            consumers = graph.Consumers();
        }

        return graph;
    }
}
