using System;
using System.Linq;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Nn;

/// <summary>
/// Resize: nearest, linear or cubic resampling of any dims, by scales or sizes (opset 18: over axes,
/// with keep_aspect_ratio_policy), with every coordinate_transformation_mode and nearest_mode,
/// cubic_coeff_a, exclude_outside and tf_crop_and_resize's roi and extrapolation_value. Scales, sizes
/// and roi must be known at build time: the compiler turns them into sampling tables.
/// </summary>
public sealed class Resize : Operator
{
    public override string OpType => "Resize";

    /// <summary>Reads roi, scales and sizes at build time.</summary>
    public override bool NeedsConstantInput(Node node, int index) => index >= 1;

    public override OpKind Kind => OpKind.Injective;

    public override string Notes => "nearest, linear, cubic; scales or sizes known at build time; all coordinate transformation and nearest modes; antialias not supported";

    private sealed record Plan(int[] Output, double[] Scales, double[] RoiStart, double[] RoiEnd);

    private static Plan Compute(Node node)
    {
        Value x = node.RequireInput(0);
        int[] xs = ShapeOf(x);
        int rank = xs.Length;
        bool legacy = node.OpsetVersion is > 0 and < 11;
        double[]? scales = null;
        long[]? sizes = null;
        double[]? roi = null;
        if (legacy)
        {
            scales = Known(node, node.RequireInput(1), "scales").ToDoubleArray();
        }
        else
        {
            if (node.Input(1) is { } r && Known(node, r, "roi") is { Length: > 0 } rd)
            {
                roi = rd.ToDoubleArray();
            }

            if (node.Input(2) is { } sc && Known(node, sc, "scales") is { Length: > 0 } sd)
            {
                scales = sd.ToDoubleArray();
            }

            if (node.Input(3) is { } sz && Known(node, sz, "sizes") is { Length: > 0 } zd)
            {
                sizes = zd.ToInt64Array();
            }
        }

        if ((scales is null) == (sizes is null))
        {
            throw Invalid(node, "needs exactly one of scales and sizes.");
        }

        int[] axes = node.GetInts("axes") is { Length: > 0 } a
            ? a.Select(v => Shapes.NormalizeAxis(v, rank) is var n && n >= 0 ? n : throw Invalid(node, $"has axis {v} for rank {rank}.")).ToArray()
            : Enumerable.Range(0, rank).ToArray();
        int given = scales?.Length ?? sizes!.Length;
        if (given != axes.Length)
        {
            throw Invalid(node, $"has {given} {(scales is null ? "sizes" : "scales")} for {axes.Length} axes.");
        }

        var output = (int[])xs.Clone();
        var scale = Enumerable.Repeat(1.0, rank).ToArray();
        if (scales is not null)
        {
            for (int k = 0; k < axes.Length; k++)
            {
                if (scales[k] <= 0)
                {
                    throw Invalid(node, $"has scale {scales[k]}; scales must be positive.");
                }

                scale[axes[k]] = scales[k];
                output[axes[k]] = (int)Math.Floor(xs[axes[k]] * scales[k]);
            }
        }
        else
        {
            string policy = node.GetString("keep_aspect_ratio_policy", "stretch");
            double[] ratios = axes.Select((d, k) => (double)sizes![k] / xs[d]).ToArray();
            for (int k = 0; k < axes.Length; k++)
            {
                double r = policy switch
                {
                    "not_larger" => ratios.Min(),
                    "not_smaller" => ratios.Max(),
                    _ => ratios[k],
                };
                int d = axes[k];
                output[d] = policy == "stretch" ? checked((int)sizes![k]) : (int)Math.Round(r * xs[d], MidpointRounding.ToEven);
                scale[d] = policy == "stretch" ? (double)output[d] / xs[d] : r;
            }
        }

        if (output.Any(v => v <= 0))
        {
            throw Invalid(node, $"resizes {Shapes.Format(xs)} to {Shapes.Format(output)}; every dim must stay positive.");
        }

        var start = new double[rank];
        var end = Enumerable.Repeat(1.0, rank).ToArray();
        if (roi is not null && node.GetString("coordinate_transformation_mode", "half_pixel") == "tf_crop_and_resize")
        {
            if (roi.Length != 2 * axes.Length)
            {
                throw Invalid(node, $"has {roi.Length} roi values for {axes.Length} axes.");
            }

            for (int k = 0; k < axes.Length; k++)
            {
                start[axes[k]] = roi[k];
                end[axes[k]] = roi[axes.Length + k];
            }
        }

        return new Plan(output, scale, start, end);
    }

