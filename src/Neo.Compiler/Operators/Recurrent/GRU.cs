using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Recurrent;

/// <summary>GRU: gates z, r, h with activations f, g (default Sigmoid, Tanh) and linear_before_reset; outputs Y and Y_h.</summary>
public sealed class GRU : RecurrentLayer
{
    public override string OpType => "GRU";

    public override string Notes => base.Notes + "; linear_before_reset";

    protected override int Gates => 3;

    protected override string[] DefaultActivations => new[] { "Sigmoid", "Tanh" };

    protected override int StateOutputs => 1;

    public override void Lower(Node node, LoweringContext context)
    {
        Dims d = Check(node);
        long scratch = (IsProjected(node) ? 0 : (long)d.Sequence * d.Batch * 3 * d.Hidden) + ((long)d.Batch * 3 * d.Hidden) + (2L * d.Batch * d.Hidden);
        var packed = PackedWeights(node, context);
        LowerDirections(
            node,
            context,
            "Recurrent.Gru",
            scratch,
            (step, _) => CommonInputs(step, node, packed),
            step =>
            {
                Optional(step, "output", node.Output(0), output: true);
                Optional(step, "finalHidden", node.Output(1), output: true);
            },
            step => step.Bool("linearBeforeReset", node.GetInt("linear_before_reset", 0) != 0));
    }
}
