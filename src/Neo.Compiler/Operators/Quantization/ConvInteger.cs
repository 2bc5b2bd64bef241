using System;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Quantization;

/// <summary>ConvInteger: int32 convolution of (x - x_zero_point) by (w - w_zero_point), 1-D to 3-D, with Conv's attributes.</summary>
public sealed class ConvInteger : Operator
{
    public override string OpType => "ConvInteger";

    public override OpKind Kind => OpKind.Opaque;

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, DataType.UInt8, DataType.Int8);
        RequireType(node, 1, DataType.UInt8, DataType.Int8);
        int[] x = ShapeOf(node.RequireInput(0)), w = ShapeOf(node.RequireInput(1));
        var g = QuantizedTensors.ConvGeometry(node, x, w);
        SetOutput(node, 0, DataType.Int32, new[] { x[0], g.OutChannels }.Concat(g.Out.Skip(5 - x.Length)).ToArray());
    }

    public override long Macs(Node node) => node.Output(0)!.Size * Shapes.Size(node.Input(1)!.Shape.AsSpan(1));

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.RequireInput(0), w = node.RequireInput(1), y = node.Output(0)!;
        var g = QuantizedTensors.ConvGeometry(node, x.Shape!, w.Shape!);
        context.Step($"Quantization.Conv<{QuantizedTensors.Keyword(x.Type)},{QuantizedTensors.Keyword(w.Type)},byte>")
            .In("input", x).Optional("inputZeroPoint", node.Input(2)).In("weights", w).Optional("weightsZeroPoint", node.Input(3))
            .Expr("bias", "default").Out("accumulated", y)
            .Expr("inputScale", "default").Expr("weightsScale", "default").Expr("outputScale", "default").Expr("outputZeroPoint", "default").Expr("quantized", "default")
            .Int("batch", x.Shape![0]).Int("inChannels", x.Shape[1]).Int("outChannels", g.OutChannels).Int("groups", node.GetInt("group", 1))
            .Ints("inShape", g.In).Ints("outShape", g.Out).Ints("kernel", g.Kernel).Ints("strides", g.Strides).Ints("pads", g.Pads).Ints("dilations", g.Dilations)
            .Bool("requantize", false);
    }
}
