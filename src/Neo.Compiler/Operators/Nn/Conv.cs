using System;
using System.Linq;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Nn;

/// <summary>
/// Conv: 1-D, 2-D and 3-D convolution with groups, strides, dilations, pads or auto_pad.
/// X is [N, C, spatial...], W is [M, C/group, kernel...], B is [M]. 1-D and 2-D lower to Conv.Conv2D,
/// 3-D to ConvNd.Run.
/// </summary>
public sealed class Conv : Operator
{
    public override string OpType => "Conv";

    public override OpKind Kind => OpKind.OutFusable;

    public override string Notes => "1-D, 2-D, 3-D; groups, depthwise, pads, strides, dilations, auto_pad";

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, DataType.Float32);
        RequireType(node, 1, DataType.Float32);
        int[] x = ShapeOf(node.RequireInput(0));
        int[] w = ShapeOf(node.RequireInput(1));
        if (x.Length < 3 || x.Length > 5 || w.Length != x.Length)
        {
            throw Invalid(node, $"has input {Shapes.Format(x)} and weights {Shapes.Format(w)}; Neo supports 1-D, 2-D and 3-D convolution (rank 3 to 5).");
        }

        int group = checked((int)node.GetInt("group", 1));
        if (group <= 0 || x[1] % group != 0 || w[0] % group != 0 || w[1] * group != x[1])
        {
            throw Mismatch(node, $"has {x[1]} input channels, weights {Shapes.Format(w)} and group {group}: the channels do not divide into the groups.");
        }

        if (node.Input(2) is { } b && (b.Shape!.Length != 1 || b.Shape[0] != w[0]))
        {
            throw Mismatch(node, $"has bias {Shapes.Format(b.Shape)} for {w[0]} output channels.");
        }

        long[]? ks = node.GetInts("kernel_shape");
        if (ks is not null && !ks.SequenceEqual(w.Skip(2).Select(d => (long)d)))
        {
            throw Mismatch(node, $"says kernel_shape [{string.Join(",", ks)}] but its weights are {Shapes.Format(w)}.");
        }

        WindowGeometry g = WindowGeometry.Compute(node, x[2..], w[2..], ceilMode: false);
        SetOutput(node, 0, DataType.Float32, new[] { x[0], w[0] }.Concat(g.Output).ToArray());
    }

    public override long Macs(Node node)
    {
        int[] w = node.Input(1)!.Shape!;
        return node.Output(0)!.Size * Shapes.Size(w.AsSpan(1));
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.RequireInput(0), w = node.RequireInput(1), y = node.Output(0)!;
        int[] xs = x.Shape!, ws = w.Shape!, ys = y.Shape!;
        if (xs.Length == 5)
        {
            LowerVolume(node, context);
            return;
        }

        bool oneD = xs.Length == 3;
        int[] spatialIn = oneD ? new[] { 1, xs[2] } : xs[2..];
        int[] kernel = oneD ? new[] { 1, ws[2] } : ws[2..];
        WindowGeometry g = WindowGeometry.Compute(node, xs[2..], ws[2..], ceilMode: false);
        int[] stride = oneD ? new[] { 1, g.Strides[0] } : g.Strides;
        int[] dil = oneD ? new[] { 1, g.Dilations[0] } : g.Dilations;
        int[] pad = oneD ? new[] { 0, g.PadsBegin[0] } : g.PadsBegin;
        int[] outSpatial = oneD ? new[] { 1, ys[2] } : ys[2..];

        int groups = checked((int)node.GetInt("group", 1));
        int kPerGroup = xs[1] / groups * kernel[0] * kernel[1];
        StepBuilder step;
        if (Neo.Runtime.Kernels.Conv.IsDepthwise(xs[1], ys[1], groups))
        {
            // Direct depthwise kernel: reads the ONNX weights as they are.
            step = context.Step("Conv.Depthwise2D").Team().In("input", x).In("weights", w);
        }
        else if (w.Constant is { } winogradWeights && UsesWinograd(xs, ys, kernel, stride, dil, groups, oneD, context))
        {
            // 3×3 stride 1: Winograd F(4×4, 3×3), weights transformed and packed at build time.
            var transformed = new float[Neo.Runtime.Kernels.Conv.WinogradWeightsLength(ys[1], xs[1])];
            Neo.Runtime.Kernels.Conv.TransformWinogradWeights(winogradWeights.As<float>(), transformed, ys[1], xs[1]);
            LTensor packedTensor = context.Weights(w.Name + " (Winograd)", TensorData.FromFloats(new[] { transformed.Length }, transformed));
            step = context.Step("Conv.Winograd3x3").Team().In("input", x).In("transformedWeights", packedTensor);
        }
        else if (w.Constant is { } directWeights && UsesDirect(xs, ys, kernel, stride, pad, kPerGroup, groups, context.Device.VectorBits))
        {
            // Small convolution: direct 8-pixel × 8-channel tiles, weights blocked by 8 output channels at build time.
            var blocked = new float[Neo.Runtime.Kernels.Conv.DirectWeightsLength(ys[1], groups, kPerGroup)];
            Neo.Runtime.Kernels.Conv.PackDirectWeights(directWeights.As<float>(), blocked, ys[1], groups, kPerGroup);
            LTensor blockedTensor = context.Weights(w.Name + " (blocked)", TensorData.FromFloats(new[] { blocked.Length }, blocked));
            step = context.Step("Conv.Direct2D").Team().In("input", x).In("blockedWeights", blockedTensor);
        }
        else if (w.Constant is { } weights)
        {
            // Weights packed at build time into the GEMM's 6-row panels: nothing is repacked at run time.
            var packed = new float[Neo.Runtime.Kernels.Conv.PackedWeightsLength(ys[1], groups, kPerGroup)];
            Neo.Runtime.Kernels.Conv.PackWeights(weights.As<float>(), packed, ys[1], groups, kPerGroup);
            LTensor packedTensor = context.Weights(w.Name + " (packed)", TensorData.FromFloats(new[] { packed.Length }, packed));
            step = context.Step("Conv.Conv2DPacked").Team().In("input", x).In("packedWeights", packedTensor);
            if (node.InputScale is { } inputScale)
            {
                // ChannelScaleFusion's per-channel factor, applied as the GEMM packs the input.
                step.In("inputScale", inputScale);
            }
        }
        else
        {
            step = context.Step("Conv.Conv2D").Team().In("input", x).In("weights", w);
        }

        if (node.Input(2) is { } b)
        {
            step.In("bias", b);
        }
        else
        {
            step.Expr("bias", "default");
        }

        if (node.InputScale is not null && step.Step.Call != "Conv.Conv2DPacked")
        {
            throw new CompileErrorException(DiagnosticCodes.InternalError, $"node {node.Display} has an input scale but does not lower to the 1×1 GEMM that applies it.", node.Name);
        }

        bool depthwise = step.Step.Call == "Conv.Depthwise2D";
        step.Out("output", y).Int("batch", xs[0]);
        if (step.Step.Call == "Conv.Winograd3x3")
        {
            step.Int("inChannels", xs[1]).Int("inHeight", spatialIn[0]).Int("inWidth", spatialIn[1]).Int("outChannels", ys[1])
                .Int("outHeight", outSpatial[0]).Int("outWidth", outSpatial[1]).Int("padTop", pad[0]).Int("padLeft", pad[1]);
            Finish(node, step, context);
            return;
        }

        if (depthwise)
        {
            step.Int("channels", xs[1]).Int("inHeight", spatialIn[0]).Int("inWidth", spatialIn[1]);
        }
        else
        {
            step.Int("inChannels", xs[1]).Int("inHeight", spatialIn[0]).Int("inWidth", spatialIn[1]).Int("outChannels", ys[1]);
        }

        step.Int("outHeight", outSpatial[0]).Int("outWidth", outSpatial[1])
            .Int("kernelHeight", kernel[0]).Int("kernelWidth", kernel[1])
            .Int("strideHeight", stride[0]).Int("strideWidth", stride[1])
            .Int("padTop", pad[0]).Int("padLeft", pad[1])
            .Int("dilationHeight", dil[0]).Int("dilationWidth", dil[1]);
        if (!depthwise)
        {
            step.Int("groups", groups);
        }

        Finish(node, step, context);
    }

    /// <summary>
    /// Winograd F(4×4, 3×3) where it wins over the GEMM: 3×3, stride 1, no dilation, one group, enough channels for
    /// the 36 small GEMMs to run full tiles, and an output of at least 12×12 and 16 tiles of 4×4, or a small one with
    /// many channels (<see cref="SmallWithManyChannels"/>) (the tiles are the
    /// GEMMs' columns: fewer than one 16-column panel pads them, and at 7×7 the four tiles waste more than the 2.25×
    /// fewer multiplies save; a 12×15 output of 12 tiles ran 13-23% faster on the direct kernel). Its transforms run on 256-bit vectors, which
    /// ARM64 emulates, so arm64 targets keep the GEMM.
    /// </summary>
    private static bool UsesWinograd(int[] xs, int[] ys, int[] kernel, int[] stride, int[] dil, int groups, bool oneD, LoweringContext context) =>
        !oneD && kernel[0] == 3 && kernel[1] == 3 && stride[0] == 1 && stride[1] == 1 && dil[0] == 1 && dil[1] == 1 && groups == 1
        && xs[1] >= 8 && ys[1] >= 8
        && ((ys[2] >= 12 && ys[3] >= 12 && ((ys[2] + 3) / 4) * ((ys[3] + 3) / 4) >= 16) || SmallWithManyChannels(xs, ys))
        && context.Device.Architecture != Neo.Compiler.Options.TargetArchitecture.Arm64;

    /// <summary>
    /// A small convolution (direct-kernel size) with at least 32 channels in and out: the transforms, which cost in
    /// proportion to the channels, are small against the 2.25× fewer multiplies even with few tiles (CRNN's 32→48 at
    /// 8×24, 12 tiles, and 48→48 at 4×24, 6 tiles: crnn_ocr 1.15× faster than on the direct kernel, still 1.07× against
    /// the 512-bit paired direct tiles; DenseNet, GoogLeNet, ResNet-18 and DBNet unchanged, all in same-process A/B).
    /// LogMel's 16→32 at 12×15 stays direct: 1.08× faster there than Winograd since the direct tiles are 512-bit
    /// (Winograd was 1.04× faster against the 256-bit ones).
    /// </summary>
    private static bool SmallWithManyChannels(int[] xs, int[] ys) =>
        xs[1] >= 32 && ys[1] >= 32 && ys[2] >= 4 && ys[3] >= 4 && (long)xs[0] * ys[1] * ys[2] * ys[3] * xs[1] * 9 <= SmallMaxMacs;

    /// <summary>The size up to which <see cref="SmallWithManyChannels"/> holds: the direct kernel's limit on 256-bit targets.</summary>
    private const long SmallMaxMacs = 20_000_000;

    /// <summary>
    /// The direct kernel where im2col and the GEMM's partial tiles cost more than the multiplies: small
    /// convolutions (LeNet-class), at most <see cref="DirectMaxMacs"/> multiply-adds (<see cref="SmallMaxMacs"/> on
    /// targets declared with vectors narrower than 512 bits) and
    /// <see cref="DirectMaxDepth"/> taps per output (its 8 weight vectors per tap stay in L1), or grouped with narrow
    /// groups (<see cref="DirectMaxGroupWidth"/>). 1×1 stride-1
    /// unpadded convolutions stay on the GEMM, which reads their input in place with no im2col.
    /// </summary>
    private static bool UsesDirect(int[] xs, int[] ys, int[] kernel, int[] stride, int[] pad, int kPerGroup, int groups, int vectorBits) =>
        !(kernel[0] == 1 && kernel[1] == 1 && stride[0] == 1 && stride[1] == 1 && pad[0] == 0 && pad[1] == 0)
        && kPerGroup <= DirectMaxDepth
        && ((long)xs[0] * ys[1] * Shapes.Size(ys.AsSpan(2)) * kPerGroup <= (vectorBits is > 0 and < 512 ? SmallMaxMacs : DirectMaxMacs) || (groups > 1 && ys[1] / groups <= DirectMaxGroupWidth));

    private const int DirectMaxDepth = 512;

    /// <summary>
    /// Grouped convolutions with at most this many outputs per group take the direct kernel at any size: their
    /// GEMM has M = the group width, so each im2col element served only 8 multiply-adds and the copy cost as much as
    /// the product (RegNetY-400MF, width 8: 1.48× faster on 1 thread, 1.40× on 2).
    /// </summary>
    private const int DirectMaxGroupWidth = 8;

    /// <summary>
    /// Up to 4 M multiply-adds the direct kernel is at least as fast as im2col and the GEMM (crnn_ocr, dbnet_detector,
    /// logmel_audio and lenet_mnist even in same-process A/B against the GEMM). The ImageNet stems above it (3 input
    /// channels, 5-11 M multiply-adds at 112×112) run faster through im2col and the 512-bit GEMM tiles since those
    /// reached near peak on this machine: shufflenet_v2_x0_5 1.072×, regnet_y_400mf 1.036×, mobilenet_v2 1.035× (2
    /// threads 1.060×), efficientnet_b0 1.032×, mobilenet_v3_small 1.017×, mnasnet0_5 1.012×. (At 20 M, the limit
    /// until then, crnn_ocr, mnasnet and mobilenet_v2 had measured 1.04-1.05× faster direct on the 256-bit machine,
    /// so targets known to have narrower vectors keep that limit; all of SqueezeNet's convolutions direct: 0.92×.)
    /// </summary>
    private const long DirectMaxMacs = 4_000_000;

    private static void Finish(Node node, StepBuilder step, LoweringContext context)
    {
        if (node.Residual is { } residual)
        {
            step.In("residual", residual);
        }
        else
        {
            step.Expr("residual", "default");
        }

        step.Expr("epilogue", Epilogues.Expression(node, context.Operators));
    }

    private static void LowerVolume(Node node, LoweringContext context)
    {
        Value x = node.RequireInput(0), w = node.RequireInput(1), y = node.Output(0)!;
        int[] xs = x.Shape!, ws = w.Shape!, ys = y.Shape!;
        WindowGeometry g = WindowGeometry.Compute(node, xs[2..], ws[2..], ceilMode: false);
        StepBuilder step = context.Step("ConvNd.Run").In("input", x).In("weights", w);
        if (node.Input(2) is { } b)
        {
            step.In("bias", b);
        }
        else
        {
            step.Expr("bias", "default");
        }

        step.Out("output", y)
            .Int("batch", xs[0]).Int("inChannels", xs[1]).Int("outChannels", ys[1]).Int("groups", node.GetInt("group", 1))
            .Ints("inShape", xs[2..]).Ints("outShape", ys[2..]).Ints("kernel", ws[2..])
            .Ints("strides", g.Strides).Ints("pads", g.PadsBegin).Ints("dilations", g.Dilations);
        if (node.Residual is { } residual)
        {
            step.In("residual", residual);
        }
        else
        {
            step.Expr("residual", "default");
        }

        step.Expr("epilogue", Epilogues.Expression(node, context.Operators));
    }
}
