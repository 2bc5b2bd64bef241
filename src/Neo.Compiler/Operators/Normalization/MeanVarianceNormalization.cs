using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators.Support;

namespace Neo.Compiler.Operators.Normalization;

/// <summary>
/// MeanVarianceNormalization: (x − mean)/√(variance + 1e-9) over the axes (default [0, 2, 3]). When the axes
/// are the trailing dims this is LayerNorm without scale; otherwise the axes are moved last around it.
/// </summary>
public sealed class MeanVarianceNormalization : Operator
{
    public override string OpType => "MeanVarianceNormalization";

    public override string Notes => "any axes";

    public override OpKind Kind => OpKind.Reduction;

    private static int[] Axes(Node node, int rank)
    {
        long[] axes = node.GetInts("axes") ?? new long[] { 0, 2, 3 };
        int[] r = axes.Select(a => Shapes.NormalizeAxis(a, rank)).Distinct().OrderBy(a => a).ToArray();
        if (r.Any(a => a < 0))
        {
            throw Invalid(node, $"has axes [{string.Join(",", axes)}] for a tensor of rank {rank}.");
        }

        return r;
    }

    public override void InferShapes(Node node)
    {
        Value x = node.RequireInput(0);
        RequireType(node, 0, DataType.Float32, DataType.Float64, DataType.Float16);
        _ = Axes(node, ShapeOf(x).Length);
        SetOutput(node, 0, x.Type, x.Shape!);
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.Input(0)!, y = node.Output(0)!;
        int[] s = x.Shape!;
        int[] axes = Axes(node, s.Length);
        int[] kept = Enumerable.Range(0, s.Length).Where(d => !axes.Contains(d)).ToArray();
        int[] perm = kept.Concat(axes).ToArray();
        int[] permuted = perm.Select(p => s[p]).ToArray();
        int outer = kept.Aggregate(1, (a, d) => a * s[d]);
        int inner = axes.Aggregate(1, (a, d) => a * s[d]);
        int[] rowMajor = StridedPlan.RowMajor(s);

        // x → [kept..., axes...], normalize rows, and back.
        LTensor moved = context.Temporary(x.Name + " with the axes last", x.Type, permuted);
        StridedPlan to = StridedPlan.Create(permuted, perm.Select(p => rowMajor[p]).ToArray(), 0);
        context.Step("Strided.Copy").In("input", x).Out("output", moved).Ints("shape", to.Shape).Ints("strides", to.Strides).Int("offset", 0);
        LTensor normalized = context.Temporary(x.Name + " normalized", x.Type, permuted);
        LTensor ones = context.Weights(node.Name + " unit scale", KernelFolding.Cast(new TensorData(DataType.Float32, new[] { inner }, Enumerable.Repeat(1f, inner).ToArray()), x.Type));
        context.Step("LayerNorm.Run").In("x", moved).In("scale", ones).Expr("bias", "default").Out("y", normalized)
            .Expr("mean", "default").Expr("invStdDev", "default").Int("outer", outer).Int("inner", inner).Float("epsilon", 1e-9f);
        int[] inverse = new int[perm.Length];
        for (int i = 0; i < perm.Length; i++)
        {
            inverse[perm[i]] = i;
        }

        int[] permutedStrides = StridedPlan.RowMajor(permuted);
        StridedPlan back = StridedPlan.Create(s, inverse.Select(i => permutedStrides[i]).ToArray(), 0);
        context.Step("Strided.Copy").In("input", normalized).Out("output", y).Ints("shape", back.Shape).Ints("strides", back.Strides).Int("offset", 0);
    }
}
