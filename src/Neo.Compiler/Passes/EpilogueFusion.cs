using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators;

namespace Neo.Compiler.Passes;

/// <summary>
/// Fuses the elementwise chain after an out-fusable node (kind <see cref="OpKind.OutFusable"/>: Conv, Gemm,
/// MatMul) into the node, so the kernel writes the final values while the accumulators are still in
/// registers: y = epilogue(acc + bias + residual). Following the node's output while it has a single reader:
/// first an Add of a tensor of the output's shape becomes the <see cref="Node.Residual"/> (the skip
/// connection of a residual block), then every elementwise node that is a function of the chained value
/// alone with parameters known at build time (Relu, Clip, HardSwish, Gelu, Mul by a scalar, ...) joins
/// <see cref="Node.Epilogue"/> in order. The node moves to where its last absorbed reader was, so the
/// residual is computed before it.
/// </summary>
public sealed class EpilogueFusion : IPass
{
    /// <summary>
    /// Where the residual goes among the inputs: after the operator's own (at most three: X, W, B), so an
    /// operator never mistakes it for an optional input it has.
    /// </summary>
    public const int ResidualInputIndex = 3;

    public string Name => "EpilogueFusion";

    public Graph Run(Graph graph, PassContext context)
    {
        Dictionary<Value, List<Node>> consumers = graph.Consumers();
        foreach (Node n in graph.Nodes.ToArray())
        {
            // A BatchNormalization folded to a per-channel multiply-add takes the unary chain (not a residual) too.
            bool affine = Operators.Nn.BatchNormalization.FoldsToAffine(n);
            if ((!affine && context.Operators.Find(n)?.Kind != OpKind.OutFusable) || (!affine && n.Outputs.Count != 1) || n.Output(0) is not { Type: DataType.Float32 } y
                || n.Epilogue.Count > 0 || n.Residual is not null || (!affine && n.Inputs.Count > ResidualInputIndex))
            {
                continue;
            }

            var absorbed = new List<Node>();
            Value current = y;
            while (consumers.ReadersOf(current) is [Node reader] && graph.OnlyReadBy(current, reader, consumers) && reader.Output(0) is { } next
                && Shapes.Equal(next.Shape, y.Shape) && next.Type == DataType.Float32)
            {
                if (!affine && n.Residual is null && n.Epilogue.Count == 0 && reader.Is("Add") && reader.OtherOperand(current) is { } residual
                    && residual.Constant is null && residual.Type == DataType.Float32 && Shapes.Equal(residual.Shape, y.Shape))
                {
                    while (n.Inputs.Count < ResidualInputIndex)
                    {
                        n.Inputs.Add(null);
                    }

                    n.Inputs.Add(residual);
                    n.Residual = residual;
                }
                else if (ElementwiseFunctors.TryUnary(reader, current, context.Operators, out _))
                {
                    n.Epilogue.Add(reader);
                }
                else
                {
                    break;
                }

                absorbed.Add(reader);
                current = next;
            }

            if (absorbed.Count == 0)
            {
                continue;
            }

            // The node now computes the chain's result, where the chain ended.
            int at = graph.Nodes.IndexOf(absorbed[^1]);
            graph.Nodes.Remove(n);
            graph.Nodes.Insert(at, n);
            foreach (Node a in absorbed)
            {
                graph.Nodes.Remove(a);
            }

            GraphEdits.TakeOverOutput(n, current);
            n.Absorb(absorbed);
            consumers = graph.Consumers();
        }

        return graph;
    }
}
