using Neo.Compiler.IR;

namespace Neo.Compiler.Operators.Elementwise;

/// <summary>PRelu: x &lt; 0 ? slope·x : x, the slope broadcast to x (unidirectionally, as ONNX specifies).</summary>
public sealed class PRelu : BinaryElementwise<Neo.Runtime.Kernels.PRelu>
{
    public override string OpType => "PRelu";

    public override void InferShapes(Node node)
    {
        base.InferShapes(node);
        IR.Value x = node.Input(0)!, y = node.Output(0)!;
        if (!IR.Shapes.Equal(x.Shape, y.Shape))
        {
            throw Mismatch(node, $"has slope {IR.Shapes.Format(node.Input(1)!.Shape)}, which does not broadcast to X {IR.Shapes.Format(x.Shape)}.");
        }
    }
}
