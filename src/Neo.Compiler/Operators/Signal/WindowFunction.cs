using System;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Signal;

/// <summary>
/// The shared life cycle of the window generators (HannWindow, HammingWindow, BlackmanWindow): their
/// output's length is their input's value, so it is known at build time and the whole window is a
/// constant: the sum of cosines a_k·cos(2πkn/N), N the size (periodic) or size - 1 (symmetric).
/// </summary>
public abstract class WindowFunction : Operator
{
    public override OpKind Kind => OpKind.Injective;

    /// <summary>Reads the size at build time.</summary>
    public override bool NeedsConstantInput(Node node, int index) => index == 0;

    public override string Notes => "periodic and symmetric; size known at build time (computed as a constant)";

    /// <summary>The cosine-sum coefficients a_0, a_1, ... with their signs.</summary>
    protected abstract double[] Coefficients { get; }

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, DataType.Int32, DataType.Int64);
        Value size = node.RequireInput(0);
        if (size.Constant is null)
        {
            throw NotConstant(node, size, "size");
        }

        long n = size.Constant.GetInt64(0);
        if (n <= 0 || n > OnnxLimits.MaxWindow)
        {
            throw Invalid(node, $"has size {n}; it must be between 1 and {OnnxLimits.MaxWindow}.");
        }

        var type = DataTypes.FromOnnx(node.GetInt("output_datatype", (long)DataType.Float32));
        if (type is not (DataType.Float32 or DataType.Float64))
        {
            throw new CompileErrorException(DiagnosticCodes.UnsupportedElementType, $"node {node.Display} asks for output_datatype {DataTypes.Name(type)}; Neo makes float32 and float64 windows.", node.Name);
        }

        bool periodic = node.GetInt("periodic", 1) != 0;
        double denominator = periodic ? n : n - 1;
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            double v = 0;
            for (int k = 0; k < Coefficients.Length; k++)
            {
                v += Coefficients[k] * (denominator == 0 ? 1 : Math.Cos(2 * Math.PI * k * i / denominator));
            }

            values[i] = v;
        }

        Value y = node.Output(0)!;
        y.Type = type;
        y.Shape = new[] { (int)n };
        y.Constant = type == DataType.Float64
            ? new TensorData(type, y.Shape, values)
            : TensorData.FromFloats(y.Shape, Array.ConvertAll(values, v => (float)v));
    }

    public override void Lower(Node node, LoweringContext context)
    {
        // Never reached: the output is a constant.
    }
}

/// <summary>Limits on tensors a build-time generator makes.</summary>
internal static class OnnxLimits
{
    /// <summary>Windows longer than this are surely a mistake (one second of 1 MHz audio).</summary>
    public const long MaxWindow = 1 << 20;
}

/// <summary>HannWindow: 0.5 - 0.5·cos(2πn/N).</summary>
public sealed class HannWindow : WindowFunction
{
    public override string OpType => "HannWindow";

    protected override double[] Coefficients => new[] { 0.5, -0.5 };
}

/// <summary>HammingWindow: 25/46 - 21/46·cos(2πn/N).</summary>
public sealed class HammingWindow : WindowFunction
{
    public override string OpType => "HammingWindow";

    protected override double[] Coefficients => new[] { 25.0 / 46, -21.0 / 46 };
}

/// <summary>BlackmanWindow: 0.42 - 0.5·cos(2πn/N) + 0.08·cos(4πn/N).</summary>
public sealed class BlackmanWindow : WindowFunction
{
    public override string OpType => "BlackmanWindow";

    protected override double[] Coefficients => new[] { 0.42, -0.5, 0.08 };
}
