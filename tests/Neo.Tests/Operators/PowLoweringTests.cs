using System;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Options;
using Neo.Hosting;
using Neo.Runtime;
using Neo.Tests.Infrastructure;
using Xunit;

namespace Neo.Tests.Operators;

/// <summary>
/// Pow by a constant 2 (an energy or a variance written out) is lowered to x·x on vectors; other exponents keep the
/// Pow kernel. Both must give a^b, for negative bases too, over a length with a vector tail.
/// </summary>
public sealed class PowLoweringTests
{
    [Theory]
    [InlineData(2f, "Elementwise.Binary", true)]
    [InlineData(3f, "Elementwise.BinaryScalarRight", false)]
    [InlineData(2.5f, "Elementwise.BinaryScalarRight", false)]
    public void ConstantExponent(float exponent, string kernel, bool squared)
    {
        const int N = 3 * 37;
        byte[] model = new OnnxBuilder(13)
            .Input("x", DataType.Float32, 3, 37)
            .Initializer("e", Array.Empty<int>(), new[] { exponent })
            .Node("Pow", new[] { "x", "e" }, new[] { "y" }, "pow")
            .Output("y", DataType.Float32, 3, 37)
            .ToBytes();
        InMemoryModel built = InMemoryModel.Build(new CompileRequest { ModelPath = "pow.onnx", ModelBytes = model, ClassName = "PowModel", Namespace = "Neo.Tests.Operators" });
        var step = Assert.Single(built.Result.Plan!.Steps, s => s.Label == "Pow");
        Assert.Equal(kernel, step.Call);
        Assert.Equal(squared, built.Source.Contains("Kernels.Mul", StringComparison.Ordinal));

        var rng = new Random(3);
        float[] x = Enumerable.Range(0, N).Select(_ => (float)((rng.NextDouble() * 6) - 3)).ToArray();
        if (exponent != MathF.Floor(exponent))
        {
            x = x.Select(MathF.Abs).ToArray();
        }

        var y = new float[N];
        using INeoModel m = built.Create();
        m.Run(new Array[] { x }, new Array[] { y });
        Tolerance.AssertClose(y, x.Select(v => MathF.Pow(v, exponent)).ToArray(), 1e-6, $"Pow {exponent}");
    }
}
