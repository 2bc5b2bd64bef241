using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Nn;

/// <summary>GlobalLpPool: (Σ |x|^p)^(1/p) over each channel's spatial plane (p defaults to 2).</summary>
public sealed class GlobalLpPool : GlobalPool
{
    public override string OpType => "GlobalLpPool";

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.RequireInput(0), y = node.Output(0)!;
        (int planes, int spatial) = Planes(x);
        context.Step("PoolNd.GlobalLp").In("input", x).Out("output", y).Int("planes", planes).Int("spatial", spatial).Float("p", node.GetInt("p", 2));
    }
}
