using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Options;
using Neo.Hosting;
using Neo.Runtime;
using Xunit;
using Xunit.Abstractions;

namespace Neo.Tests.Infrastructure;

/// <summary>
/// Model cases a Python script in tests/scripts makes on first use (under artifacts/), compiled by Neo and
/// compared with ONNX Runtime on every stored input set.
/// </summary>
public static class ScriptedCases
{
    private static readonly object ExportLock = new();

    /// <summary>Each case at both Optimize levels.</summary>
    public static TheoryData<string, string> AtBothLevels(IEnumerable<string> names)
    {
        var data = new TheoryData<string, string>();
        foreach (string name in names)
        {
            data.Add(name, "default");
            data.Add(name, "none");
        }

        return data;
    }

    /// <summary>The case's folder under <paramref name="directory"/>, made first by <paramref name="script"/> if it is not there yet.</summary>
    public static string Ensure(string directory, string script, string name, string packages)
    {
        string dir = Path.Combine(directory, name);
        lock (ExportLock)
        {
            if (!File.Exists(Path.Combine(dir, "case.json")))
            {
                var psi = new ProcessStartInfo("/usr/bin/python3", $"\"{Path.Combine(TestPaths.RepoRoot, "tests", "scripts", script)}\" \"{directory}\" {name}")
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                };
                using Process p = Process.Start(psi)!;
                // Both streams read at once: exporters' warnings can fill the stderr pipe.
                System.Threading.Tasks.Task<string> errors = p.StandardError.ReadToEndAsync();
                string output = p.StandardOutput.ReadToEnd() + errors.Result;
                p.WaitForExit();
                Assert.True(p.ExitCode == 0, $"{script} failed (CI installs {packages}):\n" + output);
            }
        }

        return dir;
    }

    /// <summary>Compiles the case in <paramref name="dir"/> and checks every output of every input set against ONNX Runtime (shapes exact, values within 1e-4 of the largest).</summary>
    public static void AssertMatchesOnnxRuntime(string dir, string optimize, string ns, ITestOutputHelper log)
    {
        string name = Path.GetFileName(dir);
        ModelCase first = ModelCase.Load(dir);
        InMemoryModel built = InMemoryModel.Build(new CompileRequest { ModelPath = first.ModelPath, Shapes = first.Shapes, Optimize = optimize, ClassName = "Model", Namespace = ns });
        using INeoModel model = built.Create();
        byte[] onnx = File.ReadAllBytes(first.ModelPath);
        string[] sets = Directory.GetDirectories(dir, "test_data_set_*").Select(Path.GetFileName).OrderBy(s => s, StringComparer.Ordinal).ToArray()!;
        Assert.NotEmpty(sets);
        foreach (string set in sets)
        {
            ModelCase c = ModelCase.Load(dir, set);
            Array[] inputs = model.Signature.Inputs.Select(info => c.Inputs.Single(i => i.Name == info.Name).Value.Data).ToArray();
            Array[] outputs = model.Signature.Outputs.Select(o => Array.CreateInstance(o.ElementType, o.Length)).ToArray();
            model.Run(inputs, outputs);

            IReadOnlyDictionary<string, (Array Data, int[] Shape)> expected = OnnxRuntimeReference.Run(onnx, c.Inputs);
            Assert.Equal(expected.Count, outputs.Length);
            for (int k = 0; k < outputs.Length; k++)
            {
                TensorInfo info = model.Signature.Outputs[k];
                (Array want, int[] shape) = expected[info.Name];
                string what = $"{name} ({optimize}) {set} output '{info.Name}'";
                Assert.True(shape.SequenceEqual(info.Shape), $"{what} has shape {Shapes.Format(info.Shape)}, ONNX Runtime {Shapes.Format(shape)}");
                string? diff = OnnxRuntimeReference.Difference(outputs[k], want);
                Assert.True(diff is null, $"{what}: {diff}");
                if (want is float[] w)
                {
                    log.WriteLine($"{what}: relative error {Tolerance.RelativeError((float[])outputs[k], w):E2}, values in [{w.Min():G4}, {w.Max():G4}]");
                }
            }
        }
    }
}
