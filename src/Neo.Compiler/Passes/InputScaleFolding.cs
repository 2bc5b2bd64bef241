using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.IR;

namespace Neo.Compiler.Passes;

/// <summary>
/// Moves a multiplication or division by a scalar constant on an input of a linear operator into the
/// operator: Conv(x · s, W) = Conv(x, W · s) (padding is zero either way), Gemm(A · s, B) has alpha · s, and
/// MatMul(A · s, B) = MatMul(A, B) · s, which EpilogueFusion then applies as the product is written.
/// Attention's scaling of the queries by 1/√d is the common case: one pass over the queries saved.
/// </summary>
public sealed class InputScaleFolding : IPass
{
    public string Name => "InputScaleFolding";

    public Graph Run(Graph graph, PassContext context)
    {
        Dictionary<Value, List<Node>> consumers = graph.Consumers();
        foreach (Node scale in graph.Nodes.ToArray())
        {
            if (!graph.Nodes.Contains(scale) || Scalar(scale) is not (Value x, float s) || scale.Output(0) is not { } scaled
                || !Shapes.Equal(scaled.Shape, x.Shape) || consumers.ReadersOf(scaled) is not [Node op] || !graph.OnlyReadBy(scaled, op, consumers)
                || op.Epilogue.Count > 0 || op.Residual is not null)
            {
                continue;
            }

            int slot = op.Inputs.IndexOf(scaled);
            if (op.Is("Conv") && slot == 0 && op.Input(1) is { Constant: { Type: DataType.Float32 } w } weights)
            {
                float[] data = w.As<float>().Select(v => v * s).ToArray();
                op.Inputs[1] = GraphEdits.NewConstant(weights.Name + "/scaled", new TensorData(DataType.Float32, w.Shape, data));
            }
            else if (op.Is("Gemm") && slot is 0 or 1)
            {
                op.Attributes["alpha"] = NodeAttribute.FromFloat("alpha", op.GetFloat("alpha", 1f) * s);
            }
            else if (op.Is("MatMul") && slot is 0 or 1 && op.Output(0) is { Type: DataType.Float32 } product)
            {
                // The scaling moves after the product, where EpilogueFusion absorbs it.
                Value unscaled = new(product.Name + "/unscaled", product.Type, product.Shape) { Producer = op };
                op.Outputs[0] = unscaled;
                scale.Inputs.Clear();
                scale.Inputs.Add(unscaled);
                scale.Inputs.Add(GraphEdits.NewConstant(scale.Name + "/factor", TensorData.Scalar(s)));
                scale.OpType = "Mul";
                GraphEdits.TakeOverOutput(scale, product);
                op.Inputs[slot] = x;
                graph.Nodes.Remove(scale);
                graph.Nodes.Insert(graph.Nodes.IndexOf(op) + 1, scale);
                consumers = graph.Consumers();
                continue;
            }
            else
            {
                continue;
            }

            op.Inputs[slot] = x;
            graph.Nodes.Remove(scale);
            op.Absorb(new[] { scale });
            consumers = graph.Consumers();
        }

        return graph;
    }

    /// <summary>Mul(x, s), Mul(s, x) or Div(x, s) with s a one-element float32 constant: x and the factor.</summary>
    private static (Value, float)? Scalar(Node n)
    {
        if (n.Output(0) is not { Type: DataType.Float32 })
        {
            return null;
        }

        if (n.Is("Mul") && n.Input(1).TryScalar(out double b) && n.Input(0) is { Constant: null } a0)
        {
            return (a0, (float)b);
        }

        if (n.Is("Mul") && n.Input(0).TryScalar(out double a) && n.Input(1) is { Constant: null } b1)
        {
            return (b1, (float)a);
        }

        if (n.Is("Div") && n.Input(1).TryScalar(out double d) && d != 0 && n.Input(0) is { Constant: null } x)
        {
            return (x, (float)(1 / d));
        }

        return null;
    }
}
