using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Signal;

/// <summary>
/// STFT (opset 17): the DFT of windowed frames of a real or complex signal [batch, length, 1 or 2]; the
/// output is [batch, frames, bins, 2], one-sided by default. frame_step and frame_length must be known at
/// build time; the window may be computed at run time.
/// </summary>
public sealed class STFT : Operator
{
    public override string OpType => "STFT";

    /// <summary>Reads frame_step and frame_length at build time.</summary>
    public override bool NeedsConstantInput(Node node, int index) => index is 1 or 3;

    public override OpKind Kind => OpKind.Opaque;

    public override string Notes => "real and complex; window; onesided; frame_step and frame_length known at build time";

    private sealed record Plan(int Batch, int Length, bool Complex, int Step, int FrameLength, int Frames, int Bins);

    private static Plan Compute(Node node)
    {
        int[] s = ShapeOf(node.RequireInput(0));
        if (s.Length != 3 || s[2] is not (1 or 2))
        {
            throw Invalid(node, $"has signal {Shapes.Format(s)}; it must be [batch, length, 1 or 2].");
        }

        int step = checked((int)Known(node, node.RequireInput(1), "frame_step").GetInt64(0));
        Value? window = node.Input(2);
        int frameLength = node.Input(3) is { } fl ? checked((int)Known(node, fl, "frame_length").GetInt64(0)) : window is not null ? window.Shape![0] : throw Invalid(node, "has neither a window nor a frame_length.");
        if (window is not null && (window.Shape!.Length != 1 || window.Shape[0] != frameLength))
        {
            throw Mismatch(node, $"has a window of shape {Shapes.Format(window.Shape)} for frames of {frameLength}.");
        }

        if (step <= 0 || frameLength <= 0 || frameLength > s[1])
        {
            throw Invalid(node, $"has frame_step {step} and frame_length {frameLength} for a signal of {s[1]} samples.");
        }

        bool complex = s[2] == 2;
        bool onesided = node.GetInt("onesided", 1) != 0 && !complex;
        int frames = ((s[1] - frameLength) / step) + 1;
        return new Plan(s[0], s[1], complex, step, frameLength, frames, onesided ? (frameLength / 2) + 1 : frameLength);
    }

    private static TensorData Known(Node node, Value v, string what) =>
        v.Constant ?? throw NotConstant(node, v, what);

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, DataType.Float32);
        if (node.Input(2) is not null)
        {
            RequireType(node, 2, DataType.Float32);
        }

        Plan p = Compute(node);
        SetOutput(node, 0, DataType.Float32, new[] { p.Batch, p.Frames, p.Bins, 2 });
    }

    public override long Macs(Node node)
    {
        Plan p = Compute(node);
        return (long)p.Batch * p.Frames * p.Bins * p.FrameLength * 4;
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Plan p = Compute(node);
        StepBuilder step = context.Step("Signal.Stft").In("signal", node.RequireInput(0));
        if (node.Input(2) is { } w)
        {
            step.In("window", w);
        }
        else
        {
            step.Expr("window", "default");
        }

        step.Out("output", node.Output(0)!).Scratch("twiddles", DataType.Float64, 2L * p.FrameLength)
            .Int("batch", p.Batch).Int("length", p.Length).Bool("complexInput", p.Complex)
            .Int("frameStep", p.Step).Int("frameLength", p.FrameLength).Int("frames", p.Frames).Int("bins", p.Bins);
    }
}
