using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Nn;

/// <summary>
/// RoiAlign: bilinear pooling of regions of interest (rois [R, 4] as x1, y1, x2, y2; batch_indices [R])
/// into output_height×output_width bins, avg or max, with sampling_ratio, spatial_scale and opset 16's
/// coordinate_transformation_mode (half_pixel, the default, or output_half_pixel as in opset 10).
/// </summary>
public sealed class RoiAlign : Operator
{
    public override string OpType => "RoiAlign";

    public override OpKind Kind => OpKind.Opaque;

    public override string Notes => "avg and max; sampling_ratio; half_pixel and output_half_pixel";

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, DataType.Float32);
        RequireType(node, 1, DataType.Float32);
        RequireType(node, 2, DataType.Int64);
        int[] x = ShapeOf(node.RequireInput(0)), rois = ShapeOf(node.RequireInput(1)), idx = ShapeOf(node.RequireInput(2));
        if (x.Length != 4 || rois.Length != 2 || rois[1] != 4 || idx.Length != 1 || idx[0] != rois[0])
        {
            throw Invalid(node, $"has X {Shapes.Format(x)}, rois {Shapes.Format(rois)} and batch_indices {Shapes.Format(idx)}; it needs [N,C,H,W], [R,4] and [R].");
        }

        string mode = node.GetString("mode", "avg");
        if (mode is not ("avg" or "max"))
        {
            throw Invalid(node, $"has mode '{mode}'; ONNX defines avg and max.");
        }

        SetOutput(node, 0, DataType.Float32, new[] { rois[0], x[1], (int)node.GetInt("output_height", 1), (int)node.GetInt("output_width", 1) });
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.RequireInput(0), y = node.Output(0)!;
        int[] xs = x.Shape!, ys = y.Shape!;
        bool halfPixel = node.OpsetVersion >= 16 && node.GetString("coordinate_transformation_mode", "half_pixel") == "half_pixel";
        context.Step("Sampling.RoiAlign").In("input", x).In("rois", node.RequireInput(1)).In("batchIndices", node.RequireInput(2)).Out("output", y)
            .Int("batch", xs[0]).Int("channels", xs[1]).Int("height", xs[2]).Int("width", xs[3])
            .Int("regions", ys[0]).Int("outHeight", ys[2]).Int("outWidth", ys[3])
            .Int("samplingRatio", node.GetInt("sampling_ratio", 0)).Float("spatialScale", node.GetFloat("spatial_scale", 1f))
            .Bool("halfPixel", halfPixel).Bool("max", node.GetString("mode", "avg") == "max");
    }
}
