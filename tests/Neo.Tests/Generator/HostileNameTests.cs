using System;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Options;
using Neo.Hosting;
using Neo.Runtime;
using Neo.Tests.Infrastructure;
using Xunit;

namespace Neo.Tests.Generator;

/// <summary>Names from a model reach C# only as sanitized identifiers or escaped literals.</summary>
public sealed class HostileNameTests
{
    private const string Injection = "x\"; System.Environment.Exit(1); //";
    private const string CommentEnd = "*/ y";
    private const string NewlineError = "z\n#error boom";
    private const string Keyword = "class";
    private const string LeadingDigit = "1st";
    private const string Unicode = "größe_名前";
    private const string Collides = "x__"; // Sanitizes like Injection's first word.

    [Fact]
    public void HostileNamesGiveValidCodeThatComputesTheGraph()
    {
        byte[] model = new OnnxBuilder()
            .Input(Injection, DataType.Float32, 2, 3)
            .Input(Collides, DataType.Float32, 2, 3)
            .Input(LeadingDigit, DataType.Float32, 2, 3)
            .Node("Relu", new[] { Injection }, new[] { NewlineError }, name: "node \"*/ #error")
            .Node("Add", new[] { NewlineError, Collides }, new[] { Keyword })
            .Node("Tanh", new[] { LeadingDigit }, new[] { Unicode })
            .Node("Sub", new[] { Collides, LeadingDigit }, new[] { CommentEnd })
            .Output(Keyword, DataType.Float32, 2, 3)
            .Output(Unicode, DataType.Float32, 2, 3)
            .Output(CommentEnd, DataType.Float32, 2, 3)
            .ToBytes();

        InMemoryModel built = InMemoryModel.Build(new CompileRequest { ModelPath = "hostile.onnx", ModelBytes = model, ClassName = "Hostile", Namespace = "Tests" });
        Assert.DoesNotContain("Environment.Exit", built.Source.Split('\n').Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal) && !l.Contains("\\u0022", StringComparison.Ordinal) && !l.Contains('"', StringComparison.Ordinal)));
        Assert.DoesNotContain("\n#error", built.Source, StringComparison.Ordinal);

        using INeoModel m = built.Create();
        Assert.Equal(new[] { Injection, Collides, LeadingDigit }, m.Signature.Inputs.Select(i => i.Name));
        Assert.Equal(new[] { Keyword, Unicode, CommentEnd }, m.Signature.Outputs.Select(i => i.Name));

        float[] a = { -1, 2, -3, 4, -5, 6 }, b = { 1, 1, 1, 1, 1, 1 }, c = { 0.5f, -0.5f, 1, -1, 2, -2 };
        var o1 = new float[6];
        var o2 = new float[6];
        var o3 = new float[6];
        m.Run(new Array[] { a, b, c }, new Array[] { o1, o2, o3 });
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(Math.Max(a[i], 0) + b[i], o1[i]);
            Assert.Equal(MathF.Tanh(c[i]), o2[i], 6);
            Assert.Equal(b[i] - c[i], o3[i]);
        }
    }
}
