using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators.Support;

namespace Neo.Compiler.Operators.Tensor;

/// <summary>SpaceToDepth: [N, C, H·b, W·b] → [N, C·b², H, W], the inverse of DepthToSpace in DCR order; one strided copy.</summary>
public sealed class SpaceToDepth : Operator
{
    public override string OpType => "SpaceToDepth";

    public override string Notes => "DCR order";

    public override OpKind Kind => OpKind.Injective;

    private static (int N, int C, int H, int W, int B) Dims(Node node)
    {
        int[] x = node.Input(0)!.Shape!;
        int b = (int)node.Require("blocksize").Int;
        if (x.Length != 4 || b <= 0 || x[2] % b != 0 || x[3] % b != 0)
        {
            throw Invalid(node, $"has input {Shapes.Format(x)} and blocksize {b}; height and width must be multiples of it.");
        }

        return (x[0], x[1], x[2] / b, x[3] / b, b);
    }

    public override void InferShapes(Node node)
    {
        (int n, int c, int h, int w, int b) = Dims(node);
        SetOutput(node, 0, node.Input(0)!.Type, new[] { n, c * b * b, h, w });
    }

    private static StridedPlan Plan(Node node)
    {
        (int n, int c, int h, int w, int b) = Dims(node);
        int width = w * b, plane = h * b * width;
        // Output index (n, bh, bw, c, h, w) reads input (n, c, h·b + bh, w·b + bw).
        int[] shape = { n, b, b, c, h, w };
        int[] strides = { c * plane, width, 1, plane, b * width, b };
        return StridedPlan.Create(shape, strides, 0);
    }

    public override TensorData[]? Fold(Node node) => new[] { Plan(node).Fold(node.Input(0)!.Constant!, node.Output(0)!.Shape!) };

    public override void Lower(Node node, LoweringContext context) => Plan(node).Lower(context, node, node.Input(0)!, node.Output(0)!);
}
