using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.IR;

namespace Neo.Compiler.Passes;

/// <summary>
/// Turns MatMul(A, B) followed by Add of a constant row (a bias of B's column count, or a scalar) into one
/// Gemm with the bias as its C, which the Gemm kernel adds in its epilogue. B must be a matrix; an A of rank
/// above 2 (a [batch, tokens, features] activation) is viewed as a matrix by a Reshape before the Gemm
/// and restored after it, both views that cost nothing (and that ReshapeCancellation merges with their neighbours).
/// </summary>
public sealed class MatMulAddToGemm : IPass
{
    public string Name => "MatMulAddToGemm";

    public Graph Run(Graph graph, PassContext context)
    {
        Dictionary<Value, List<Node>> consumers = graph.Consumers();
        foreach (Node mm in graph.Nodes.ToArray())
        {
            if (!mm.Is("MatMul") || mm.Input(0) is not { Type: DataType.Float32, Shape: { Length: >= 2 } aShape } a
                || mm.Input(1) is not { Type: DataType.Float32, Shape: { Length: 2 } bShape } b
                || mm.Output(0) is not { } product || consumers.ReadersOf(product) is not [Node add] || !add.Is("Add")
                || !graph.OnlyReadBy(product, add, consumers) || add.OtherOperand(product) is not { } c || add.Output(0) is not { } y
                || !Shapes.Equal(y.Shape, product.Shape))
            {
                continue;
            }

            int n = bShape[1];
            float[]? bias = Row(c, n);
            if (bias is null)
            {
                continue;
            }

            int k = aShape[^1];
            int m = (int)(a.Size / k);
            int at = graph.Nodes.IndexOf(mm);
            graph.Nodes.Remove(mm);
            graph.Nodes.Remove(add);
            var created = new List<Node>();
            Value matrix = a;
            if (aShape.Length != 2)
            {
                Node flatten = GraphEdits.NewNode(graph.UniqueNodeName(mm.Name + "/as_matrix"), "Reshape", "", a, Shape(mm.Name + "/as_matrix/shape", m, k));
                matrix = GraphEdits.NewValue(a.Name + "/as_matrix", DataType.Float32, new[] { m, k }, flatten);
                created.Add(flatten);
            }

            Node gemm = GraphEdits.NewNode(mm.Name, "Gemm", "", matrix, b, GraphEdits.NewConstant(add.Name + "/bias", TensorData.FromFloats(new[] { n }, bias)));
            gemm.Absorb(new[] { mm, add });
            created.Add(gemm);
            if (aShape.Length == 2)
            {
                GraphEdits.TakeOverOutput(gemm, y);
            }
            else
            {
                Value rows = GraphEdits.NewValue(mm.Name + "/rows", DataType.Float32, new[] { m, n }, gemm);
                Node restore = GraphEdits.NewNode(graph.UniqueNodeName(mm.Name + "/restore"), "Reshape", "", rows, Shape(mm.Name + "/restore/shape", y.Shape!));
                GraphEdits.TakeOverOutput(restore, y);
                created.Add(restore);
            }

            foreach (Node step in created)
            {
                // Inside an If branch, the Gemm and its reshapes run under the branch's conditions, as the Add did.
                step.Guards.AddRange(add.Guards);
            }

            graph.Nodes.InsertRange(at, created);
            consumers = graph.Consumers();
        }

        return graph;
    }

    /// <summary>A constant that adds the same row of <paramref name="n"/> values to every row: [n], [1, n], [1, 1, n] or a scalar.</summary>
    private static float[]? Row(Value c, int n)
    {
        if (c.Constant is not { Type: DataType.Float32 } data)
        {
            return null;
        }

        float[] v = data.As<float>();
        if (v.Length == 1)
        {
            return Enumerable.Repeat(v[0], n).ToArray();
        }

        return v.Length == n && data.Shape[^1] == n ? (float[])v.Clone() : null;
    }

    private static Value Shape(string name, params int[] dims) =>
        GraphEdits.NewConstant(name, TensorData.FromLongs(new[] { dims.Length }, dims.Select(d => (long)d).ToArray()));
}
