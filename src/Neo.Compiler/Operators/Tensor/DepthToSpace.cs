using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators.Support;

namespace Neo.Compiler.Operators.Tensor;

/// <summary>
/// DepthToSpace: [N, C·b², H, W] → [N, C, H·b, W·b], taking channels depth-column-row (DCR, the default) or
/// column-row-depth (CRD). A reshape, a transpose and a reshape: one strided copy.
/// </summary>
public sealed class DepthToSpace : Operator
{
    public override string OpType => "DepthToSpace";

    public override OpKind Kind => OpKind.Injective;

    public override string Notes => "DCR and CRD";

    private static (int N, int C, int H, int W, int B, bool Crd) Dims(Node node)
    {
        int[] x = node.Input(0)!.Shape!;
        int b = (int)node.Require("blocksize").Int;
        if (x.Length != 4 || b <= 0 || x[1] % (b * b) != 0)
        {
            throw Invalid(node, $"has input {Shapes.Format(x)} and blocksize {b}; the channels must be a multiple of blocksize².");
        }

        string mode = node.GetString("mode", "DCR");
        if (mode is not ("DCR" or "CRD"))
        {
            throw Invalid(node, $"has mode '{mode}'; ONNX allows DCR and CRD.");
        }

        return (x[0], x[1] / (b * b), x[2], x[3], b, mode == "CRD");
    }

    public override void InferShapes(Node node)
    {
        (int n, int c, int h, int w, int b, _) = Dims(node);
        SetOutput(node, 0, node.Input(0)!.Type, new[] { n, c, h * b, w * b });
    }

    private static StridedPlan Plan(Node node)
    {
        (int n, int c, int h, int w, int b, bool crd) = Dims(node);
        // Output index (n, c, h, bh, w, bw); the input channel is bh·b·C + bw·C + c (DCR) or c·b² + bh·b + bw (CRD).
        int hw = h * w;
        int cStride = crd ? b * b * hw : hw;
        int bhStride = crd ? b * hw : b * c * hw;
        int bwStride = crd ? hw : c * hw;
        int[] shape = { n, c, h, b, w, b };
        int[] strides = { c * b * b * hw, cStride, w, bhStride, 1, bwStride };
        return StridedPlan.Create(shape, strides, 0);
    }

    public override TensorData[]? Fold(Node node) => new[] { Plan(node).Fold(node.Input(0)!.Constant!, node.Output(0)!.Shape!) };

    public override void Lower(Node node, LoweringContext context) => Plan(node).Lower(context, node, node.Input(0)!, node.Output(0)!);
}
