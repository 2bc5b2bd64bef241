using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Tensor;

/// <summary>Size: the number of elements as an int64 scalar. Always known at build time.</summary>
public sealed class Size : Operator
{
    public override string OpType => "Size";

    public override OpKind Kind => OpKind.Injective;

    public override string Notes => "always folded (shapes are static)";

    public override void InferShapes(Node node)
    {
        Value x = node.RequireInput(0);
        _ = ShapeOf(x);
        Value y = node.Output(0)!;
        y.Type = DataType.Int64;
        y.Shape = System.Array.Empty<int>();
        y.Constant = TensorData.Scalar(x.Size);
    }

    public override void Lower(Node node, LoweringContext context)
    {
        // Never reached: the output is constant.
    }
}
