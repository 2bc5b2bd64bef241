using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Nn;

/// <summary>
/// MeanVarianceNormalization: (x - mean) / (std + 1e-9) with the statistics over axes (default [0, 2, 3]),
/// as the operator's ONNX function computes it.
/// </summary>
public sealed class MeanVarianceNormalization : Operator
{
    public override string OpType => "MeanVarianceNormalization";

    public override OpKind Kind => OpKind.Reduction;

    private static bool[] Reduced(Node node, int rank)
    {
        long[] axes = node.GetInts("axes") ?? new long[] { 0, 2, 3 };
        var reduced = new bool[rank];
        foreach (long a in axes)
        {
            int d = Shapes.NormalizeAxis(a, rank);
            if (d < 0)
            {
                throw Invalid(node, $"has axis {a} for a tensor of rank {rank}.");
            }

            reduced[d] = true;
        }

        return reduced;
    }

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, DataType.Float32);
        int[] x = ShapeOf(node.RequireInput(0));
        _ = Reduced(node, x.Length);
        SetOutput(node, 0, DataType.Float32, x);
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.RequireInput(0);
        int[] xs = x.Shape!;
        bool[] reduced = Reduced(node, xs.Length);
        var strides = new int[xs.Length];
        int kept = 1;
        for (int d = xs.Length - 1; d >= 0; d--)
        {
            strides[d] = reduced[d] ? 0 : kept;
            kept *= reduced[d] ? 1 : xs[d];
        }

        context.Step("Normalization.MeanVariance").In("input", x).Out("output", node.Output(0)!)
            .Ints("shape", xs.Length == 0 ? new[] { 1 } : xs).Ints("keptStrides", xs.Length == 0 ? new[] { 0 } : strides).Int("kept", kept)
            .Scratch("statistics", DataType.Float32, 2L * kept);
    }
}
