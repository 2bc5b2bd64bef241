using System.IO;
using Neo.Compiler;
using Neo.Compiler.Options;
using Neo.Hosting;
using Neo.Tests.Infrastructure;
using Xunit;

namespace Neo.Tests.Generator;

/// <summary>The same model and metadata give byte-identical plans, weights and sources, wherever the model lies.</summary>
public sealed class ReproducibilityTests
{
    [Fact]
    public void SameInputsGiveIdenticalOutputsFromDifferentFolders()
    {
        string a = DotnetCli.TempDirectory("neo-repro-a");
        string b = DotnetCli.TempDirectory("neo-repro-b");
        try
        {
            string source = Path.Combine(TestPaths.SharedModels, "squeezenet1_1", "model.onnx");
            File.Copy(source, Path.Combine(a, "net.onnx"));
            File.Copy(source, Path.Combine(b, "net.onnx"));
            CompileResult ra = NeoCompiler.Compile(new CompileRequest { ModelPath = Path.Combine(a, "net.onnx"), Namespace = "App" });
            CompileResult rb = NeoCompiler.Compile(new CompileRequest { ModelPath = Path.Combine(b, "net.onnx"), Namespace = "App" });
            Assert.True(ra.Success && rb.Success);
            Assert.Equal(ra.PlanText, rb.PlanText);
            Assert.Equal(ra.Weights, rb.Weights);
            Assert.Equal(InMemoryModel.Generate("x/Net.neoplan", ra.PlanText!).Source, InMemoryModel.Generate("y/Net.neoplan", rb.PlanText!).Source);
            Assert.DoesNotContain(a, ra.PlanText!, System.StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(a, true);
            Directory.Delete(b, true);
        }
    }
}
