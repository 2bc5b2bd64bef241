using System.IO;
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

    public static TheoryData<string, string> Cases => ScriptedCases.AtBothLevels(Names);

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesOnnxRuntime(string name, string optimize) => ScriptedCases.AssertMatchesOnnxRuntime(Ensure(name), optimize, "Neo.Tests.Real", _log);

    /// <summary>The case's folder, made first by tests/scripts/make_real_models.py if it is not there yet.</summary>
    public static string Ensure(string name) => ScriptedCases.Ensure(Directory, "make_real_models.py", name, "python3-torch and python3-onnx");
}
