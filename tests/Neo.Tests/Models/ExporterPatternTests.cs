using System.IO;
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

    public static TheoryData<string, string> Cases => ScriptedCases.AtBothLevels(Names);

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesOnnxRuntime(string name, string optimize) => ScriptedCases.AssertMatchesOnnxRuntime(Ensure(name), optimize, "Neo.Tests.ExporterPatterns", _log);

    /// <summary>The case's folder, made first by tests/scripts/make_exporter_patterns.py if it is not there yet.</summary>
    public static string Ensure(string name) => ScriptedCases.Ensure(Directory, "make_exporter_patterns.py", name, "python3-onnx");
}
