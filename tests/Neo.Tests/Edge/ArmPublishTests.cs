using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Neo.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Neo.Tests.Edge;

/// <summary>
/// Edge deployment as a user does it from an x64 machine: `dotnet publish -r linux-arm64`, self-contained
/// (trimmed) and NativeAOT (cross-linked with the toolchain Neo.Build.targets configures), each run under
/// qemu-aarch64-static. The publishes must be free of trim and AOT warnings, the arm64 kernels must take the
/// NEON path, and the results must be the x64 build's (DigitClassifier) or the stored reference
/// (MobileNetV2 and the LSTM classifier, through tests/Edge/NeoModelApp). One class, so the two publishing tests never run at once.
/// </summary>
public sealed class ArmPublishTests
{
    private const double FloatTolerance = 1e-4;

    /// <summary>What a NativeAOT binary may carry beyond its embedded weights: runtime, kernels and generated code.</summary>
    private const long CodeBudgetBytes = 4L << 20;

    private static readonly Regex Diagnostic = new(@"\b(warning|error) [A-Z]{2,}\d{3,}", RegexOptions.Compiled);

    private static readonly Regex AccuracyLine = new(@"^Accuracy: [0-9.]+% \((\d+)/(\d+)\)\s*$", RegexOptions.Compiled | RegexOptions.Multiline);

    private readonly ITestOutputHelper _log;

    public ArmPublishTests(ITestOutputHelper log) => _log = log;

    [Fact]
    public void DigitClassifierPublishedForLinuxArm64PrintsTheX64AccuracyUnderQemuWithNeon()
    {
        string sample = Path.Combine(TestPaths.RepoRoot, "samples", "DigitClassifier");
        (int exit, string log) = DotnetCli.Run(sample, "build -c Release");
        Assert.True(exit == 0, log);
        (exit, string x64) = DotnetCli.Run(sample, Path.Combine("bin", "Release", "net10.0", "DigitClassifier.dll"));
        Assert.True(exit == 0, x64);
        string expected = Accuracy(x64);
        Match m = AccuracyLine.Match(expected);
        Assert.True(int.Parse(m.Groups[1].Value) * 10 >= int.Parse(m.Groups[2].Value) * 9, $"the x64 build itself is wrong: {expected}");

        string root = DotnetCli.TempDirectory("neo-edge-digits");
        try
        {
            foreach ((string kind, string switches) in PublishKinds)
            {
                string output = Path.Combine(root, kind);
                Publish(sample, $"{switches} -o \"{output}\"", kind);
                string binary = Path.Combine(output, "DigitClassifier");
                Assert.True(QemuArm64.IsArm64Elf(binary), $"{kind}: {binary} is not an arm64 ELF executable");
                Assert.True(File.Exists(Path.Combine(output, "digits_test.csv")), $"{kind}: the test data was not published");

                (exit, string arm) = QemuArm64.Run(binary, "");
                _log.WriteLine($"{kind} under qemu:\n{arm}");
                Assert.True(exit == 0, $"{kind} under qemu exited with {exit}:\n{arm}");
                Assert.Equal(expected, Accuracy(arm));
                Assert.Contains("Vector path: NEON", arm, StringComparison.Ordinal);
            }
        }
        finally
        {
            DeleteQuietly(root);
        }
    }

    [Fact]
    public void MobileNetV2ConsumerPublishedForLinuxArm64MatchesTheReferenceUnderQemuWithinTheCodeBudget() =>
        PublishModelAppAndCompare("mobilenet_v2", PublishKinds);

    /// <summary>The recurrent kernels' NEON paths (four dot products per pass, vector gates) with an int64 input.</summary>
    [Fact]
    public void LstmClassifierPublishedForLinuxArm64MatchesTheReferenceUnderQemu() =>
        PublishModelAppAndCompare("lstm_text", PublishKinds.Take(1).ToArray());

