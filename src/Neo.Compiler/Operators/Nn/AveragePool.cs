using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Nn;

/// <summary>AveragePool: the mean over each window, 1-D to 3-D; count_include_pad decides whether padding counts.</summary>
public sealed class AveragePool : WindowPool
{
    public override string OpType => "AveragePool";

    public override string Notes => "1-D to 3-D; pads, auto_pad, strides, ceil_mode, count_include_pad";

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.RequireInput(0), y = node.Output(0)!;
        WindowGeometry g = Geometry(node);
        if (g.Dilations.Any(v => v != 1))
        {
            throw Invalid(node, "has dilations, which Neo's AveragePool does not support.");
        }

        int[] xs = x.Shape!, ys = y.Shape!;
        bool includePad = node.GetInt("count_include_pad", 0) != 0;
        if (xs.Length <= 4)
        {
            int[] i = Spatial(xs), o = Spatial(ys), k = Three(g.Kernel, 1), s = Three(g.Strides, 1), pb = Three(g.PadsBegin, 0), pe = Three(g.PadsEnd, 0);
            context.Step("Pool.Average2D").Team().In("input", x).Out("output", y)
                .Int("planes", xs[0] * xs[1]).Int("inHeight", i[1]).Int("inWidth", i[2]).Int("outHeight", o[1]).Int("outWidth", o[2])
                .Int("kernelHeight", k[1]).Int("kernelWidth", k[2]).Int("strideHeight", s[1]).Int("strideWidth", s[2])
                .Int("padTop", pb[1]).Int("padLeft", pb[2]).Int("padBottom", pe[1]).Int("padRight", pe[2])
                .Bool("countIncludePad", includePad);
            return;
        }

        context.Step("PoolNd.Average").In("input", x).Out("output", y)
            .Int("planes", xs[0] * xs[1]).Ints("inShape", Spatial(xs)).Ints("outShape", Spatial(ys))
            .Ints("kernel", Three(g.Kernel, 1)).Ints("strides", Three(g.Strides, 1)).Ints("padsBegin", Three(g.PadsBegin, 0)).Ints("padsEnd", Three(g.PadsEnd, 0))
            .Bool("countIncludePad", includePad);
    }
}
