using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators.Support;

namespace Neo.Compiler.Operators.Tensor;

/// <summary>CastLike: Cast to the element type of the second input (whose values are not read).</summary>
public sealed class CastLike : Operator
{
    public override string OpType => "CastLike";

    public override string Notes => "as Cast";

    public override OpKind Kind => OpKind.Elementwise;

    public override void InferShapes(Node node)
    {
        Value x = node.RequireInput(0), like = node.RequireInput(1);
        SetOutput(node, 0, like.Type, ShapeOf(x));
    }

    public override TensorData[]? Fold(Node node) => new[] { Cast.Convert(node.Input(0)!.Constant!, node.Output(0)!.Type) };

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.Input(0)!, y = node.Output(0)!;
        if (x.Type == y.Type)
        {
            context.Alias(y, x, node);
            return;
        }

        if (y.Size > 0)
        {
            Cast.LowerConversion(context, node, context.TensorOf(x), context.TensorOf(y));
        }
    }
}
