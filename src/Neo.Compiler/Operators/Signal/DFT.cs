using System;
using System.Linq;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Signal;

/// <summary>
/// DFT (opset 17; 20 takes the axis as an input): the discrete Fourier transform of real ([…, 1]) or
/// complex ([…, 2]) signals along an axis, forward or inverse, optionally one-sided, zero-padded or
/// truncated to dft_length. dft_length and the axis must be known at build time.
/// </summary>
public sealed class DFT : Operator
{
    public override string OpType => "DFT";

    /// <summary>Reads dft_length (and opset 20's axis) at build time.</summary>
    public override bool NeedsConstantInput(Node node, int index) => index >= 1;

    public override OpKind Kind => OpKind.Opaque;

    public override string Notes => "real and complex; inverse; onesided; dft_length known at build time";

    private sealed record Plan(int Axis, int Outer, int Length, int Inner, bool Complex, int DftLength, int Bins, int[] Output);

    private static Plan Compute(Node node)
    {
        Value x = node.RequireInput(0);
        int[] xs = ShapeOf(x);
        if (xs.Length < 2 || xs[^1] is not (1 or 2))
        {
            throw Invalid(node, $"has input {Shapes.Format(xs)}; its last dim must be 1 (real) or 2 (complex).");
        }

        long axisValue = node.OpsetVersion >= 20
            ? node.Input(2) is { } a ? Known(node, a, "axis").GetInt64(0) : -2
            : node.GetInt("axis", 1);
        int axis = Shapes.NormalizeAxis(axisValue, xs.Length);
        if (axis < 0 || axis == xs.Length - 1)
        {
            throw Invalid(node, $"has axis {axisValue} for input {Shapes.Format(xs)}; it must name a signal dim, not the last (complex) one.");
        }

        int length = xs[axis];
        int dftLength = node.Input(1) is { } d && Known(node, d, "dft_length").Length > 0 ? checked((int)d.Constant!.GetInt64(0)) : length;
        if (dftLength <= 0)
        {
            throw Invalid(node, $"has dft_length {dftLength}.");
        }

        bool complex = xs[^1] == 2;
        bool onesided = node.GetInt("onesided", 0) != 0;
        bool inverse = node.GetInt("inverse", 0) != 0;
        if (onesided && (complex || inverse))
        {
            throw Invalid(node, "asks for a one-sided transform of a complex signal or an inverse; ONNX defines onesided for real forward transforms.");
        }

        int bins = onesided ? (dftLength / 2) + 1 : dftLength;
        int[] output = (int[])xs.Clone();
        output[axis] = bins;
        output[^1] = 2;
        return new Plan(axis, (int)Shapes.Size(xs.AsSpan(0, axis)), length, (int)Shapes.Size(xs.AsSpan(axis + 1, xs.Length - axis - 2)), complex, dftLength, bins, output);
    }

    private static TensorData Known(Node node, Value v, string what) =>
        v.Constant ?? throw NotConstant(node, v, what);

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, DataType.Float32);
        SetOutput(node, 0, DataType.Float32, Compute(node).Output);
    }

    public override long Macs(Node node)
    {
        Plan p = Compute(node);
        return (long)p.Outer * p.Inner * p.Bins * Math.Min(p.Length, p.DftLength) * 4;
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Plan p = Compute(node);
        context.Step("Signal.Dft").In("input", node.RequireInput(0)).Out("output", node.Output(0)!)
            .Scratch("twiddles", DataType.Float64, 2L * p.DftLength)
            .Int("outer", p.Outer).Int("length", p.Length).Int("inner", p.Inner).Bool("complexInput", p.Complex)
            .Int("dftLength", p.DftLength).Int("bins", p.Bins).Bool("inverse", node.GetInt("inverse", 0) != 0);
    }
}
