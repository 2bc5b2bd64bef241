using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Quantization;

/// <summary>
/// DequantizeLinear: y = (x - zero_point) · scale from uint8, int8 or int32, per tensor or per axis.
/// Quantized weights dequantize at build time (folding), so QDQ models run their float kernels.
/// </summary>
public sealed class DequantizeLinear : Operator
{
    public override string OpType => "DequantizeLinear";

    public override OpKind Kind => OpKind.Elementwise;

    public override string Notes => "uint8, int8, int32; per tensor or per axis; folded for constant weights";

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, DataType.UInt8, DataType.Int8, DataType.Int32);
        RequireType(node, 1, DataType.Float32);
        if (node.Input(2) is { } z && z.Type != node.RequireInput(0).Type)
        {
            throw Mismatch(node, $"has a zero point of type {DataTypes.Name(z.Type)} for {DataTypes.Name(node.RequireInput(0).Type)} values.");
        }

        int[] x = ShapeOf(node.RequireInput(0));
        _ = QuantizedTensors.Layout(node, x, node.RequireInput(1));
        SetOutput(node, 0, DataType.Float32, x);
    }

    public override TensorData[]? Fold(Node node)
    {
        Value x = node.RequireInput(0), s = node.RequireInput(1);
        (int outer, int axis, int inner) = QuantizedTensors.Layout(node, x.Shape!, s);
        var y = new float[x.Size];
        float[] ss = s.Constant!.As<float>();
        TensorData? z = node.Input(2)?.Constant;
        switch (x.Constant!.Data)
        {
            case byte[] u:
                Runtime.Kernels.Quantization.Dequantize<byte>(u, ss, z?.As<byte>() ?? default, y, outer, axis, inner);
                break;
            case sbyte[] i8:
                Runtime.Kernels.Quantization.Dequantize<sbyte>(i8, ss, z?.As<sbyte>() ?? default, y, outer, axis, inner);
                break;
            default:
                Runtime.Kernels.Quantization.Dequantize<int>(x.Constant.As<int>(), ss, z?.As<int>() ?? default, y, outer, axis, inner);
                break;
        }

        return new[] { TensorData.FromFloats(x.Shape!, y) };
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.RequireInput(0), s = node.RequireInput(1), y = node.Output(0)!;
        (int outer, int axis, int inner) = QuantizedTensors.Layout(node, x.Shape!, s);
        context.Step("Quantization.Dequantize<" + QuantizedTensors.Keyword(x.Type) + ">").In("x", x).In("scale", s).Optional("zeroPoint", node.Input(2)).Out("y", y)
            .Int("outer", outer).Int("axis", axis).Int("inner", inner);
    }
}
