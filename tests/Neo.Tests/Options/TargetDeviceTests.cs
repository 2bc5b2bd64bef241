using System.IO;
using System.Linq;
using Neo.Compiler;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.Options;
using Neo.Tests.Infrastructure;
using Xunit;

namespace Neo.Tests.Options;

public sealed class TargetDeviceTests
{
    private static string Mlp => Path.Combine(TestPaths.SharedModels, "mlp_tabular", "model.onnx");

    [Theory]
    [InlineData("", "", "portable")]
    [InlineData("", "linux-arm64", "arm64")]
    [InlineData("", "osx-arm64", "arm64")]
    [InlineData("", "win-x64", "x64")]
    [InlineData("", "linux-musl-x64", "x64")]
    [InlineData("", "browser-wasm", "portable")]
    [InlineData("rasp4b", "linux-arm64", "rasp4b")]
    [InlineData("ML_C5", "", "ml_c5")]
    public void DeviceFollowsMetadataThenRuntimeIdentifier(string device, string rid, string expected)
    {
        CompileResult r = NeoCompiler.Compile(new CompileRequest { ModelPath = Mlp, Shapes = "features=1x20", TargetDevice = device, RuntimeIdentifier = rid });
        Assert.True(r.Success, string.Join("\n", r.Diagnostics));
        Assert.Equal(expected, r.Plan!.TargetDevice);
        Assert.DoesNotContain(r.Diagnostics, d => d.Code == DiagnosticCodes.RuntimeIdentifierMismatch);
    }

    [Theory]
    [InlineData("rasp4b", "linux-x64")]
    [InlineData("x64-avx512", "linux-arm64")]
    [InlineData("ml_c6g", "win-x64")]
    public void ContradictingRuntimeIdentifierWarns(string device, string rid)
    {
        CompileResult r = NeoCompiler.Compile(new CompileRequest { ModelPath = Mlp, Shapes = "features=1x20", TargetDevice = device, RuntimeIdentifier = rid });
        Assert.True(r.Success);
        NeoDiagnostic w = Assert.Single(r.Diagnostics, d => d.Code == DiagnosticCodes.RuntimeIdentifierMismatch);
        Assert.Equal(DiagnosticSeverity.Warning, w.Severity);
        Assert.Contains(rid, w.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void ReadmeListsEveryDevice()
    {
        string readme = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "README.md"));
        foreach (TargetDevice d in TargetDevice.All)
        {
            Assert.Contains($"| `{d.Name}` |", readme, System.StringComparison.Ordinal);
        }
    }
}
