using System;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators.Support;

namespace Neo.Compiler.Operators.Tensor;

/// <summary>Expand: broadcasts the input to the shape input (numpy rules, so the result may be larger than the shape); zero strides.</summary>
public sealed class Expand : Operator
{
    public override string OpType => "Expand";

    public override string Notes => "shape known at build time; numpy broadcast";

    public override OpKind Kind => OpKind.Broadcast;

    public override bool NeedsConstantInput(Node node, int index) => index == 1;

    public override void InferShapes(Node node)
    {
        Value x = node.RequireInput(0);
        long[] target = ConstantInts(node, 1, "shape") ?? throw Invalid(node, "lacks its shape.");
        if (target.Any(d => d < 0 || d > int.MaxValue))
        {
            throw Invalid(node, $"has shape [{string.Join(",", target)}].");
        }

        int[] shape = Shapes.Broadcast(ShapeOf(x), target.Select(d => (int)d).ToArray())
            ?? throw Mismatch(node, $"cannot expand {Shapes.Format(x.Shape)} to [{string.Join(",", target)}].");
        SetOutput(node, 0, x.Type, shape);
    }

    private static StridedPlan Plan(Node node)
    {
        int[] shape = node.Output(0)!.Shape!;
        return StridedPlan.Create(shape, MultiBroadcast.StridesFor(shape, node.Input(0)!.Shape!), 0);
    }

    public override TensorData[]? Fold(Node node) => new[] { Plan(node).Fold(node.Input(0)!.Constant!, node.Output(0)!.Shape!) };

    public override void Lower(Node node, LoweringContext context) => Plan(node).Lower(context, node, node.Input(0)!, node.Output(0)!);
}
