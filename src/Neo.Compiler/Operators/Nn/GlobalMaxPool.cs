using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Nn;

/// <summary>GlobalMaxPool: the maximum of each channel's spatial plane.</summary>
public sealed class GlobalMaxPool : GlobalPool
{
    public override string OpType => "GlobalMaxPool";

    protected override DataType[] Types => new[] { DataType.Float32, DataType.Float64 };

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.RequireInput(0), y = node.Output(0)!;
        (int planes, int spatial) = Planes(x);
        context.Step(x.Type == DataType.Float32 ? "Pool.GlobalMax" : "PoolNd.GlobalMax").In("input", x).Out("output", y).Int("planes", planes).Int("spatial", spatial);
    }
}
