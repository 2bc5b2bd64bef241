using System;
using System.Linq;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Operators;

namespace Neo.Compiler.Passes;

/// <summary>
/// Infers every tensor's type and static shape in node order and, where all of a node's inputs are
/// known at build time, computes its outputs (constant folding). Folding is what turns exporters'
/// Shape/Gather/Concat chains around Reshape into constants, so it runs at every optimization level.
/// </summary>
public sealed class InferShapesAndFold : IPass
{
    /// <summary>Folded results larger than this stay computed at run time, so weights do not balloon.</summary>
    public const long MaxFoldedElements = 1 << 22;

    public string Name => "InferShapesAndFold";

    public Graph Run(Graph graph, PassContext context)
    {
        foreach (Node node in graph.Nodes)
        {
            Operator? op = context.Operators.Find(node);
            if (op is null)
            {
                continue; // Reported by the support check before the passes run.
            }

            if (node.Inputs.Any(i => i is not null && i.Shape is null))
            {
                continue; // An earlier node failed; its error was reported.
            }

            if (node.Outputs.All(o => o is null))
            {
                continue; // Computes nothing anyone can read (no outputs, or only omitted ones): dead-code elimination removes it.
            }

            try
            {
                op.InferShapes(node);
                for (int i = 0; i < node.Outputs.Count; i++)
                {
                    if (node.Outputs[i] is { } o && (o.Shape is null || o.Type == DataType.Undefined))
                    {
                        // Operators set every output they define, so this is an output the operator does not have.
                        throw new CompileErrorException(DiagnosticCodes.InvalidNode, $"node {node.Display} has output {i} '{o.Name}', which {node.OpType} does not produce (or not with these inputs and attributes). Re-export the model; check the node's outputs against the ONNX operator's definition.", node.Name);
                    }
                }

                SizeLimits.CheckOutputs(node);

                bool foldable = node.Outputs.All(o => o is null || o.Constant is null)
                    && node.Inputs.All(i => i is null || i.Constant is not null)
                    && node.Outputs.Where(o => o is not null).Sum(o => o!.Size) <= MaxFoldedElements;
                if (foldable)
                {
                    TensorData[]? results = op.Fold(node);
                    if (results is not null)
                    {
                        for (int i = 0; i < results.Length && i < node.Outputs.Count; i++)
                        {
                            if (node.Outputs[i] is { } o)
                            {
                                o.Constant = results[i];
                            }
                        }
                    }
                }
            }
            catch (CompileErrorException e)
            {
                context.Diagnostics.Add(NodeFailure.Attach(node, e));
            }
            catch (Exception e) when (NodeFailure.IsUnexpected(e))
            {
                context.Diagnostics.Add(NodeFailure.From(node, e));
            }
        }

        return graph;
    }
}
