using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Nn;

/// <summary>Hardmax: 1 at the first maximum along the axis, 0 elsewhere.</summary>
public sealed class Hardmax : SoftmaxBase
{
    public override string OpType => "Hardmax";

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.RequireInput(0), y = node.Output(0)!;
        (int outer, int axis, int inner) = Split(node, x.Shape!);
        context.Step("Softmax.Hardmax").In("input", x).Out("output", y)
            .Int("outer", outer).Int("axis", axis).Int("inner", inner);
    }
}
