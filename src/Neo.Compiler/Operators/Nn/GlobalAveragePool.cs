using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Nn;

/// <summary>GlobalAveragePool: the mean of each channel's spatial plane.</summary>
public sealed class GlobalAveragePool : GlobalPool
{
    public override string OpType => "GlobalAveragePool";

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.RequireInput(0), y = node.Output(0)!;
        (int planes, int spatial) = Planes(x);
        context.Step("Pool.GlobalAverage").Team().In("input", x).Out("output", y).Int("planes", planes).Int("spatial", spatial);
    }
}
