using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Quantization;

/// <summary>QuantizeLinear: y = saturate(round(x / scale) + zero_point) to uint8 (the default) or int8, per tensor or per axis.</summary>
public sealed class QuantizeLinear : Operator
{
    public override string OpType => "QuantizeLinear";

    public override OpKind Kind => OpKind.Elementwise;

    public override string Notes => "uint8, int8; per tensor or per axis";

    private static DataType OutputType(Node node) => node.Input(2)?.Type ?? DataType.UInt8;

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, DataType.Float32);
        RequireType(node, 1, DataType.Float32);
        if (node.Input(2) is not null)
        {
            RequireType(node, 2, DataType.UInt8, DataType.Int8);
        }

        int[] x = ShapeOf(node.RequireInput(0));
        _ = QuantizedTensors.Layout(node, x, node.RequireInput(1));
        SetOutput(node, 0, OutputType(node), x);
    }

    public override TensorData[]? Fold(Node node)
    {
        Value x = node.RequireInput(0), s = node.RequireInput(1);
        (int outer, int axis, int inner) = QuantizedTensors.Layout(node, x.Shape!, s);
        TensorData y = TensorData.Create(OutputType(node), x.Shape!);
        float[] xs = x.Constant!.As<float>(), ss = s.Constant!.As<float>();
        if (y.Data is byte[] u)
        {
            Runtime.Kernels.Quantization.Quantize<byte>(xs, ss, node.Input(2)?.Constant!.As<byte>() ?? default, u, outer, axis, inner);
        }
        else
        {
            Runtime.Kernels.Quantization.Quantize<sbyte>(xs, ss, node.Input(2)!.Constant!.As<sbyte>(), (sbyte[])y.Data, outer, axis, inner);
        }

        return new[] { y };
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.RequireInput(0), s = node.RequireInput(1), y = node.Output(0)!;
        (int outer, int axis, int inner) = QuantizedTensors.Layout(node, x.Shape!, s);
        context.Step("Quantization.Quantize<" + QuantizedTensors.Keyword(y.Type) + ">").In("x", x).In("scale", s).Optional("zeroPoint", node.Input(2)).Out("y", y)
            .Int("outer", outer).Int("axis", axis).Int("inner", inner);
    }
}
