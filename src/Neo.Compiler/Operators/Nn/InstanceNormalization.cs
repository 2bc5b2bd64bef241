using System;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Nn;

/// <summary>InstanceNormalization: each (n, c) plane normalized by its own mean and variance, then scale·x̂ + B per channel.</summary>
public sealed class InstanceNormalization : Operator
{
    public override string OpType => "InstanceNormalization";

    public override OpKind Kind => OpKind.Reduction;

    public override void InferShapes(Node node)
    {
        for (int i = 0; i < 3; i++)
        {
            RequireType(node, i, DataType.Float32);
        }

        int[] x = ShapeOf(node.RequireInput(0));
        if (x.Length < 3 || node.RequireInput(1).Size != x[1] || node.RequireInput(2).Size != x[1])
        {
            throw Mismatch(node, $"has input {Shapes.Format(x)} with scale {Shapes.Format(node.RequireInput(1).Shape)} and bias {Shapes.Format(node.RequireInput(2).Shape)}; it needs [N, C, spatial...] and C values each.");
        }

        SetOutput(node, 0, DataType.Float32, x);
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.RequireInput(0);
        int[] xs = x.Shape!;
        context.Step("Normalization.Instance").In("input", x).In("scale", node.RequireInput(1)).In("bias", node.RequireInput(2)).Out("output", node.Output(0)!)
            .Int("batch", xs[0]).Int("channels", xs[1]).Int("spatial", checked((int)Shapes.Size(xs.AsSpan(2)))).Float("epsilon", node.GetFloat("epsilon", 1e-5f));
    }
}
