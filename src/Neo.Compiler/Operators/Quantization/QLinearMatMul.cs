using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Quantization;

/// <summary>
/// QLinearMatMul: quantized batched matrix product: the int32 accumulation of (a - a_zp)·(b - b_zp),
/// rescaled by a_scale·b_scale / y_scale, rounded and saturated to y_zero_point's type.
/// </summary>
public sealed class QLinearMatMul : Operator
{
    public override string OpType => "QLinearMatMul";

    public override OpKind Kind => OpKind.Opaque;

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, DataType.UInt8, DataType.Int8);
        RequireType(node, 3, DataType.UInt8, DataType.Int8);
        RequireType(node, 1, DataType.Float32);
        RequireType(node, 4, DataType.Float32);
        RequireType(node, 6, DataType.Float32);
        RequireType(node, 7, DataType.UInt8, DataType.Int8);
        var g = QuantizedTensors.MatMul(node, ShapeOf(node.RequireInput(0)), ShapeOf(node.RequireInput(3)));
        SetOutput(node, 0, node.RequireInput(7).Type, g.Shape);
    }

    public override long Macs(Node node)
    {
        var g = QuantizedTensors.MatMul(node, node.Input(0)!.Shape!, node.Input(3)!.Shape!);
        return (long)g.AOffsets.Length * g.M * g.N * g.K;
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value a = node.RequireInput(0), b = node.RequireInput(3), y = node.Output(0)!;
        var g = QuantizedTensors.MatMul(node, a.Shape!, b.Shape!);
        context.Step($"Quantization.MatMul<{QuantizedTensors.Keyword(a.Type)},{QuantizedTensors.Keyword(b.Type)},{QuantizedTensors.Keyword(y.Type)}>")
            .In("a", a).In("aZeroPoint", node.RequireInput(2)).In("b", b).In("bZeroPoint", node.RequireInput(5)).Expr("accumulated", "default")
            .In("aScale", node.RequireInput(1)).In("bScale", node.RequireInput(4)).In("outputScale", node.RequireInput(6)).In("outputZeroPoint", node.RequireInput(7)).Out("quantized", y)
            .Ints("aOffsets", g.AOffsets).Ints("bOffsets", g.BOffsets).Int("m", g.M).Int("n", g.N).Int("k", g.K).Bool("requantize", true);
    }
}
