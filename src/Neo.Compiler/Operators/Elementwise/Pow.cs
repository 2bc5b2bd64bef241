using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators.Support;
using Neo.Compiler.Passes;

namespace Neo.Compiler.Operators.Elementwise;

/// <summary>
/// Pow: a^b with broadcasting. From opset 12 the exponent may have another type than the base; Neo
/// converts it to the base's type first (exact for the integer exponents models use), and the result
/// has the base's type, as ONNX specifies.
/// </summary>
public sealed class Pow : BinaryElementwise<Neo.Runtime.Kernels.Pow>
{
    public override string OpType => "Pow";

    public override string Notes => "exponent of another type converted to the base's type";

    public override void InferShapes(Node node)
    {
        Value a = node.RequireInput(0), b = node.RequireInput(1);
        RequireType(node, 0, Types);
        RequireType(node, 1, KernelTypes.Numeric);
        int[] shape = Shapes.Broadcast(ShapeOf(a), ShapeOf(b))
            ?? throw Mismatch(node, $"cannot broadcast {Shapes.Format(a.Shape)} with {Shapes.Format(b.Shape)}.");
        SetOutput(node, 0, a.Type, shape);
    }

    public override TensorData[]? Fold(Node node)
    {
        TensorData a = node.RequireInput(0).Constant!, b = node.RequireInput(1).Constant!;
        if (b.Type != a.Type)
        {
            b = KernelFolding.Cast(b, a.Type);
        }

        return new[] { KernelFolding.Binary(a, b, CreateOp(node), node.Output(0)!.Shape!) };
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value a = node.RequireInput(0), b = node.RequireInput(1), y = node.Output(0)!;
        if (a.Type == DataType.Float32 && b.TryScalar(out double power) && power == 2)
        {
            // x² (an energy, a variance written out): x·x on vectors instead of a call per element.
            LowerBinary(context, a, a, y, "default(" + nameof(Neo.Runtime.Kernels.Mul) + ")");
            return;
        }

        if (b.Type == a.Type)
        {
            base.Lower(node, context);
            return;
        }

        LTensor exponent = context.Temporary(b.Name + " as " + DataTypes.Name(a.Type), a.Type, b.Shape!);
        context.Step(Tensor.Cast.Kernel(b.Type, a.Type)).In("input", b).Out("output", exponent);
        LowerBinary(context, context.TensorOf(a), exponent, context.TensorOf(y), Functor(node), a, null, y);
    }
}
