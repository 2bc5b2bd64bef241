using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Options;
using Neo.Hosting;
using Neo.Runtime;
using Neo.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Neo.Tests.Models;

/// <summary>
/// Small real-world architectures exported by PyTorch the way users export them, with dynamic axes fixed
/// through Shapes (tests/scripts/make_real_models.py, run here when missing; needs Debian's python3-torch
/// and python3-onnx): a GRU text classifier over packed sequences, a 2-layer LSTM decoder from given
/// states, a CRNN OCR recognizer, a DBNet-like text detector, a log-mel audio classifier, a voice-activity
/// detector whose branch is an ONNX If (one input set per branch), and a transformer decoder layer with a
/// causal mask. Every output of every input set matches ONNX Runtime on the same inputs within 1e-4 of its
/// largest value, with and without optimization.
/// </summary>
public sealed class RealModelTests
{
    public static string Directory { get; } = Path.Combine(TestPaths.RepoRoot, "artifacts", "real");

    private static readonly string[] Names =
    {
        "gru_classifier", "lstm_decoder", "crnn_ocr", "dbnet_detector", "logmel_audio", "vad_if", "transformer_decoder",
    };

    private readonly ITestOutputHelper _log;

    public RealModelTests(ITestOutputHelper log) => _log = log;

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
    public void MatchesOnnxRuntime(string name, string optimize)
    {
        string dir = Ensure(name);
        ModelCase first = ModelCase.Load(dir);
        InMemoryModel built = InMemoryModel.Build(new CompileRequest { ModelPath = first.ModelPath, Shapes = first.Shapes, Optimize = optimize, ClassName = "Model", Namespace = "Neo.Tests.Real" });
        using INeoModel model = built.Create();
        byte[] onnx = File.ReadAllBytes(first.ModelPath);
        string[] sets = System.IO.Directory.GetDirectories(dir, "test_data_set_*").Select(Path.GetFileName).OrderBy(s => s, StringComparer.Ordinal).ToArray()!;
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
                    _log.WriteLine($"{what}: relative error {Tolerance.RelativeError((float[])outputs[k], w):E2}");
                }
            }
        }
    }

    /// <summary>The case's folder, exported first if it is not there yet.</summary>
    public static string Ensure(string name)
    {
        string dir = Path.Combine(Directory, name);
        lock (typeof(RealModelTests))
        {
            if (!File.Exists(Path.Combine(dir, "case.json")))
            {
                Export(name);
            }
        }

        return dir;
    }

    private static void Export(string name)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3", $"\"{Path.Combine(TestPaths.RepoRoot, "tests", "scripts", "make_real_models.py")}\" \"{Directory}\" {name}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process p = Process.Start(psi)!;
        // Both streams read at once: PyTorch's export warnings can fill the stderr pipe.
        System.Threading.Tasks.Task<string> errors = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd() + errors.Result;
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, "make_real_models.py failed (CI installs python3-torch and python3-onnx):\n" + output);
    }
}
