using System;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators.Support;

namespace Neo.Compiler.Operators.Tensor;

/// <summary>
/// Cast: converts elements to the type <c>to</c> names. Float to integer truncates toward zero (and
/// saturates); bfloat16 goes through float32, truncating to the upper 16 bits as ONNX 1.12's reference does.
/// </summary>
public sealed class Cast : Operator
{
    public override string OpType => "Cast";

    public override OpKind Kind => OpKind.Elementwise;

    public override string Notes => "every numeric type, bool, float16, bfloat16 (through float32)";

    private static DataType Target(Node node)
    {
        long code = node.Require("to").Int;
        var to = DataTypes.FromOnnx(code);
        return DataTypes.IsSupported(to) ? to : throw new Diagnostics.CompileErrorException(Diagnostics.DiagnosticCodes.UnsupportedElementType, $"node {node.Display} casts to {DataTypes.Name(to)} ({code}), which Neo does not support.", node.Name);
    }

    public override void InferShapes(Node node)
    {
        Value x = node.RequireInput(0);
        SetOutput(node, 0, Target(node), ShapeOf(x));
    }

    public override TensorData[]? Fold(Node node) => new[] { Convert(node.RequireInput(0).Constant!, Target(node)) };

    /// <summary>Converts a constant with the run-time kernels' semantics.</summary>
    internal static TensorData Convert(TensorData x, DataType to)
    {
        if (x.Type == to)
        {
            return x;
        }

        if (x.Type == DataType.BFloat16)
        {
            ushort[] bits = x.As<ushort>();
            var f = new float[bits.Length];
            Neo.Runtime.Kernels.Conversion.FromBFloat16(bits, f);
            return Convert(TensorData.FromFloats(x.Shape, f), to);
        }

        if (to == DataType.BFloat16)
        {
            float[] f = Convert(x, DataType.Float32).As<float>();
            var bits = new ushort[f.Length];
            Neo.Runtime.Kernels.Conversion.ToBFloat16(f, bits);
            return new TensorData(DataType.BFloat16, x.Shape, bits);
        }

        return KernelFolding.Cast(x, to);
    }

    /// <summary>The conversion kernel with its type arguments spelled out (bool has overloads of its own).</summary>
    internal static string Kernel(DataType from, DataType to) =>
        from == DataType.Bool ? KernelTypes.Call("Conversion.Cast", KernelTypes.PlanName(to))
        : to == DataType.Bool ? KernelTypes.Call("Conversion.Cast", KernelTypes.PlanName(from))
        : KernelTypes.Call("Conversion.Cast", KernelTypes.PlanName(from), KernelTypes.PlanName(to));

    /// <summary>Emits the conversion of <paramref name="x"/> into <paramref name="y"/> (bfloat16 through float32).</summary>
    internal static void LowerConversion(LoweringContext context, Node node, LTensor x, LTensor y)
    {
        if (x.Type == DataType.BFloat16 || y.Type == DataType.BFloat16)
        {
            LTensor source = x;
            if (x.Type == DataType.BFloat16)
            {
                LTensor f = y.Type == DataType.Float32 ? y : context.Temporary(x.Name + " as float32", DataType.Float32, x.Shape);
                context.Step("Conversion.FromBFloat16").In("input", x).Out("output", f);
                if (f == y)
                {
                    return;
                }

                source = f;
            }

            if (y.Type == DataType.BFloat16)
            {
                if (source.Type != DataType.Float32)
                {
                    LTensor f = context.Temporary(x.Name + " as float32", DataType.Float32, x.Shape);
                    context.Step(Kernel(source.Type, DataType.Float32)).In("input", source).Out("output", f);
                    source = f;
                }

                context.Step("Conversion.ToBFloat16").In("input", source).Out("output", y);
                return;
            }

            context.Step(Kernel(DataType.Float32, y.Type)).In("input", source).Out("output", y);
            return;
        }

        context.Step(Kernel(x.Type, y.Type)).In("input", x).Out("output", y);
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.RequireInput(0), y = node.Output(0)!;
        if (x.Type == y.Type)
        {
            context.Alias(y, x, node);
            return;
        }

        if (y.Size > 0)
        {
            LowerConversion(context, node, context.TensorOf(x), context.TensorOf(y));
        }
    }
}
