using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.IR;

namespace Neo.Compiler.Passes;

/// <summary>
/// Simplifies transposes, which exporters leave in pairs around attention and layout changes:
/// a Transpose of a Transpose reads the original tensor with the composed permutation (and disappears
/// when that is the identity), a Transpose with the identity permutation is removed, and a Transpose
/// that moves only dimensions of size 1 becomes a Reshape, which costs nothing (a view of its input).
/// </summary>
public sealed class TransposeCancellation : IPass
{
    public string Name => "TransposeCancellation";

    public Graph Run(Graph graph, PassContext context)
    {
        foreach (Node n in graph.Nodes.ToArray())
        {
            if (!n.Is("Transpose") || n.Input(0) is not { Shape: { } inShape } x || n.Output(0) is not { } y || !graph.Nodes.Contains(n))
            {
                continue;
            }

            int[] perm = Permutation(n, inShape.Length);

            // Transpose(Transpose(x0, p1), p2) = Transpose(x0, p1[p2[i]]).
            if (x.ProducedBy("Transpose") is { } inner && inner.Input(0) is { Shape: { } innerShape } x0)
            {
                int[] p1 = Permutation(inner, innerShape.Length);
                perm = perm.Select(p => p1[p]).ToArray();
                bool innerDies = !graph.Outputs.Contains(x) && graph.Nodes.All(m => ReferenceEquals(m, n) || !m.Inputs.Contains(x));
                n.Inputs[0] = x = x0;
                n.Attributes["perm"] = NodeAttribute.FromInts("perm", perm.Select(p => (long)p).ToArray());
                if (innerDies)
                {
                    graph.Nodes.Remove(inner);
                    n.Absorb(new[] { inner });
                }
            }

            if (IsIdentity(perm))
            {
                graph.Bypass(n, x, y);
                continue;
            }

            if (MovesOnlyUnitDims(x.Shape!, perm))
            {
                ToReshape(graph, n, y.Shape!);
            }
        }

        return graph;
    }

    /// <summary>The perm attribute, or the default (reversed dimensions).</summary>
    public static int[] Permutation(Node node, int rank) =>
        node.GetInts("perm") is { Length: > 0 } p ? p.Select(v => (int)(v < 0 ? v + rank : v)).ToArray() : Enumerable.Range(0, rank).Reverse().ToArray();

    private static bool IsIdentity(int[] perm) => perm.Select((p, i) => p == i).All(b => b);

    /// <summary>Whether the dimensions larger than 1 keep their order, so the elements do not move.</summary>
    private static bool MovesOnlyUnitDims(int[] shape, int[] perm)
    {
        int last = -1;
        foreach (int p in perm)
        {
            if (shape[p] == 1)
            {
                continue;
            }

            if (p < last)
            {
                return false;
            }

            last = p;
        }

        return true;
    }

    /// <summary>Turns <paramref name="node"/> into Reshape(input, shape) in place: same name, same output.</summary>
    internal static void ToReshape(Graph graph, Node node, int[] shape)
    {
        Value x = node.Input(0)!;
        node.OpType = "Reshape";
        node.Domain = "";
        node.OpsetVersion = 0;
        node.Attributes.Clear();
        node.Inputs.Clear();
        node.Inputs.Add(x);
        node.Inputs.Add(GraphEdits.NewConstant(node.Name + "/shape", TensorData.FromLongs(new[] { shape.Length }, shape.Select(d => (long)d).ToArray())));
        _ = graph;
    }
}
