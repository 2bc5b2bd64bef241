using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Neo.Compiler.Options;
using Neo.Hosting;
using Neo.Runtime;
using Neo.Tests.Infrastructure;
using Xunit;

namespace Neo.Tests.Models;

/// <summary>
/// Small transformers exported by PyTorch (tests/scripts/make_transformers.py, run here when missing; needs
/// Debian's python3-torch and python3-onnx): an encoder with a padding mask, a GPT-style block with a causal
/// mask, and pooling heads over Reduce*, TopK, ArgMax and CumSum. Each matches PyTorch within 1e-4 of its
/// largest output, with and without optimization.
/// </summary>
public sealed class TransformerModelTests
{
    public static string Directory { get; } = Path.Combine(TestPaths.RepoRoot, "artifacts", "transformers");

    public static TheoryData<string, string> Cases => new()
    {
        { "transformer_encoder", "default" },
        { "transformer_encoder", "none" },
        { "gpt_block", "default" },
        { "gpt_block", "none" },
        { "pooling_heads", "default" },
        { "pooling_heads", "none" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesPyTorch(string name, string optimize)
    {
        string dir = Path.Combine(Directory, name);
        lock (typeof(TransformerModelTests))
        {
            if (!File.Exists(Path.Combine(dir, "test_data_set_0", "output_0.pb")))
            {
                Export(name);
            }
        }

        ModelCase c = ModelCase.Load(dir);
        InMemoryModel built = InMemoryModel.Build(new CompileRequest { ModelPath = c.ModelPath, Shapes = c.Shapes, Optimize = optimize, ClassName = "Model", Namespace = "Neo.Tests.Transformers" });
        using INeoModel model = built.Create();
        Array[] outputs = model.Signature.Outputs.Select(o => Array.CreateInstance(o.ElementType, o.Length)).ToArray();
        model.Run(c.Inputs.Select(i => i.Value.Data).ToArray(), outputs);
        Tolerance.AssertClose((float[])outputs[0], c.Outputs[0].Value.As<float>(), 1e-4, $"{name} ({optimize})");
    }

    private static void Export(string name)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3", $"\"{Path.Combine(TestPaths.RepoRoot, "tests", "scripts", "make_transformers.py")}\" \"{Directory}\" {name}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, "make_transformers.py failed (CI installs python3-torch and python3-onnx):\n" + output);
    }
}
