using System.IO;
using Neo.Tests.Infrastructure;
using Xunit;

namespace Neo.Tests.Trees;

/// <summary>
/// Float64 thresholds (opset 3 tensors) with float32 inputs on both sides of them, every node mode:
/// Neo's float32 thresholds, rounded toward the side that keeps each decision, decide exactly as a
/// float64 comparison does (make_cases.py's reference; ONNX Runtime refuses this combination).
/// </summary>
public sealed class OnnxDoubleThresholdTests
{
    [Fact]
    public void DecideAsFloat64Comparisons()
    {
        ModelCase c = ModelCase.Load(Path.Combine(TreeCases.Root, "onnxdouble_thresholds"));
        System.Array[] outputs = TreeCases.Run(c, c.ModelPath);
        TreeAssert.BitEqual(c.Outputs[0].Value.As<float>(), (float[])outputs[0], "Y");
    }
}
