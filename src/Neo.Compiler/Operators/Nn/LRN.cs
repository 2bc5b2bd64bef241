using System;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Nn;

/// <summary>LRN: local response normalization across channels (AlexNet): x / (bias + alpha/size · Σ x²)^beta.</summary>
public sealed class LRN : Operator
{
    public override string OpType => "LRN";

    public override OpKind Kind => OpKind.Opaque;

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, DataType.Float32);
        int[] x = ShapeOf(node.RequireInput(0));
        if (x.Length < 2 || node.Require("size").Int <= 0)
        {
            throw Invalid(node, $"has input {Shapes.Format(x)} and size {node.GetInt("size", 0)}; it needs [N, C, ...] and a positive size.");
        }

        SetOutput(node, 0, DataType.Float32, x);
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.RequireInput(0);
        int[] xs = x.Shape!;
        context.Step("Normalization.LocalResponse").In("input", x).Out("output", node.Output(0)!)
            .Int("batch", xs[0]).Int("channels", xs[1]).Int("spatial", checked((int)Shapes.Size(xs.AsSpan(2))))
            .Int("size", node.Require("size").Int).Float("alpha", node.GetFloat("alpha", 1e-4f)).Float("beta", node.GetFloat("beta", 0.75f)).Float("bias", node.GetFloat("bias", 1f));
    }
}
