using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Nn;

/// <summary>LogSoftmax: x - max - log Σ exp(x - max) along the axis.</summary>
public sealed class LogSoftmax : SoftmaxBase
{
    public override string OpType => "LogSoftmax";

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.RequireInput(0), y = node.Output(0)!;
        (int outer, int axis, int inner) = Split(node, x.Shape!);
        context.Step("Softmax.Run").In("input", x).Out("output", y)
            .Int("outer", outer).Int("axis", axis).Int("inner", inner).Bool("log", true)
            .InPlace(y, x);
    }
}
