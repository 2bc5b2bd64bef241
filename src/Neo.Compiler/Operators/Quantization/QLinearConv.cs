using System;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Quantization;

/// <summary>
/// QLinearConv: quantized convolution: the int32 accumulation of (x - x_zp)·(w - w_zp) plus the int32
/// bias, rescaled by x_scale·w_scale / y_scale (w_scale per output channel or per tensor), rounded and
/// saturated to y_zero_point's type.
/// </summary>
public sealed class QLinearConv : Operator
{
    public override string OpType => "QLinearConv";

    public override OpKind Kind => OpKind.Opaque;

    public override string Notes => "uint8, int8; per-channel weight scales; int32 bias";

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, DataType.UInt8, DataType.Int8);
        RequireType(node, 3, DataType.UInt8, DataType.Int8);
        RequireType(node, 1, DataType.Float32);
        RequireType(node, 4, DataType.Float32);
        RequireType(node, 6, DataType.Float32);
        RequireType(node, 7, DataType.UInt8, DataType.Int8);
        if (node.Input(8) is not null)
        {
            RequireType(node, 8, DataType.Int32);
        }

        int[] x = ShapeOf(node.RequireInput(0)), w = ShapeOf(node.RequireInput(3));
        var g = QuantizedTensors.ConvGeometry(node, x, w);
        SetOutput(node, 0, node.RequireInput(7).Type, new[] { x[0], g.OutChannels }.Concat(g.Out.Skip(5 - x.Length)).ToArray());
    }

    public override long Macs(Node node) => node.Output(0)!.Size * Shapes.Size(node.Input(3)!.Shape.AsSpan(1));

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.RequireInput(0), w = node.RequireInput(3), y = node.Output(0)!;
        var g = QuantizedTensors.ConvGeometry(node, x.Shape!, w.Shape!);
        context.Step($"Quantization.Conv<{QuantizedTensors.Keyword(x.Type)},{QuantizedTensors.Keyword(w.Type)},{QuantizedTensors.Keyword(y.Type)}>")
            .In("input", x).In("inputZeroPoint", node.RequireInput(2)).In("weights", w).In("weightsZeroPoint", node.RequireInput(5))
            .Optional("bias", node.Input(8)).Expr("accumulated", "default")
            .In("inputScale", node.RequireInput(1)).In("weightsScale", node.RequireInput(4)).In("outputScale", node.RequireInput(6)).In("outputZeroPoint", node.RequireInput(7)).Out("quantized", y)
            .Int("batch", x.Shape![0]).Int("inChannels", x.Shape[1]).Int("outChannels", g.OutChannels).Int("groups", node.GetInt("group", 1))
            .Ints("inShape", g.In).Ints("outShape", g.Out).Ints("kernel", g.Kernel).Ints("strides", g.Strides).Ints("pads", g.Pads).Ints("dilations", g.Dilations)
            .Bool("requantize", true);
    }
}
