using System;
using System.IO;
using Neo.Compiler;
using Neo.Compiler.Options;
using Neo.Hosting;
using Neo.Tests.Infrastructure;
using Xunit;

namespace Neo.Tests.Generator;

/// <summary>
/// Pins the generated code of a small model. When generation changes on purpose, run the tests with
/// NEO_UPDATE_BASELINES=1 and review the diff of tests/Neo.Tests/Baselines.
/// </summary>
public sealed class GeneratorBaselineTests
{
    [Fact]
    public void DigitsClassMatchesBaseline()
    {
        CompileResult result = NeoCompiler.Compile(new CompileRequest
        {
            ModelPath = Path.Combine(TestPaths.RepoRoot, "samples", "DigitClassifier", "digits.onnx"),
            ClassName = "Digits",
            Namespace = "MyApp.Models",
            TargetDevice = "x64",
            Shapes = "pixels=1x1x8x8",
        });
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        (string source, var errors) = InMemoryModel.Generate("obj/neo/Digits.neoplan", result.PlanText!);
        Assert.Empty(errors);
        Baseline.Check("Digits.g.cs", source);
        Baseline.Check("Digits.neoplan", result.PlanText!);
    }
}

/// <summary>Compares text with a committed baseline file.</summary>
public static class Baseline
{
    public static void Check(string name, string actual)
    {
        string path = Path.Combine(TestPaths.RepoRoot, "tests", "Neo.Tests", "Baselines", name + ".txt");
        actual = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (Environment.GetEnvironmentVariable("NEO_UPDATE_BASELINES") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"No baseline {path}; run with NEO_UPDATE_BASELINES=1 to create it.");
        string expected = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (expected != actual)
        {
            File.WriteAllText(path + ".received", actual);
            Assert.Fail($"Generated text differs from {path}; the new text is in {path}.received. If the change is intended, run the tests with NEO_UPDATE_BASELINES=1.");
        }
    }
}
