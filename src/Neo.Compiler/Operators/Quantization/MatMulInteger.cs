using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Quantization;

/// <summary>MatMulInteger: int32 batched matrix product of (A - a_zero_point) by (B - b_zero_point), numpy broadcasting; zero points per tensor, per row of A or per column of B.</summary>
public sealed class MatMulInteger : Operator
{
    public override string OpType => "MatMulInteger";

    public override OpKind Kind => OpKind.Opaque;

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, DataType.UInt8, DataType.Int8);
        RequireType(node, 1, DataType.UInt8, DataType.Int8);
        var g = QuantizedTensors.MatMul(node, ShapeOf(node.RequireInput(0)), ShapeOf(node.RequireInput(1)));
        SetOutput(node, 0, DataType.Int32, g.Shape);
    }

    public override long Macs(Node node)
    {
        var g = QuantizedTensors.MatMul(node, node.Input(0)!.Shape!, node.Input(1)!.Shape!);
        return (long)g.AOffsets.Length * g.M * g.N * g.K;
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value a = node.RequireInput(0), b = node.RequireInput(1), y = node.Output(0)!;
        var g = QuantizedTensors.MatMul(node, a.Shape!, b.Shape!);
        context.Step($"Quantization.MatMul<{QuantizedTensors.Keyword(a.Type)},{QuantizedTensors.Keyword(b.Type)},byte>")
            .In("a", a).Optional("aZeroPoint", node.Input(2)).In("b", b).Optional("bZeroPoint", node.Input(3)).Out("accumulated", y)
            .Expr("aScale", "default").Expr("bScale", "default").Expr("outputScale", "default").Expr("outputZeroPoint", "default").Expr("quantized", "default")
            .Ints("aOffsets", g.AOffsets).Ints("bOffsets", g.BOffsets).Int("m", g.M).Int("n", g.N).Int("k", g.K).Bool("requantize", false);
    }
}
