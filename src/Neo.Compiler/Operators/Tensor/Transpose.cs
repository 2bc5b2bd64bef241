using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators.Support;

namespace Neo.Compiler.Operators.Tensor;

/// <summary>Transpose: output dim i is input dim perm[i] (reversed dims without perm); a strided copy.</summary>
public sealed class Transpose : Operator
{
    public override string OpType => "Transpose";

    public override string Notes => "any perm (default reverses); strided copy";

    public override OpKind Kind => OpKind.Injective;

    private static int[] Perm(Node node, int rank)
    {
        long[]? p = node.GetInts("perm");
        if (p is null)
        {
            return Enumerable.Range(0, rank).Reverse().ToArray();
        }

        if (p.Length != rank || p.Any(v => v < 0 || v >= rank) || p.Distinct().Count() != rank)
        {
            throw Invalid(node, $"has perm [{string.Join(",", p)}], which is not a permutation of the {rank} dims.");
        }

        return p.Select(v => (int)v).ToArray();
    }

    public override void InferShapes(Node node)
    {
        int[] x = ShapeOf(node.RequireInput(0));
        int[] perm = Perm(node, x.Length);
        SetOutput(node, 0, node.Input(0)!.Type, perm.Select(p => x[p]).ToArray());
    }

    private static StridedPlan Plan(Node node)
    {
        int[] x = node.Input(0)!.Shape!;
        int[] perm = Perm(node, x.Length);
        int[] strides = StridedPlan.RowMajor(x);
        return StridedPlan.Create(perm.Select(p => x[p]).ToArray(), perm.Select(p => strides[p]).ToArray(), 0);
    }

    public override TensorData[]? Fold(Node node) => new[] { Plan(node).Fold(node.Input(0)!.Constant!, node.Output(0)!.Shape!) };

    public override void Lower(Node node, LoweringContext context) => Plan(node).Lower(context, node, node.Input(0)!, node.Output(0)!);
}
