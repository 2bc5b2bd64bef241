using System;
using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Tests.Infrastructure;
using Xunit;

namespace Neo.Tests.Operators;

/// <summary>
/// LSTM, GRU and RNN in the configurations the conformance suite leaves out (reverse and bidirectional,
/// ragged sequence lengths, initial states, clip, input_forget, linear_before_reset, other activations),
/// checked against ONNX Runtime on seeded random weights.
/// </summary>
public sealed class RecurrentLayerTests
{
    private const int Seq = 5, Batch = 3, InputSize = 4, Hidden = 6;

    private static readonly Lazy<Dictionary<string, string?>> Results = OnnxRuntimeReference.CompareOnce(Cases);

    public static IEnumerable<object[]> Names() => OnnxRuntimeReference.Names(Cases());

    [Theory]
    [MemberData(nameof(Names))]
    public void MatchesOnnxRuntime(string name) => OnnxRuntimeReference.AssertMatches(Results, name);

    private static IEnumerable<ReferenceCase> Cases()
    {
        foreach (string direction in new[] { "forward", "reverse", "bidirectional" })
        {
            yield return Layer("LSTM", 4, "lstm_" + direction, direction, lengths: false, initial: false);
            yield return Layer("LSTM", 4, "lstm_" + direction + "_ragged_initial", direction, lengths: true, initial: true);
            yield return Layer("GRU", 3, "gru_" + direction, direction, lengths: false, initial: false);
            yield return Layer("GRU", 3, "gru_" + direction + "_ragged_initial", direction, lengths: true, initial: true);
            yield return Layer("GRU", 3, "gru_" + direction + "_linear_before_reset", direction, lengths: true, initial: true, extra: new (string, object)[] { ("linear_before_reset", 1L) });
            yield return Layer("RNN", 1, "rnn_" + direction + "_ragged_initial", direction, lengths: true, initial: true);
        }

        yield return Layer("LSTM", 4, "lstm_peepholes_clip_input_forget", "bidirectional", lengths: true, initial: true, peepholes: true,
            extra: new (string, object)[] { ("clip", 0.7f), ("input_forget", 1L) });
        yield return Layer("LSTM", 4, "lstm_activations", "forward", lengths: false, initial: true,
            extra: new (string, object)[] { ("activations", new[] { "HardSigmoid", "LeakyRelu", "Affine" }), ("activation_alpha", new[] { 0.3f, 0.05f, 0.8f }), ("activation_beta", new[] { 0.4f, 0.1f }) });
        yield return Layer("GRU", 3, "gru_activations_per_direction", "bidirectional", lengths: false, initial: false,
            extra: new (string, object)[] { ("activations", new[] { "Sigmoid", "Relu", "HardSigmoid", "ScaledTanh" }), ("activation_alpha", new[] { 0.25f, 0.9f }), ("activation_beta", new[] { 0.45f, 1.2f }) });
        yield return Layer("RNN", 1, "rnn_relu_bidirectional", "bidirectional", lengths: false, initial: false,
            extra: new (string, object)[] { ("activations", new[] { "Relu", "Tanh" }) });

        // One sequence with whole 16-column panels of gates: the recurrence runs as one row times the build-time
        // packed weights (four panels at a time, then single panels).
        yield return Layer("LSTM", 4, "lstm_one_row_packed", "bidirectional", lengths: false, initial: true, batch: 1, hidden: 20);
        yield return Layer("GRU", 3, "gru_one_row_packed", "bidirectional", lengths: false, initial: true, batch: 1, hidden: 16);
        yield return Layer("GRU", 3, "gru_one_row_linear_before_reset", "reverse", lengths: false, initial: true, batch: 1, hidden: 24,
            extra: new (string, object)[] { ("linear_before_reset", 1L) });
    }

    /// <summary>A recurrent layer with random weights; X and the initial states are inputs, every output is asked for.</summary>
    private static ReferenceCase Layer(string op, int gates, string name, string direction, bool lengths, bool initial, bool peepholes = false, (string, object)[]? extra = null, int batch = Batch, int hidden = Hidden)
    {
        var random = new Random(OnnxRuntimeReference.Seed(name));
        int dirs = direction == "bidirectional" ? 2 : 1;
        var b = new OnnxBuilder(14)
            .Input("X", DataType.Float32, Seq, batch, InputSize)
            .Initializer("W", OnnxRuntimeReference.Random(random, 0.5f, dirs, gates * hidden, InputSize))
            .Initializer("R", OnnxRuntimeReference.Random(random, 0.5f, dirs, gates * hidden, hidden))
            .Initializer("B", OnnxRuntimeReference.Random(random, 0.3f, dirs, 2 * gates * hidden));
        var inputs = new List<string> { "X", "W", "R", "B", lengths ? "lens" : "", initial ? "h0" : "" };
        var feeds = new List<(string, TensorData)> { ("X", OnnxRuntimeReference.Random(random, 1f, Seq, batch, InputSize)) };
        if (lengths)
        {
            b.Initializer("lens", new TensorData(DataType.Int32, new[] { batch }, new[] { Seq, 2, 4 }.Take(batch).ToArray()));
        }

        if (initial)
        {
            b.Input("h0", DataType.Float32, dirs, batch, hidden);
            feeds.Add(("h0", OnnxRuntimeReference.Random(random, 0.5f, dirs, batch, hidden)));
        }

        var outputs = new List<string> { "Y", "Y_h" };
        if (op == "LSTM")
        {
            inputs.Add(initial ? "c0" : "");
            if (initial)
            {
                b.Input("c0", DataType.Float32, dirs, batch, hidden);
                feeds.Add(("c0", OnnxRuntimeReference.Random(random, 0.5f, dirs, batch, hidden)));
            }

            if (peepholes)
            {
                inputs.Add("P");
                b.Initializer("P", OnnxRuntimeReference.Random(random, 0.5f, dirs, 3 * hidden));
            }

            outputs.Add("Y_c");
            b.Output("Y_c", DataType.Float32, dirs, batch, hidden);
        }

        var attributes = new List<(string, object)> { ("hidden_size", (long)hidden), ("direction", direction) };
        attributes.AddRange(extra ?? Array.Empty<(string, object)>());
        b.Node(op, inputs.ToArray(), outputs.ToArray(), op, attributes.ToArray())
            .Output("Y", DataType.Float32, Seq, dirs, batch, hidden)
            .Output("Y_h", DataType.Float32, dirs, batch, hidden);
        return new ReferenceCase(name, b.ToBytes(), feeds.ToArray());
    }
}
