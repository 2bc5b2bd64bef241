using System.Linq;
using Neo.Compiler.IR;

namespace Neo.Compiler.Operators.Tensor;

/// <summary>Squeeze: removes size-1 dims (the listed axes, an attribute before opset 13 and an input after, or all of them); a view.</summary>
public sealed class Squeeze : ViewOperator
{
    public override string OpType => "Squeeze";

    public override string Notes => "axes attribute or input; a view";

    public override bool NeedsConstantInput(Node node, int index) => index == 1;

    protected override int[] OutputShape(Node node, int[] input)
    {
        long[]? axes = node.OpsetVersion is > 0 and < 13 ? node.GetInts("axes") : ConstantInts(node, 1, "axes");
        if (axes is null || axes.Length == 0)
        {
            return input.Where(d => d != 1).ToArray();
        }

        var drop = new bool[input.Length];
        foreach (long ax in axes)
        {
            int a = Shapes.NormalizeAxis(ax, input.Length);
            if (a < 0)
            {
                throw Invalid(node, $"has axis {ax} for a tensor of rank {input.Length}.");
            }

            if (input[a] != 1)
            {
                throw Mismatch(node, $"squeezes axis {ax} of {Shapes.Format(input)}, which is not 1.");
            }

            drop[a] = true;
        }

        return input.Where((_, d) => !drop[d]).ToArray();
    }
}
