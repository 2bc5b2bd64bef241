using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Nn;

/// <summary>
/// MaxPool: the maximum over each window (padding never wins), 1-D to 3-D, with dilations, ceil_mode and
/// the optional Indices output (flat positions in the input, row- or column-major by storage_order).
/// Float 1-D and 2-D pools without Indices use the 2-D kernel; the rest the N-d one.
/// </summary>
public sealed class MaxPool : WindowPool
{
    public override string OpType => "MaxPool";

    public override string Notes => "1-D to 3-D; pads, auto_pad, strides, dilations, ceil_mode, storage_order, Indices; float32, float64, int8, uint8";

    protected override DataType[] Types => new[] { DataType.Float32, DataType.Float64, DataType.Int8, DataType.UInt8 };

    protected override void InferExtraOutputs(Node node, int[] outputShape) => SetOutput(node, 1, DataType.Int64, outputShape);

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.RequireInput(0), y = node.Output(0)!;
        WindowGeometry g = Geometry(node);
        int[] xs = x.Shape!, ys = y.Shape!;
        Value? indices = node.Output(1);
        if (x.Type == DataType.Float32 && xs.Length <= 4 && indices is null)
        {
            int[] i = Spatial(xs), o = Spatial(ys), k = Three(g.Kernel, 1), s = Three(g.Strides, 1), d = Three(g.Dilations, 1), p = Three(g.PadsBegin, 0);
            context.Step("Pool.Max2D").Team().In("input", x).Out("output", y)
                .Int("planes", xs[0] * xs[1]).Int("inHeight", i[1]).Int("inWidth", i[2]).Int("outHeight", o[1]).Int("outWidth", o[2])
                .Int("kernelHeight", k[1]).Int("kernelWidth", k[2]).Int("strideHeight", s[1]).Int("strideWidth", s[2])
                .Int("padTop", p[1]).Int("padLeft", p[2]).Int("dilationHeight", d[1]).Int("dilationWidth", d[2]);
            return;
        }

        StepBuilder step = context.Step("PoolNd.Max").In("input", x).Out("output", y);
        if (indices is not null)
        {
            step.Out("indices", indices);
        }
        else
        {
            step.Expr("indices", "default");
        }

        step.Int("planes", xs[0] * xs[1]).Ints("inShape", Spatial(xs)).Ints("outShape", Spatial(ys))
            .Ints("kernel", Three(g.Kernel, 1)).Ints("strides", Three(g.Strides, 1)).Ints("pads", Three(g.PadsBegin, 0)).Ints("dilations", Three(g.Dilations, 1))
            .Bool("columnMajor", node.GetInt("storage_order", 0) != 0);
    }
}
