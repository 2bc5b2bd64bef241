using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators;

namespace Neo.Compiler.Passes;

/// <summary>
/// Moves shape-only operators (Reshape, Flatten, Squeeze, Unsqueeze) below the elementwise node that reads
/// them when that lets the elementwise node meet the Conv, Gemm or MatMul that computed the data, so
/// EpilogueFusion can absorb it: Gemm → Reshape → Gelu becomes Gemm → Gelu → Reshape. A unary node simply
/// swaps places with the view; a residual Add reads its other operand through a Reshape to the
/// pre-view shape (a view too, free). Elementwise operators commute with shape changes, so the values
/// are unchanged; MatMulAddToGemm's restoring Reshape is the common case.
/// </summary>
public sealed class ViewSinking : IPass
{
    private static readonly string[] ViewOps = { "Reshape", "Flatten", "Squeeze", "Unsqueeze" };

    public string Name => "ViewSinking";

    public Graph Run(Graph graph, PassContext context)
    {
        bool changed = true;
        while (changed)
        {
            changed = false;
            Dictionary<Value, List<Node>> consumers = graph.Consumers();
            foreach (Node view in graph.Nodes.ToArray())
            {
                if (ViewOps.Any(view.Is) && Sink(graph, consumers, view, context.Operators))
                {
                    changed = true;
                    break;
                }
            }
        }

        return graph;
    }

    private static bool Sink(Graph graph, Dictionary<Value, List<Node>> consumers, Node view, OperatorRegistry operators)
    {
        if (view.Input(0) is not { Type: DataType.Float32, Shape: { } preShape } pre || view.Output(0) is not { } viewed
            || consumers.ReadersOf(viewed) is not [Node reader] || !graph.OnlyReadBy(viewed, reader, consumers)
            || reader.Output(0) is not { } result || !Shapes.Equal(result.Shape, viewed.Shape) || !graph.OnlyReadBy(pre, view, consumers)
            || !ComesFromOutFusable(graph, consumers, pre, operators))
        {
            return false;
        }

        Node? residualView = null;
        if (reader.Is("Add") && reader.OtherOperand(viewed) is { Constant: null } residual && Shapes.Equal(residual.Shape, viewed.Shape) && residual.Type == DataType.Float32)
        {
            // The residual, viewed with the pre-view shape.
            residualView = GraphEdits.NewNode(graph.UniqueNodeName(reader.Name + "/residual_view"), "Reshape", "", residual,
                GraphEdits.NewConstant(reader.Name + "/residual_view/shape", TensorData.FromLongs(new[] { preShape.Length }, preShape.Select(d => (long)d).ToArray())));
            residualView.Guards.AddRange(reader.Guards);
            Value viewedResidual = GraphEdits.NewValue(residual.Name + "/viewed", DataType.Float32, preShape, residualView);
            reader.Inputs[reader.Inputs.IndexOf(residual)] = viewedResidual;
        }
        else if (!ElementwiseFunctors.TryUnary(reader, viewed, operators, out _))
        {
            return false;
        }

        // reader: pre → mid (pre-view shape); view: mid → result.
        reader.Inputs[reader.Inputs.IndexOf(viewed)] = pre;
        Value mid = new(result.Name + "/before_view", result.Type, preShape) { Producer = reader };
        reader.Outputs[0] = mid;
        view.Inputs[0] = mid;
        GraphEdits.TakeOverOutput(view, result);
        graph.Nodes.Remove(view);
        graph.Nodes.Insert(graph.Nodes.IndexOf(reader) + 1, view);
        if (residualView is not null)
        {
            graph.Nodes.Insert(graph.Nodes.IndexOf(reader), residualView);
        }

        return true;
    }

    /// <summary>Whether <paramref name="v"/> is computed by an out-fusable node, directly or through elementwise nodes only it reads.</summary>
    private static bool ComesFromOutFusable(Graph graph, Dictionary<Value, List<Node>> consumers, Value v, OperatorRegistry operators)
    {
        for (Node? p = v.Producer; p is not null; p = p.Input(0)?.Producer)
        {
            if (operators.Find(p)?.Kind == OpKind.OutFusable)
            {
                return true;
            }

            if (p.Input(0) is not { } input || !ElementwiseFunctors.TryUnary(p, input, operators, out _) || !graph.OnlyReadBy(input, p, consumers))
            {
                return false;
            }
        }

        return false;
    }
}
