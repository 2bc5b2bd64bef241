using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Nn;

/// <summary>LpPool: (Σ |x|^p)^(1/p) over each window, 1-D to 3-D (p defaults to 2; padding counts as zero).</summary>
public sealed class LpPool : WindowPool
{
    public override string OpType => "LpPool";

    public override string Notes => "1-D to 3-D; p, pads, auto_pad, strides, dilations, ceil_mode";

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.RequireInput(0), y = node.Output(0)!;
        WindowGeometry g = Geometry(node);
        int[] xs = x.Shape!;
        context.Step("PoolNd.Lp").In("input", x).Out("output", y)
            .Int("planes", xs[0] * xs[1]).Ints("inShape", Spatial(xs)).Ints("outShape", Spatial(y.Shape!))
            .Ints("kernel", Three(g.Kernel, 1)).Ints("strides", Three(g.Strides, 1)).Ints("pads", Three(g.PadsBegin, 0)).Ints("dilations", Three(g.Dilations, 1))
            .Float("p", node.GetInt("p", 2));
    }
}
