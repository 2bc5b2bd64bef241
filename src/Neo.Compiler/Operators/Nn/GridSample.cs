using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Nn;

/// <summary>
/// GridSample (opset 16): samples X [N, C, H, W] at the normalized positions of Grid [N, Hout, Wout, 2],
/// bilinear, nearest or bicubic, with zeros, border or reflection padding and align_corners, as
/// PyTorch's grid_sample does.
/// </summary>
public sealed class GridSample : Operator
{
    public override string OpType => "GridSample";

    public override OpKind Kind => OpKind.Opaque;

    public override string Notes => "2-D; bilinear, nearest, bicubic; zeros, border, reflection; align_corners";

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, DataType.Float32);
        RequireType(node, 1, DataType.Float32);
        int[] x = ShapeOf(node.RequireInput(0)), g = ShapeOf(node.RequireInput(1));
        if (x.Length != 4 || g.Length != 4 || g[0] != x[0] || g[3] != 2)
        {
            throw Invalid(node, $"has X {Shapes.Format(x)} and grid {Shapes.Format(g)}; Neo samples 2-D inputs [N,C,H,W] with grids [N,Hout,Wout,2].");
        }

        _ = Modes(node);
        SetOutput(node, 0, DataType.Float32, new[] { x[0], x[1], g[1], g[2] });
    }

    private static (string Mode, string Padding) Modes(Node node)
    {
        string mode = node.GetString("mode", "bilinear") switch
        {
            "bilinear" or "linear" => "GridInterpolation.Bilinear",
            "nearest" => "GridInterpolation.Nearest",
            "bicubic" or "cubic" => "GridInterpolation.Bicubic",
            string m => throw Invalid(node, $"has mode '{m}'; ONNX defines bilinear, nearest and bicubic."),
        };
        string padding = node.GetString("padding_mode", "zeros") switch
        {
            "zeros" => "GridPadding.Zeros",
            "border" => "GridPadding.Border",
            "reflection" => "GridPadding.Reflection",
            string p => throw Invalid(node, $"has padding_mode '{p}'; ONNX defines zeros, border and reflection."),
        };
        return (mode, padding);
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.RequireInput(0), y = node.Output(0)!;
        int[] xs = x.Shape!, ys = y.Shape!;
        (string mode, string padding) = Modes(node);
        context.Step("Sampling.GridSample").In("input", x).In("grid", node.RequireInput(1)).Out("output", y)
            .Int("batch", xs[0]).Int("channels", xs[1]).Int("height", xs[2]).Int("width", xs[3]).Int("outHeight", ys[2]).Int("outWidth", ys[3])
            .Expr("mode", mode).Expr("padding", padding).Bool("alignCorners", node.GetInt("align_corners", 0) != 0);
    }
}
