using System;
using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Operators;

namespace Neo.Compiler.Passes;

/// <summary>
/// Infers every tensor's type and static shape in node order and, where all of a node's inputs are
/// known at build time, computes its outputs (constant folding). Folding is what turns exporters'
/// Shape/Gather/Concat chains around Reshape into constants, so it runs at every optimization level.
/// Operators that expand (control flow) are replaced here by the nodes they stand for, which are
/// processed in turn: an If whose condition folds to a constant becomes its chosen branch, a Loop with
/// a trip count known at build time becomes its unrolled body.
/// </summary>
public sealed class InferShapesAndFold : IPass
{
    /// <summary>Folded results larger than this stay computed at run time, so weights do not balloon.</summary>
    public const long MaxFoldedElements = 1 << 22;

    public string Name => "InferShapesAndFold";

    public Graph Run(Graph graph, PassContext context)
    {
        var expansion = new Expansion(graph, context);
        var result = new List<Node>(graph.Nodes.Count);
        foreach (Node node in graph.Nodes.ToList())
        {
            result.AddRange(expansion.Process(node));
        }

        graph.Nodes.Clear();
        graph.Nodes.AddRange(result);
        return graph;
    }

    private sealed class Expansion : ExpansionContext
    {
        private readonly PassContext _context;
        private readonly HashSet<string> _names;

        public Expansion(Graph graph, PassContext context)
        {
            _context = context;
            _names = new HashSet<string>(graph.Nodes.Select(n => n.Name), System.StringComparer.Ordinal);
        }

        public override OperatorRegistry Operators => _context.Operators;

        public override string UniqueNodeName(string hint)
        {
            string candidate = hint;
            for (int k = 2; !_names.Add(candidate); k++)
            {
                candidate = hint + "_" + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return candidate;
        }

        public override IReadOnlyList<Node> Process(Node node)
        {
            _names.Add(node.Name);
            Operator? op = _context.Operators.Find(node);
            if (op is null)
            {
                return new[] { node }; // Reported by the support check before the passes run.
            }

            if (node.Inputs.Any(i => i is not null && i.Shape is null))
            {
                return new[] { node }; // An earlier node failed; its error was reported.
            }

            if (node.Outputs.All(o => o is null))
            {
                return new[] { node }; // Computes nothing anyone can read (no outputs, or only omitted ones): dead-code elimination removes it.
            }

            try
            {
                if (op.Expand(node, this) is { } replacement)
                {
                    return replacement;
                }

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
                _context.Diagnostics.Add(NodeFailure.Attach(node, e));
            }
            catch (Exception e) when (NodeFailure.IsUnexpected(e))
            {
                _context.Diagnostics.Add(NodeFailure.From(node, e));
            }

            return new[] { node };
        }
    }
}
