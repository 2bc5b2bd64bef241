using System;
using System.IO;
using System.Linq;
using Neo.Compiler;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Options;
using Neo.Hosting;
using Neo.Runtime;
using Neo.Tests.Infrastructure;
using Xunit;

namespace Neo.Tests.Diagnostics;

/// <summary>Bad models and bad metadata give coded build errors; bad calls give ArgumentExceptions naming the input.</summary>
public sealed class BadInputTests
{
    private static string Mlp => Path.Combine(TestPaths.SharedModels, "mlp_tabular", "model.onnx");

    private static CompileResult Compile(CompileRequest r) => NeoCompiler.Compile(r);

    private static NeoDiagnostic Single(CompileResult r, string code)
    {
        Assert.False(r.Success);
        NeoDiagnostic d = Assert.Single(r.Diagnostics, x => x.Code == code);
        Assert.True(d.IsError);
        return d;
    }

    [Fact]
    public void MissingFile() =>
        Assert.Contains("nope.onnx", Single(Compile(new CompileRequest { ModelPath = "/definitely/not/here/nope.onnx" }), DiagnosticCodes.ModelNotFound).Message);

    [Fact]
    public void MalformedProtobuf()
    {
        var r = Compile(new CompileRequest { ModelPath = "junk.onnx", ModelBytes = new byte[] { 0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3 } });
        Single(r, DiagnosticCodes.MalformedModel);
        Assert.Equal("junk.onnx", r.Diagnostics[0].File);
    }

    [Fact]
    public void UnknownExtension() =>
        Single(Compile(new CompileRequest { ModelPath = "model.pt", ModelBytes = new byte[] { 1 } }), DiagnosticCodes.UnknownFormat);

    [Fact]
    public void EveryUnsupportedNodeIsListedAtOnce()
    {
        byte[] model = new OnnxBuilder()
            .Input("x", DataType.Float32, 2)
            .Node("FancyOp", new[] { "x" }, new[] { "y" }, name: "first")
            .Node("Relu", new[] { "y" }, new[] { "z" })
            .Node("OtherOp", new[] { "z" }, new[] { "w" }, name: "second")
            .Output("w", DataType.Float32, 2)
            .ToBytes();
        CompileResult r = Compile(new CompileRequest { ModelPath = "m.onnx", ModelBytes = model });
        var unsupported = r.Diagnostics.Where(d => d.Code == DiagnosticCodes.UnsupportedOperator).ToList();
        Assert.Equal(2, unsupported.Count);
        Assert.Contains(unsupported, d => d.Message.Contains("'first'", StringComparison.Ordinal) && d.Message.Contains("FancyOp", StringComparison.Ordinal));
        Assert.Contains(unsupported, d => d.Message.Contains("'second'", StringComparison.Ordinal) && d.Message.Contains("OtherOp", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("TargetDevice", "gpu9000", DiagnosticCodes.UnknownTargetDevice)]
    [InlineData("Optimize", "max", DiagnosticCodes.UnknownOptimize)]
    [InlineData("Threads", "-2", DiagnosticCodes.InvalidThreads)]
    [InlineData("ClassName", "2Bad", DiagnosticCodes.InvalidClassName)]
    [InlineData("Namespace", "My App", DiagnosticCodes.InvalidNamespace)]
    [InlineData("Shapes", "features=4xx20", DiagnosticCodes.InvalidShapes)]
    [InlineData("Shapes", "nosuchinput=4x20", DiagnosticCodes.ShapesUnknownInput)]
    [InlineData("Shapes", "features=4x20x3", DiagnosticCodes.InvalidShapes)]
    public void UnknownMetadataValuesAreCodedErrors(string metadata, string value, string code)
    {
        var request = new CompileRequest { ModelPath = Mlp };
        typeof(CompileRequest).GetProperty(metadata)!.SetValue(request, value);
        NeoDiagnostic d = Single(Compile(request), code);
        Assert.Contains(metadata == "Shapes" ? "Shapes" : metadata, d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnsetSymbolicDimWarnsAndBecomesOne()
    {
        CompileResult r = Compile(new CompileRequest { ModelPath = Mlp });
        Assert.True(r.Success);
        NeoDiagnostic w = Assert.Single(r.Diagnostics, d => d.Code == DiagnosticCodes.SymbolicDimDefaulted);
        Assert.Contains("'features'", w.Message, StringComparison.Ordinal);
        Assert.Contains("'batch'", w.Message, StringComparison.Ordinal);
        Assert.Contains("tensor t0 input float32 [1,20]", r.PlanText!, StringComparison.Ordinal);
    }

    [Fact]
    public void BareShapeForSingleInput()
    {
        CompileResult r = Compile(new CompileRequest { ModelPath = Mlp, Shapes = "3x20" });
        Assert.True(r.Success, string.Join("\n", r.Diagnostics));
        Assert.Contains("[3,20]", r.PlanText!, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongInputLengthOrTypeNamesTheInput()
    {
        InMemoryModel built = InMemoryModel.Build(new CompileRequest { ModelPath = Mlp, Shapes = "features=4x20", ClassName = "Mlp", Namespace = "Tests" });
        using INeoModel m = built.Create();
        var ex = Assert.Throws<ArgumentException>(() => m.Run(new Array[] { new float[79] }, new Array[] { new float[12] }));
        Assert.Contains("'features'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[4,20]", ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<ArgumentException>(() => m.Run(new Array[] { new double[80] }, new Array[] { new float[12] }));
        Assert.Contains("'features'", ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<ArgumentException>(() => m.Run(new Array[] { new int[80] }, new Array[] { new float[12] }));
        Assert.Contains("Single[]", ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<ArgumentException>(() => m.Run(new Array[] { new float[80] }, new Array[] { new float[11] }));
        Assert.Contains("'probabilities'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DisposeIsIdempotentAndDisposedModelsThrow()
    {
        InMemoryModel built = InMemoryModel.Build(new CompileRequest { ModelPath = Mlp, Shapes = "features=4x20", ClassName = "Mlp", Namespace = "Tests" });
        INeoModel m = built.Create();
        m.Dispose();
        m.Dispose();
        Assert.Throws<ObjectDisposedException>(() => m.Run(new Array[] { new float[80] }, new Array[] { new float[12] }));
    }
}
