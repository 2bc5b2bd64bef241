using System;
using System.Runtime.CompilerServices;
using Neo.Runtime.Threading;

namespace Neo.Runtime.Kernels;

/// <summary>
/// Convolution kernels (NCHW activations, OIHW weights). A convolution is a GEMM per image and group:
/// weights [M = out channels, K = in channels·kernel] times the input unfolded to [K, N = output pixels].
/// 1×1 convolutions with stride 1 read the input in place; others pack im2col panels block by block
/// (<see cref="ConvPanels"/>); small convolutions run direct (<see cref="Direct2D"/>), depthwise ones too (<see cref="Depthwise2D"/>); 3×3 stride-1
/// convolutions may run as Winograd F(4×4, 3×3). The compiler picks one per shape
/// and packs the weights at build time.
/// </summary>
public static unsafe partial class Conv
{
    /// <summary>
    /// 2-D convolution with groups, strides, dilations and padding; then, for every output element,
    /// y = epilogue(conv + bias[channel] + residual[i]). <paramref name="bias"/> and <paramref name="residual"/> may be empty.
    /// Weights are in ONNX layout and packed on every call: lowered models call <see cref="Conv2DPacked"/> instead.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Conv2D<TEpilogue>(
        ThreadTeam team,
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> weights,
        ReadOnlySpan<float> bias,
        Span<float> output,
        int batch,
        int inChannels,
        int inHeight,
        int inWidth,
        int outChannels,
        int outHeight,
        int outWidth,
        int kernelHeight,
        int kernelWidth,
        int strideHeight,
        int strideWidth,
        int padTop,
        int padLeft,
        int dilationHeight,
        int dilationWidth,
        int groups,
        ReadOnlySpan<float> residual,
        TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        if (IsDepthwise(inChannels, outChannels, groups))
        {
            Depthwise2D(team, input, weights, bias, output, batch, inChannels, inHeight, inWidth, outHeight, outWidth, kernelHeight, kernelWidth, strideHeight, strideWidth, padTop, padLeft, dilationHeight, dilationWidth, residual, epilogue);
            return;
        }

