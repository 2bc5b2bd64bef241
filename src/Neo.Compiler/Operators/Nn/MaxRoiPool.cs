using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Nn;

/// <summary>
/// MaxRoiPool (Fast R-CNN): max pooling of each region of interest [batch, x1, y1, x2, y2] into a
/// pooled_shape grid. X is [N, C, H, W]; the output is [regions, C, pooledH, pooledW].
/// </summary>
public sealed class MaxRoiPool : Operator
{
    public override string OpType => "MaxRoiPool";

    public override OpKind Kind => OpKind.Opaque;

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, DataType.Float32);
        RequireType(node, 1, DataType.Float32);
        int[] x = ShapeOf(node.RequireInput(0)), rois = ShapeOf(node.RequireInput(1));
        long[] pooled = node.Require("pooled_shape").Ints;
        if (x.Length != 4 || rois.Length != 2 || rois[1] != 5 || pooled.Length != 2 || pooled[0] <= 0 || pooled[1] <= 0)
        {
            throw Invalid(node, $"has input {Shapes.Format(x)}, rois {Shapes.Format(rois)} and pooled_shape [{string.Join(",", pooled)}]; it needs [N,C,H,W], [regions,5] and two positive sizes.");
        }

        SetOutput(node, 0, DataType.Float32, new[] { rois[0], x[1], (int)pooled[0], (int)pooled[1] });
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.RequireInput(0), y = node.Output(0)!;
        int[] xs = x.Shape!;
        context.Step("PoolNd.MaxRoi").In("input", x).In("rois", node.RequireInput(1)).Out("output", y)
            .Int("batch", xs[0]).Int("channels", xs[1]).Int("height", xs[2]).Int("width", xs[3])
            .Int("regions", y.Shape![0]).Int("pooledHeight", y.Shape[2]).Int("pooledWidth", y.Shape[3])
            .Float("spatialScale", node.GetFloat("spatial_scale", 1f));
    }
}
