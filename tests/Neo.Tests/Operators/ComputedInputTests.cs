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
/// Operators whose inputs are computed (arena tensors, passed to kernels as Span&lt;T&gt;) rather than graph
/// inputs or weights: the generated calls must still compile under C# 12, which cannot infer a type
/// parameter of a ReadOnlySpan&lt;T&gt; parameter from a Span&lt;T&gt; argument, and compute the right values.
/// The conformance suite feeds graph inputs straight to each operator, so it does not catch this.
/// </summary>
public sealed class ComputedInputTests
{
    [Fact]
    public void KernelsReadComputedTensors()
    {
        byte[] model = new OnnxBuilder(13)
            .Input("x", DataType.Float32, 2, 3, 4)
            .Initializer("zero", Array.Empty<int>(), new[] { 0f })
            .Initializer("axes", new[] { 1 }, new[] { 2L })
            .Initializer("depth", Array.Empty<int>(), new[] { 4L })
            .Initializer("onoff", new[] { 2 }, new[] { 0f, 1f })
            .Node("Neg", new[] { "x" }, new[] { "a" })
            .Node("Less", new[] { "a", "zero" }, new[] { "less" })
            .Node("IsNaN", new[] { "a" }, new[] { "nan" })
            .Node("ArgMax", new[] { "a" }, new[] { "am" }, null, ("axis", 2L), ("keepdims", 0L))
            .Node("Unsqueeze", new[] { "am", "axes" }, new[] { "idx" })
            .Node("GatherElements", new[] { "a", "idx" }, new[] { "max" }, null, ("axis", 2L))
            .Node("Cast", new[] { "a" }, new[] { "ints" }, null, ("to", (long)DataType.Int32))
            .Node("CastLike", new[] { "ints", "x" }, new[] { "truncated" })
            .Node("OneHot", new[] { "am", "depth", "onoff" }, new[] { "onehot" }, null, ("axis", -1L))
            .Node("Pow", new[] { "a", "ints" }, new[] { "power" })
            .Output("less", DataType.Bool, 2, 3, 4)
            .Output("nan", DataType.Bool, 2, 3, 4)
            .Output("max", DataType.Float32, 2, 3, 1)
            .Output("truncated", DataType.Float32, 2, 3, 4)
            .Output("onehot", DataType.Float32, 2, 3, 4)
            .Output("power", DataType.Float32, 2, 3, 4)
            .ToBytes();
        InMemoryModel built = InMemoryModel.Build(new CompileRequest { ModelPath = "computed.onnx", ModelBytes = model, ClassName = "Computed", Namespace = "Neo.Tests.Operators" });
        using INeoModel m = built.Create();

        var rng = new Random(5);
        float[] x = Enumerable.Range(0, 24).Select(_ => (float)((rng.NextDouble() * 6) - 3)).ToArray();
        Array[] outputs = m.Signature.Outputs.Select(o => Array.CreateInstance(o.ElementType, o.Length)).ToArray();
        m.Run(new Array[] { x }, outputs);
        bool[] less = (bool[])outputs[0], nan = (bool[])outputs[1];
        float[] max = (float[])outputs[2], truncated = (float[])outputs[3], onehot = (float[])outputs[4], power = (float[])outputs[5];
        for (int i = 0; i < 24; i++)
        {
            float a = -x[i];
            Assert.Equal(a < 0, less[i]);
            Assert.False(nan[i]);
            Assert.Equal(MathF.Truncate(a), truncated[i]);
            Assert.Equal(MathF.Pow(a, (int)a), power[i], 5);
        }

        for (int row = 0; row < 6; row++)
        {
            float[] a = x.Skip(row * 4).Take(4).Select(v => -v).ToArray();
            int arg = Array.IndexOf(a, a.Max());
            Assert.Equal(a.Max(), max[row]);
            for (int j = 0; j < 4; j++)
            {
                Assert.Equal(j == arg ? 1f : 0f, onehot[(row * 4) + j]);
            }
        }
    }
}
