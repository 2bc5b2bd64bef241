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
/// Graphs written the way tf2onnx and paddle2onnx spell Keras and Paddle layers (tests/scripts/make_exporter_patterns.py,
/// run here when missing; needs Debian's python3-onnx). They are imitations, not exporter outputs: TensorFlow,
/// tf2onnx and Paddle cannot be installed on the build machines. tf2onnx style (opset 13): an NHWC
/// MobileNet-like CNN (Transposes around Conv, Relu6 as Clip, depthwise Conv, auto_pad SAME_UPPER, Flatten as a
/// Reshape fed by Shape), a Keras LSTM + GRU text classifier on int32 ids with mask-derived sequence lengths and
/// zero states from ConstantOfShape, a MultiHeadAttention encoder block with Einsum projections, a padding mask
/// and spelt-out LayerNormalization, a Conv1D + Bidirectional LSTM tagger (Split/Squeeze/Concat of directions),
/// a SimpleRNN left as a Loop over a Shape-derived trip count. paddle2onnx style (opset 11): a CRNN recognizer
/// (bidirectional LSTM, Reshape with 0 dims), a DB text detector (HardSwish as HardSigmoid times x, nearest
/// Resize with scales, ConvTranspose) and an MLP. Every output matches ONNX Runtime on the same inputs within
/// 1e-4 of its largest value, with and without optimization.
/// </summary>
public sealed class ExporterPatternTests
{
    public static string Directory { get; } = Path.Combine(TestPaths.RepoRoot, "artifacts", "exporter_patterns");

    private static readonly string[] Names = { "tf_cnn_nhwc", "tf_rnn_text", "tf_transformer_encoder", "tf_conv1d_bilstm", "tf_rnn_loop", "paddle_crnn", "paddle_dbnet", "paddle_mlp" };

    private readonly ITestOutputHelper _log;

    public ExporterPatternTests(ITestOutputHelper log) => _log = log;

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
        ModelCase c = ModelCase.Load(dir);
        InMemoryModel built = InMemoryModel.Build(new CompileRequest { ModelPath = c.ModelPath, Shapes = c.Shapes, Optimize = optimize, ClassName = "Model", Namespace = "Neo.Tests.ExporterPatterns" });
        using INeoModel model = built.Create();
        Array[] inputs = model.Signature.Inputs.Select(info => c.Inputs.Single(i => i.Name == info.Name).Value.Data).ToArray();
        Array[] outputs = model.Signature.Outputs.Select(o => Array.CreateInstance(o.ElementType, o.Length)).ToArray();
        model.Run(inputs, outputs);

        IReadOnlyDictionary<string, (Array Data, int[] Shape)> expected = OnnxRuntimeReference.Run(File.ReadAllBytes(c.ModelPath), c.Inputs);
        Assert.Equal(expected.Count, outputs.Length);
        for (int k = 0; k < outputs.Length; k++)
        {
            TensorInfo info = model.Signature.Outputs[k];
            (Array want, int[] shape) = expected[info.Name];
            string what = $"{name} ({optimize}) output '{info.Name}'";
            Assert.True(shape.SequenceEqual(info.Shape), $"{what} has shape {Shapes.Format(info.Shape)}, ONNX Runtime {Shapes.Format(shape)}");
            string? diff = OnnxRuntimeReference.Difference(outputs[k], want);
            Assert.True(diff is null, $"{what}: {diff}");
            if (want is float[] w)
            {
                _log.WriteLine($"{what}: relative error {Tolerance.RelativeError((float[])outputs[k], w):E2}, values in [{w.Min():G4}, {w.Max():G4}], first {string.Join(" ", w.Take(6).Select(v => v.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)))}");
            }
        }
    }

    /// <summary>The case's folder, built first if it is not there yet.</summary>
    public static string Ensure(string name)
    {
        string dir = Path.Combine(Directory, name);
        lock (typeof(ExporterPatternTests))
        {
            if (!File.Exists(Path.Combine(dir, "case.json")))
            {
                var psi = new ProcessStartInfo("/usr/bin/python3", $"\"{Path.Combine(TestPaths.RepoRoot, "tests", "scripts", "make_exporter_patterns.py")}\" \"{Directory}\" {name}")
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                };
                using Process p = Process.Start(psi)!;
                System.Threading.Tasks.Task<string> errors = p.StandardError.ReadToEndAsync();
                string output = p.StandardOutput.ReadToEnd() + errors.Result;
                p.WaitForExit();
                Assert.True(p.ExitCode == 0, "make_exporter_patterns.py failed (CI installs python3-onnx):\n" + output);
            }
        }

        return dir;
    }
}