        int kPerGroup = inChannels / groups * kernelHeight * kernelWidth;
        int length = PackedWeightsLength(outChannels, groups, kPerGroup);
        float* packed = Workspace.Get(2, length);
        PackWeights(weights, new Span<float>(packed, length), outChannels, groups, kPerGroup);
        Conv2DPacked(team, input, new ReadOnlySpan<float>(packed, length), bias, output, batch, inChannels, inHeight, inWidth, outChannels, outHeight, outWidth, kernelHeight, kernelWidth, strideHeight, strideWidth, padTop, padLeft, dilationHeight, dilationWidth, groups, residual, epilogue);
    }

    /// <summary>True when each output channel reads exactly one input channel: the direct depthwise kernel applies.</summary>
    public static bool IsDepthwise(int inChannels, int outChannels, int groups) => groups > 1 && groups == inChannels && outChannels == inChannels;

    /// <summary>Throws NEO3020 when an operand is shorter than the shape needs (bias and residual may be empty).</summary>
    private static void CheckOperands(ConvShape s, int input, int output, long weights, long weightsNeeded, int bias, int residual)
    {
        if (input < (long)s.Batch * s.InChannels * s.InPlane || output < s.OutputLength || weights < weightsNeeded
            || (bias != 0 && bias < s.OutChannels) || (residual != 0 && residual < s.OutputLength))
        {
            throw new ArgumentException("NEO3020: a convolution operand is shorter than its shape needs.");
        }
    }

    /// <summary>
    /// 2-D convolution as GEMM with weights packed at build time by <see cref="PackWeights"/>; y = epilogue(conv +
    /// bias[channel] + residual[i]). 1×1 stride-1 unpadded convolutions read the input in place; the others pack
    /// im2col panels into per-thread workspace, one cache block at a time. A 1×1 stride-1 unpadded convolution may
    /// take <paramref name="inputScale"/>, one factor per input channel (the same for every image of the batch) that
    /// multiplies its input as the GEMM packs it: a squeeze-and-excitation block's channel scaling, with no pass of
    /// its own. Empty for none.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Conv2DPacked<TEpilogue>(
        ThreadTeam team,
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> packedWeights,
        ReadOnlySpan<float> bias,
        Span<float> output,
        int batch,
        int inChannels,
        int inHeight,
        int inWidth,
        int outChannels,
        int outHeight,
        int outWidth,
        int kernelHeight,
        int kernelWidth,
        int strideHeight,
        int strideWidth,
        int padTop,
        int padLeft,
        int dilationHeight,
        int dilationWidth,
        int groups,
        ReadOnlySpan<float> residual,
        TEpilogue epilogue,
        ReadOnlySpan<float> inputScale = default)
        where TEpilogue : struct, IUnaryOperator
    {
        var shape = new ConvShape(batch, inChannels, inHeight, inWidth, outChannels, outHeight, outWidth, kernelHeight, kernelWidth, strideHeight, strideWidth, padTop, padLeft, dilationHeight, dilationWidth, groups);
        CheckOperands(shape, input.Length, output.Length, packedWeights.Length, PackedWeightsLength(outChannels, groups, shape.K), bias.Length, residual.Length);
        if (!inputScale.IsEmpty && (inputScale.Length < inChannels || !ConvJob<TEpilogue>.IsDirect(shape)))
        {
            throw new ArgumentException("NEO3020: an input channel scale needs a 1×1, stride-1, unpadded convolution and one value per input channel.");
        }

        fixed (float* px = input, pw = packedWeights, pb = bias, py = output, pr = residual, ps = inputScale)
        {
            var job = new ConvJob<TEpilogue> { Shape = shape, X = px, W = pw, Bias = pb, Y = py, Residual = pr, Scale = ps, Epilogue = epilogue };
            if (!job.Direct)
            {
                // im2col reads a zero-bordered copy of the input, made once here for every thread.
                int planes = batch * inChannels;
                job.Padded = Workspace.Get(3, ConvPanels.PaddedLength(shape, planes));
                ConvPanels.Pad(team, shape.Macs >= Gemm.ParallelMacs && ParallelPad, px, shape, planes, job.Padded);
            }

            int rowPanels = (shape.M + GemmTiles.Rows - 1) / GemmTiles.Rows;
            int colPanels = (shape.N + GemmTiles.PanelWidth - 1) / GemmTiles.PanelWidth;
            int threads = team.Threads;
            if (threads == 1 || shape.Macs < Gemm.ParallelMacs)
            {
                job.SplitColumns = true;
                job.Execute(0, colPanels);
                return;
            }

            // Split by columns, each thread reads all of the weights (M × K); by rows, each packs all of B (K × N):
            // the threads share the larger one (ResNet's 512-channel 7×7 layers, 9.4 MB of weights and 49 pixels,
            // had both threads stream every weight).
            job.SplitColumns = rowPanels < threads || (colPanels >= 2 * threads && (!SplitByShape || shape.N >= shape.M));
            team.Run(job.SplitColumns ? colPanels : rowPanels, ref job);
        }
    }

    /// <summary>The length of the weights packed by <see cref="PackWeights"/>: per group, 6-row panels of K.</summary>
    public static int PackedWeightsLength(int outChannels, int groups, int kPerGroup) =>
        checked((int)(groups * GemmTiles.PackedALength(outChannels / groups, kPerGroup)));

    /// <summary>
    /// Packs OIHW weights (per group, an [out channels / groups] × <paramref name="kPerGroup"/> matrix) into the
    /// 6-row panels <see cref="Conv2DPacked"/> reads. Called at build time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackWeights(ReadOnlySpan<float> weights, Span<float> packed, int outChannels, int groups, int kPerGroup)
    {
        int m = outChannels / groups;
        long perGroup = GemmTiles.PackedALength(m, kPerGroup);
        if (weights.Length < (long)outChannels * kPerGroup || packed.Length < groups * perGroup)
        {
            throw new ArgumentException("NEO3020: convolution weights or their packed buffer are shorter than the shape needs.");
        }

        fixed (float* pw = weights, pp = packed)
        {
            for (int g = 0; g < groups; g++)
            {
                GemmTiles.PackA(pw + ((long)g * m * kPerGroup), kPerGroup, 1, m, kPerGroup, pp + (g * perGroup));
            }
        }
    }

    /// <summary>The im2col input copy on the team's threads; a switch for same-process comparisons.</summary>
    internal static bool ParallelPad = true;

    /// <summary>Row or column split of the GEMM by which operand is larger; a switch for same-process comparisons.</summary>
    internal static bool SplitByShape = true;

    private struct ConvJob<TEpilogue> : IParallelJob
        where TEpilogue : struct, IUnaryOperator
    {
        public ConvShape Shape;
        public float* X, W, Bias, Y, Residual;

        /// <summary>Per input channel, the factor a direct 1×1 applies to its input as it packs it; null for none.</summary>
        public float* Scale;
        public TEpilogue Epilogue;
        public bool SplitColumns;

        /// <summary>The zero-bordered input im2col reads (<see cref="ConvPanels.Pad"/>); null for a direct 1×1.</summary>
        public float* Padded;

        /// <summary>A 1×1, stride-1, unpadded convolution: the GEMM reads the input in place.</summary>
        public readonly bool Direct => IsDirect(Shape);

        public static bool IsDirect(ConvShape s) =>
            s.KernelHeight == 1 && s.KernelWidth == 1 && s.StrideHeight == 1 && s.StrideWidth == 1
            && s.PadTop == 0 && s.PadLeft == 0 && s.OutHeight == s.InHeight && s.OutWidth == s.InWidth;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Execute(int start, int end)
        {
            ConvShape s = Shape;
            int m = s.M, n = s.N, k = s.K;
            int rowPanels = (m + GemmTiles.Rows - 1) / GemmTiles.Rows;
            long packedPerGroup = GemmTiles.PackedALength(m, k);
            int icPerGroup = s.InChannels / s.Groups;
            bool direct = Direct;
            long paddedPlane = direct ? 0 : ConvPanels.PaddedPlane(s);
            int r0 = SplitColumns ? 0 : start, r1 = SplitColumns ? rowPanels : end;
            int c0 = SplitColumns ? start * GemmTiles.PanelWidth : 0, c1 = SplitColumns ? Math.Min(n, end * GemmTiles.PanelWidth) : n;
            for (int b = 0; b < s.Batch; b++)
            {
                for (int g = 0; g < s.Groups; g++)
                {
                    float* x = X + ((((long)b * s.InChannels) + (g * icPerGroup)) * s.InPlane);
                    long yOffset = (((long)b * s.OutChannels) + (g * m)) * n;
                    GemmOutput o = default;
                    o.C = Y + yOffset;
                    o.Ldc = n;
                    o.Alpha = 1f;
                    o.Beta = 1f;
                    o.Bias = Bias == null ? null : Bias + (g * m);
                    o.BiasRowStride = 1;
                    o.Residual = Residual == null ? null : Residual + yOffset;
                    o.Ldr = n;
                    float* a = W + (g * packedPerGroup);
                    if (direct)
                    {
                        var source = new RowMajorPanels(x, s.InPlane, Scale == null ? null : Scale + (g * icPerGroup));
                        GemmTiles.Multiply(m, k, a, ref source, ref o, Epilogue, r0, r1, c0, c1);
                    }
                    else
                    {
                        var source = new ConvPanels(Padded + ConvPanels.Front + ((((long)b * s.InChannels) + (g * icPerGroup)) * paddedPlane), s);
                        GemmTiles.Multiply(m, k, a, ref source, ref o, Epilogue, r0, r1, c0, c1);
                    }
                }
            }
        }
    }
}