    private void PublishModelAppAndCompare(string model, (string Kind, string Switches)[] kinds)
    {
        ModelCase mc = ModelCase.Load(Path.Combine(TestPaths.SharedModels, model));
        Assert.Single(mc.Inputs);
        string app = Path.Combine(TestPaths.RepoRoot, "tests", "Edge", "NeoModelApp");
        string root = DotnetCli.TempDirectory("neo-edge-" + model.Replace('_', '-'));
        try
        {
            foreach ((string kind, string switches) in kinds)
            {
                string output = Path.Combine(root, kind);
                string data = Path.Combine(root, kind + "-data");
                Directory.CreateDirectory(data);
                File.WriteAllBytes(Path.Combine(data, "input_0.bin"), mc.Inputs[0].Value.Bytes.ToArray());

                // A semicolon would split the property on the command line: %3B is MSBuild's escape for it.
                Publish(app, $"{switches} -p:EdgeModel=\"{mc.ModelPath}\" -p:EdgeShapes=\"{mc.Shapes.Replace(";", "%3B", StringComparison.Ordinal)}\" -o \"{output}\"", kind);
                string binary = Path.Combine(output, "NeoModelApp");
                Assert.True(QemuArm64.IsArm64Elf(binary), $"{kind}: {binary} is not an arm64 ELF executable");
                if (kind == "nativeaot")
                {
                    long weights = new FileInfo(Path.Combine(app, "obj", "Release", "net10.0", "linux-arm64", "neo", "Model.neoweights")).Length;
                    long binaryBytes = new FileInfo(binary).Length;
                    _log.WriteLine($"NativeAOT arm64: binary {binaryBytes} bytes, weights {weights} bytes, beyond the weights {binaryBytes - weights} bytes");
                    Assert.True(binaryBytes > weights, "the weights are not inside the NativeAOT binary");
                    Assert.True(binaryBytes - weights <= CodeBudgetBytes,
                        $"the NativeAOT arm64 binary carries {binaryBytes - weights} bytes beyond its {weights} bytes of weights (budget {CodeBudgetBytes})");
                }

                (int exit, string arm) = QemuArm64.Run(binary, $"\"{data}\"");
                _log.WriteLine($"{kind} under qemu:\n{arm}");
                Assert.True(exit == 0, $"{kind} under qemu exited with {exit}:\n{arm}");
                Assert.Contains("Vector path: NEON", arm, StringComparison.Ordinal);
                float[] got = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(Path.Combine(data, "output_0.bin"))).ToArray();
                Tolerance.AssertClose(got, mc.Outputs[0].Value.As<float>(), FloatTolerance, $"{model} {kind} linux-arm64 output 0");
            }
        }
        finally
        {
            DeleteQuietly(root);
        }
    }

    /// <summary>The two ways to ship to linux-arm64 from an x64 machine (README, "Edge devices").</summary>
    private static (string Kind, string Switches)[] PublishKinds =>
        new[]
        {
            ("self-contained", "-r linux-arm64 --self-contained -p:PublishTrimmed=true"),
            ("nativeaot", "-r linux-arm64 -p:PublishAot=true"),
        };

    private void Publish(string project, string switches, string kind)
    {
        (int exit, string log) = DotnetCli.Run(project, $"publish -c Release {switches}");
        _log.WriteLine($"publish {kind}:\n{log}");
        Assert.True(exit == 0, log);
        string[] diagnostics = Diagnostic.Matches(log).Select(d => d.Value).Distinct().ToArray();
        Assert.True(diagnostics.Length == 0, $"{kind} publish reported {string.Join(", ", diagnostics)}:\n{log}");
        if (kind == "nativeaot")
        {
            Assert.Contains("Neo: NativeAOT for linux-arm64 with the cross toolchain", log, StringComparison.Ordinal);
            Assert.Contains("Generating native code", log, StringComparison.Ordinal);
        }
    }

    private static string Accuracy(string output)
    {
        Match m = AccuracyLine.Match(output);
        Assert.True(m.Success, "no accuracy line in:\n" + output);
        return m.Value.Trim();
    }

    private static void DeleteQuietly(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