    private static TensorData Known(Node node, Value v, string what) =>
        v.Constant ?? throw NotConstant(node, v, what);

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, DataType.Float32);
        if (node.GetInt("antialias", 0) != 0)
        {
            throw Invalid(node, "asks for antialias, which Neo's Resize does not implement.");
        }

        _ = Settings(node);
        SetOutput(node, 0, DataType.Float32, Compute(node).Output);
    }

    internal static ResamplingTable.Settings Settings(Node node)
    {
        bool legacy = node.OpsetVersion is > 0 and < 11;
        ResampleMode mode = node.GetString("mode", "nearest") switch
        {
            "nearest" => ResampleMode.Nearest,
            "linear" or "bilinear" => ResampleMode.Linear,
            "cubic" when !legacy => ResampleMode.Cubic,
            string m => throw Invalid(node, $"has mode '{m}'; ONNX defines nearest, linear and cubic."),
        };
        string coordinates = legacy ? "asymmetric" : node.GetString("coordinate_transformation_mode", "half_pixel");
        if (coordinates is not ("half_pixel" or "pytorch_half_pixel" or "align_corners" or "asymmetric" or "tf_half_pixel_for_nn" or "tf_crop_and_resize" or "half_pixel_symmetric"))
        {
            throw Invalid(node, $"has coordinate_transformation_mode '{coordinates}', which ONNX does not define.");
        }

        string nearest = legacy ? "legacy" : node.GetString("nearest_mode", "round_prefer_floor");
        if (nearest is not ("round_prefer_floor" or "round_prefer_ceil" or "floor" or "ceil" or "legacy"))
        {
            throw Invalid(node, $"has nearest_mode '{nearest}', which ONNX does not define.");
        }

        return new ResamplingTable.Settings(mode, coordinates, nearest, node.GetFloat("cubic_coeff_a", -0.75f), node.GetInt("exclude_outside", 0) != 0);
    }

    public override TensorData[]? Fold(Node node) => null;

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.RequireInput(0), y = node.Output(0)!;
        Plan plan = Compute(node);
        Emit(node, context, x, y, plan.Scales, plan.RoiStart, plan.RoiEnd, Settings(node), node.GetFloat("extrapolation_value", 0f));
    }

    /// <summary>Builds the sampling tables and emits the kernel call (shared with Upsample).</summary>
    internal static void Emit(Node node, LoweringContext context, Value x, Value y, double[] scales, double[] roiStart, double[] roiEnd, ResamplingTable.Settings settings, float extrapolation)
    {
        int[] xs = x.Shape!, ys = y.Shape!;
        var table = new ResamplingTable();
        for (int d = 0; d < xs.Length; d++)
        {
            if (xs[d] == ys[d] && scales[d] == 1 && settings.CoordinateMode != "tf_crop_and_resize")
            {
                table.AddIdentity(xs[d]);
            }
            else
            {
                table.AddDim(xs[d], ys[d], scales[d], settings, roiStart[d], roiEnd[d]);
            }
        }

        context.Step("Resize.Run").In("input", x).Out("output", y)
            .Ints("inShape", xs).Ints("outShape", ys).Ints("taps", table.Taps).Ints("offsets", table.Offsets)
            .In("indices", context.Weights(node.Name + "/indices", new TensorData(DataType.Int32, new[] { table.Indices.Count }, table.Indices.ToArray())))
            .In("weights", context.Weights(node.Name + "/weights", TensorData.FromFloats(new[] { table.Weights.Count }, table.Weights.ToArray())))
            .Float("extrapolation", extrapolation);
    }
}
