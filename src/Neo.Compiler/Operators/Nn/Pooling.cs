using System;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Nn;

/// <summary>The shared life cycle of 1-D and 2-D MaxPool and AveragePool.</summary>
public abstract class WindowPool : Operator
{
    public override OpKind Kind => OpKind.Reduction;

    public override string Notes => "1-D and 2-D; pads, auto_pad, strides, ceil_mode" + (OpType == "AveragePool" ? ", count_include_pad" : ", dilations");

    protected WindowGeometry Geometry(Node node)
    {
        int[] x = ShapeOf(node.RequireInput(0));
        long[] k = node.Require("kernel_shape").Ints;
        if (x.Length < 3 || x.Length > 4 || k.Length != x.Length - 2)
        {
            throw Invalid(node, $"has input {Shapes.Format(x)} and kernel_shape [{string.Join(",", k)}]; Neo supports 1-D and 2-D pooling.");
        }

        return WindowGeometry.Compute(node, x[2..], k.Select(v => checked((int)v)).ToArray(), node.GetInt("ceil_mode", 0) != 0);
    }

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, DataType.Float32);
        if (node.Output(1) is not null)
        {
            throw Invalid(node, "asks for the Indices output, which Neo does not compute.");
        }

        int[] x = ShapeOf(node.RequireInput(0));
        WindowGeometry g = Geometry(node);
        SetOutput(node, 0, DataType.Float32, new[] { x[0], x[1] }.Concat(g.Output).ToArray());
    }

    /// <summary>The geometry as 2-D (1-D pools get a height of 1).</summary>
    protected static (int[] In, int[] Out, int[] K, int[] S, int[] D, int[] PB, int[] PE) As2D(int[] xs, int[] ys, WindowGeometry g)
    {
        if (xs.Length == 4)
        {
            return (xs[2..], ys[2..], g.Kernel, g.Strides, g.Dilations, g.PadsBegin, g.PadsEnd);
        }

        return (new[] { 1, xs[2] }, new[] { 1, ys[2] }, new[] { 1, g.Kernel[0] }, new[] { 1, g.Strides[0] }, new[] { 1, g.Dilations[0] }, new[] { 0, g.PadsBegin[0] }, new[] { 0, g.PadsEnd[0] });
    }
}

/// <summary>MaxPool: the maximum over each window (padding never wins).</summary>
public sealed class MaxPool : WindowPool
{
    public override string OpType => "MaxPool";

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.RequireInput(0), y = node.Output(0)!;
        var (i, o, k, s, d, pb, _) = As2D(x.Shape!, y.Shape!, Geometry(node));
        context.Step("Pool.Max2D").In("input", x).Out("output", y)
            .Int("planes", x.Shape![0] * x.Shape[1]).Int("inHeight", i[0]).Int("inWidth", i[1]).Int("outHeight", o[0]).Int("outWidth", o[1])
            .Int("kernelHeight", k[0]).Int("kernelWidth", k[1]).Int("strideHeight", s[0]).Int("strideWidth", s[1])
            .Int("padTop", pb[0]).Int("padLeft", pb[1]).Int("dilationHeight", d[0]).Int("dilationWidth", d[1]);
    }
}

/// <summary>AveragePool: the mean over each window; count_include_pad decides whether padding counts.</summary>
public sealed class AveragePool : WindowPool
{
    public override string OpType => "AveragePool";

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.RequireInput(0), y = node.Output(0)!;
        WindowGeometry g = Geometry(node);
        if (g.Dilations.Any(v => v != 1))
        {
            throw Invalid(node, "has dilations, which Neo's AveragePool does not support.");
        }

        var (i, o, k, s, _, pb, pe) = As2D(x.Shape!, y.Shape!, g);
        context.Step("Pool.Average2D").In("input", x).Out("output", y)
            .Int("planes", x.Shape![0] * x.Shape[1]).Int("inHeight", i[0]).Int("inWidth", i[1]).Int("outHeight", o[0]).Int("outWidth", o[1])
            .Int("kernelHeight", k[0]).Int("kernelWidth", k[1]).Int("strideHeight", s[0]).Int("strideWidth", s[1])
            .Int("padTop", pb[0]).Int("padLeft", pb[1]).Int("padBottom", pe[0]).Int("padRight", pe[1])
            .Bool("countIncludePad", node.GetInt("count_include_pad", 0) != 0);
    }
}

/// <summary>GlobalAveragePool: the mean of each channel's spatial plane.</summary>
public sealed class GlobalAveragePool : Operator
{
    public override string OpType => "GlobalAveragePool";

    public override OpKind Kind => OpKind.Reduction;

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, DataType.Float32);
        int[] x = ShapeOf(node.RequireInput(0));
        if (x.Length < 2)
        {
            throw Invalid(node, $"has input {Shapes.Format(x)}; it needs [N, C, ...].");
        }

        SetOutput(node, 0, DataType.Float32, x.Select((d, i) => i < 2 ? d : 1).ToArray());
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.RequireInput(0), y = node.Output(0)!;
        int[] xs = x.Shape!;
        context.Step("Pool.GlobalAverage").In("input", x).Out("output", y)
            .Int("planes", xs[0] * xs[1]).Int("spatial", checked((int)Shapes.Size(xs.AsSpan(2))));
    }
}
