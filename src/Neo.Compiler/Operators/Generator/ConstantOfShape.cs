using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators.Support;

namespace Neo.Compiler.Operators.Generator;

/// <summary>ConstantOfShape: a tensor of the shape input, every element the value attribute (float32 0 by default).</summary>
public sealed class ConstantOfShape : Operator
{
    public override string OpType => "ConstantOfShape";

    public override string Notes => "shape known at build time; folded";

    public override OpKind Kind => OpKind.Injective;

    public override bool NeedsConstantInput(Node node, int index) => index == 0;

    private static TensorData Value(Node node) =>
        node.GetTensor("value") is { } t ? t.WithShape(new[] { 1 }) : TensorData.FromFloats(new[] { 1 }, new[] { 0f });

    public override void InferShapes(Node node)
    {
        long[] shape = ConstantInts(node, 0, "shape") ?? throw Invalid(node, "lacks its shape.");
        if (shape.Any(d => d < 0 || d > int.MaxValue))
        {
            throw Invalid(node, $"has shape [{string.Join(",", shape)}].");
        }

        TensorData v = Value(node);
        if (v.Length != 1)
        {
            throw Invalid(node, "has a value attribute with more than one element.");
        }

        SetOutput(node, 0, v.Type, shape.Select(d => (int)d).ToArray());
    }

    public override TensorData[]? Fold(Node node)
    {
        Value y = node.Output(0)!;
        return new[] { StridedPlan.Create(y.Shape!, new int[y.Shape!.Length], 0).Fold(Value(node), y.Shape!) };
    }

    public override void Lower(Node node, LoweringContext context)
    {
        // Reached only when the result is larger than folding allows.
        Value y = node.Output(0)!;
        if (y.Size == 0)
        {
            return;
        }

        LTensor value = context.Weights(node.Name + " value", Value(node));
        context.Step("Strided.Copy").In("input", value).Out("output", y).Ints("shape", new[] { (int)y.Size }).Ints("strides", new[] { 0 }).Int("offset", 0);
    }
}
