using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Recurrent;

/// <summary>
/// LSTM: gates i, o, f, c with activations f, g, h (default Sigmoid, Tanh, Tanh), optional peepholes,
/// input_forget coupling, initial hidden and cell states; outputs Y, Y_h and Y_c.
/// </summary>
public sealed class LSTM : RecurrentLayer
{
    public override string OpType => "LSTM";

    public override string Notes => base.Notes + "; peepholes, input_forget";

    protected override int Gates => 4;

    protected override string[] DefaultActivations => new[] { "Sigmoid", "Tanh", "Tanh" };

    protected override int StateOutputs => 2;

    protected override void CheckExtraInputs(Node node, Dims dims, int[] stateShape)
    {
        Expect(node, 6, stateShape);
        Expect(node, 7, new[] { dims.Directions, 3 * dims.Hidden });
        if (node.Inputs.Count > 8)
        {
            throw Invalid(node, "has more inputs than the operator defines.");
        }
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Dims d = Check(node);
        long scratch = (IsProjected(node) ? 0 : (long)d.Sequence * d.Batch * 4 * d.Hidden) + ((long)d.Batch * 4 * d.Hidden) + (2L * d.Batch * d.Hidden);
        var packed = PackedWeights(node, context);
        LowerDirections(
            node,
            context,
            "Recurrent.Lstm",
            scratch,
            (step, _) =>
            {
                CommonInputs(step, node, packed);
                Optional(step, "initialCell", node.Input(6), output: false);
                Optional(step, "peepholes", node.Input(7), output: false);
            },
            step =>
            {
                Optional(step, "output", node.Output(0), output: true);
                Optional(step, "finalHidden", node.Output(1), output: true);
                Optional(step, "finalCell", node.Output(2), output: true);
            },
            step => step.Bool("inputForget", node.GetInt("input_forget", 0) != 0));
    }
}
