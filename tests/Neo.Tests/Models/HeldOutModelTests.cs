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
/// CNNs not in ../shared, exported from torchvision architectures by tests/scripts/make_heldout.py
/// (run here when missing; needs Debian's python3-torch, python3-torchvision and python3-onnx), checked
/// against PyTorch's outputs.
/// </summary>
public sealed class HeldOutModelTests
{
    public static string Directory { get; } = Path.Combine(TestPaths.RepoRoot, "artifacts", "heldout");

    private static readonly string[] Names =
    {
        "resnet34", "squeezenet1_0", "mobilenet_v2_050", "mobilenet_v3_small", "efficientnet_b0", "regnet_y_400mf", "googlenet", "densenet121",
    };

    public static TheoryData<string, string> Cases
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (string name in Names)
            {
                data.Add(name, "default");
                data.Add(name, "none");
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesPyTorch(string name, string optimize)
    {
        ModelCase c = ModelCase.Load(Ensure(name));
        InMemoryModel built = InMemoryModel.Build(new CompileRequest { ModelPath = c.ModelPath, Shapes = c.Shapes, Optimize = optimize, ClassName = "Model", Namespace = "Neo.Tests.HeldOut" });
        using INeoModel model = built.Create();
        Array[] outputs = model.Signature.Outputs.Select(o => Array.CreateInstance(o.ElementType, o.Length)).ToArray();
        model.Run(c.Inputs.Select(i => i.Value.Data).ToArray(), outputs);
        Tolerance.AssertClose((float[])outputs[0], c.Outputs[0].Value.As<float>(), 1e-4, $"{name} ({optimize})");
    }

    /// <summary>The held-out case's folder, exported first if it is not there yet.</summary>
    public static string Ensure(string name)
    {
        string dir = Path.Combine(Directory, name);
        if (!File.Exists(Path.Combine(dir, "test_data_set_0", "output_0.pb")))
        {
            Export(name);
        }

        return dir;
    }

    private static void Export(string name)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3", $"\"{Path.Combine(TestPaths.RepoRoot, "tests", "scripts", "make_heldout.py")}\" \"{Directory}\" {name}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, "make_heldout.py failed (CI installs python3-torch, python3-torchvision, python3-onnx):\n" + output);
    }
}
