using System;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Quantization;

/// <summary>DynamicQuantizeLinear: uint8 quantization over the range of x (widened to include 0); outputs y, its scale and zero point.</summary>
public sealed class DynamicQuantizeLinear : Operator
{
    public override string OpType => "DynamicQuantizeLinear";

    public override OpKind Kind => OpKind.Reduction;

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, DataType.Float32);
        SetOutput(node, 0, DataType.UInt8, ShapeOf(node.RequireInput(0)));
        SetOutput(node, 1, DataType.Float32, Array.Empty<int>());
        SetOutput(node, 2, DataType.UInt8, Array.Empty<int>());
    }

    public override void Lower(Node node, LoweringContext context)
    {
        StepBuilder step = context.Step("Quantization.DynamicQuantize").In("x", node.RequireInput(0));
        Output(context, step, node, 0, "y", DataType.UInt8, node.RequireInput(0).Size);
        Output(context, step, node, 1, "scale", DataType.Float32, 1);
        Output(context, step, node, 2, "zeroPoint", DataType.UInt8, 1);
    }

    private static void Output(LoweringContext context, StepBuilder step, Node node, int i, string name, DataType type, long size)
    {
        if (node.Output(i) is { } v)
        {
            step.Out(name, v);
        }
        else
        {
            step.Scratch(name, type, size);
        }
    }
}
