using System;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Nn;

/// <summary>
/// ConvTranspose: 1-D, 2-D and 3-D transposed convolution with groups, strides, dilations, pads,
/// output_padding, output_shape and auto_pad. X is [N, C, spatial...], W is [C, M/group, kernel...].
/// The output size is stride·(in-1) + output_padding + (kernel-1)·dilation + 1 - pads; with
/// output_shape (or auto_pad SAME_*) the pads follow from the requested size, SAME_UPPER putting the
/// odd one at the end, as ONNX Runtime does.
/// </summary>
public sealed class ConvTranspose : Operator
{
    public override string OpType => "ConvTranspose";

    public override OpKind Kind => OpKind.OutFusable;

    public override string Notes => "1-D, 2-D, 3-D; groups, strides, dilations, pads, output_padding, output_shape, auto_pad";

    private sealed record Geometry(int[] Kernel, int[] Strides, int[] Dilations, int[] PadsBegin, int[] Output, int OutChannels);

    private static Geometry Compute(Node node)
    {
        int[] x = ShapeOf(node.RequireInput(0)), w = ShapeOf(node.RequireInput(1));
        int rank = x.Length - 2;
        if (x.Length < 3 || x.Length > 5 || w.Length != x.Length)
        {
            throw Invalid(node, $"has input {Shapes.Format(x)} and weights {Shapes.Format(w)}; Neo supports 1-D, 2-D and 3-D transposed convolution.");
        }

        int group = checked((int)node.GetInt("group", 1));
        if (group <= 0 || w[0] != x[1] || x[1] % group != 0)
        {
            throw Mismatch(node, $"has {x[1]} input channels, weights {Shapes.Format(w)} and group {group}: the weights' first dim must be the input channels, divisible by the groups.");
        }

        int[] kernel = w[2..];
        if (node.GetInts("kernel_shape") is { Length: > 0 } ks && !ks.SequenceEqual(kernel.Select(k => (long)k)))
        {
            throw Mismatch(node, $"says kernel_shape [{string.Join(",", ks)}] but its weights are {Shapes.Format(w)}.");
        }

        int[] strides = Ints(node, "strides", rank, 1);
        int[] dilations = Ints(node, "dilations", rank, 1);
        int[] outputPadding = Ints(node, "output_padding", rank, 0);
        string autoPad = node.GetString("auto_pad", "NOTSET");
        long[]? outputShape = node.GetInts("output_shape");
        long[]? pads = node.GetInts("pads");
        var begin = new int[rank];
        var output = new int[rank];
        for (int d = 0; d < rank; d++)
        {
            if (strides[d] <= 0 || dilations[d] <= 0)
            {
                throw Invalid(node, "has a non-positive stride or dilation.");
            }

            int extent = ((kernel[d] - 1) * dilations[d]) + 1;
            int natural = (strides[d] * (x[d + 2] - 1)) + outputPadding[d] + extent;
            if (outputShape is { Length: > 0 } || autoPad is "SAME_UPPER" or "SAME_LOWER")
            {
                int size = outputShape is { Length: > 0 }
                    ? checked((int)outputShape[outputShape.Length - rank + d])
                    : x[d + 2] * strides[d];
                int total = Math.Max(0, natural - size);
                begin[d] = autoPad == "SAME_UPPER" ? total / 2 : total - (total / 2);
                output[d] = size;
            }
            else
            {
                int pb = pads is { Length: > 0 } && autoPad != "VALID" ? checked((int)pads[d]) : 0;
                int pe = pads is { Length: > 0 } && autoPad != "VALID" ? checked((int)pads[d + rank]) : 0;
                begin[d] = pb;
                output[d] = natural - pb - pe;
            }

            if (output[d] <= 0)
            {
                throw Mismatch(node, $"gives output size {output[d]} in spatial dimension {d}.");
            }
        }

        return new Geometry(kernel, strides, dilations, begin, output, w[1] * group);
    }

    private static int[] Ints(Node node, string name, int rank, int fallback)
    {
        long[]? v = node.GetInts(name);
        if (v is null || v.Length == 0)
        {
            return Enumerable.Repeat(fallback, rank).ToArray();
        }

        if (v.Length != rank)
        {
            throw Invalid(node, $"has {v.Length} {name} for {rank} spatial dimensions.");
        }

        return Array.ConvertAll(v, e => checked((int)e));
    }

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, DataType.Float32);
        RequireType(node, 1, DataType.Float32);
        int[] x = ShapeOf(node.RequireInput(0));
        Geometry g = Compute(node);
        if (node.Input(2) is { } b && (b.Shape!.Length != 1 || b.Shape[0] != g.OutChannels))
        {
            throw Mismatch(node, $"has bias {Shapes.Format(b.Shape)} for {g.OutChannels} output channels.");
        }

        SetOutput(node, 0, DataType.Float32, new[] { x[0], g.OutChannels }.Concat(g.Output).ToArray());
    }

    public override long Macs(Node node) =>
        node.Input(0)!.Size * Shapes.Size(node.Input(1)!.Shape.AsSpan(1));

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.RequireInput(0), w = node.RequireInput(1), y = node.Output(0)!;
        Geometry g = Compute(node);
        int lead = 5 - x.Shape!.Length;
        int[] Pad3(int[] v, int fill) => Enumerable.Repeat(fill, lead).Concat(v).ToArray();
        StepBuilder step = context.Step("ConvTranspose.Run").In("input", x).In("weights", w);
        if (node.Input(2) is { } b)
        {
            step.In("bias", b);
        }
        else
        {
            step.Expr("bias", "default");
        }

        step.Out("output", y)
            .Int("batch", x.Shape[0]).Int("inChannels", x.Shape[1]).Int("outChannels", g.OutChannels).Int("groups", node.GetInt("group", 1))
            .Ints("inShape", Pad3(x.Shape[2..], 1)).Ints("outShape", Pad3(g.Output, 1)).Ints("kernel", Pad3(g.Kernel, 1))
            .Ints("strides", Pad3(g.Strides, 1)).Ints("pads", Pad3(g.PadsBegin, 0)).Ints("dilations", Pad3(g.Dilations, 1));
        if (node.Residual is { } residual)
        {
            step.In("residual", residual);
        }
        else
        {
            step.Expr("residual", "default");
        }

        step.Expr("epilogue", Epilogues.Expression(node, context.Operators));
    }
}