/// <summary>The geometry of one 2-D convolution.</summary>
internal readonly struct ConvShape
{
    public ConvShape(int batch, int inChannels, int inHeight, int inWidth, int outChannels, int outHeight, int outWidth, int kernelHeight, int kernelWidth, int strideHeight, int strideWidth, int padTop, int padLeft, int dilationHeight, int dilationWidth, int groups)
    {
        Batch = batch;
        InChannels = inChannels;
        InHeight = inHeight;
        InWidth = inWidth;
        OutChannels = outChannels;
        OutHeight = outHeight;
        OutWidth = outWidth;
        KernelHeight = kernelHeight;
        KernelWidth = kernelWidth;
        StrideHeight = strideHeight;
        StrideWidth = strideWidth;
        PadTop = padTop;
        PadLeft = padLeft;
        DilationHeight = dilationHeight;
        DilationWidth = dilationWidth;
        Groups = groups;
    }

    public int Batch { get; }

    public int InChannels { get; }

    public int InHeight { get; }

    public int InWidth { get; }

    public int OutChannels { get; }

    public int OutHeight { get; }

    public int OutWidth { get; }

    public int KernelHeight { get; }

    public int KernelWidth { get; }

    public int StrideHeight { get; }

    public int StrideWidth { get; }

    public int PadTop { get; }

    public int PadLeft { get; }

    public int DilationHeight { get; }

    public int DilationWidth { get; }

    public int Groups { get; }

    public int InPlane => InHeight * InWidth;

    /// <summary>GEMM rows per group: output channels.</summary>
    public int M => OutChannels / Groups;

    /// <summary>GEMM columns: output pixels.</summary>
    public int N => OutHeight * OutWidth;

    /// <summary>GEMM depth per group: input channels times kernel taps.</summary>
    public int K => InChannels / Groups * KernelHeight * KernelWidth;

    public long OutputLength => (long)Batch * OutChannels * N;

    public long Macs => OutputLength * K;
}
