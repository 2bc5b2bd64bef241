using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Recurrent;

/// <summary>RNN: H = f(X·Wᵀ + H'·Rᵀ + Wb + Rb) with activation f (default Tanh); outputs Y and Y_h.</summary>
public sealed class RNN : RecurrentLayer
{
    public override string OpType => "RNN";

    protected override int Gates => 1;

    protected override string[] DefaultActivations => new[] { "Tanh" };

    protected override int StateOutputs => 1;

    public override void Lower(Node node, LoweringContext context)
    {
        Dims d = Check(node);
        long scratch = ((long)d.Sequence * d.Batch * d.Hidden) + (2L * d.Batch * d.Hidden);
        LowerDirections(
            node,
            context,
            "Recurrent.Rnn",
            scratch,
            (step, _) => CommonInputs(step, node),
            step =>
            {
                Optional(step, "output", node.Output(0), output: true);
                Optional(step, "finalHidden", node.Output(1), output: true);
            },
            _ => { });
    }
}
