using System;
using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Recurrent;

/// <summary>
/// What LSTM, GRU and RNN share: the inputs X, W, R, B, sequence_lens, initial_h; direction, layout,
/// hidden_size, clip; the activation list (one set per direction, with activation_alpha and
/// activation_beta consumed in order by the activations that take them); and lowering to one kernel
/// call per direction.
/// </summary>
public abstract class RecurrentLayer : Operator
{
    public override OpKind Kind => OpKind.Opaque;

    public override string Notes => "forward, reverse, bidirectional; initial states; sequence_lens; layout; activations; clip";

    /// <summary>Gates per direction: 4 (LSTM), 3 (GRU), 1 (RNN).</summary>
    protected abstract int Gates { get; }

    /// <summary>The default activations of one direction.</summary>
    protected abstract string[] DefaultActivations { get; }

    /// <summary>The outputs that carry a state: Y_h, and Y_c for LSTM.</summary>
    protected abstract int StateOutputs { get; }

    protected sealed record Dims(int Sequence, int Batch, int Input, int Hidden, int Directions, bool BatchFirst);

    protected Dims Check(Node node)
    {
        for (int i = 0; i < node.Inputs.Count; i++)
        {
            if (node.Input(i) is not null)
            {
                RequireType(node, i, i == 4 ? new[] { DataType.Int32 } : new[] { DataType.Float32 });
            }
        }

        int[] x = ShapeOf(node.RequireInput(0)), w = ShapeOf(node.RequireInput(1)), r = ShapeOf(node.RequireInput(2));
        bool batchFirst = node.GetInt("layout", 0) != 0;
        int directions = Directions(node);
        if (x.Length != 3 || w.Length != 3 || r.Length != 3)
        {
            throw Invalid(node, $"has X {Shapes.Format(x)}, W {Shapes.Format(w)} and R {Shapes.Format(r)}; all must have rank 3.");
        }

        int hidden = node.HasAttribute("hidden_size") ? checked((int)node.Require("hidden_size").Int) : r[2];
        int seq = batchFirst ? x[1] : x[0], batch = batchFirst ? x[0] : x[1];
        bool projected = IsProjected(node);
        int inputSize = projected ? w[2] : x[2];
        if (projected && x[2] != directions * Gates * hidden)
        {
            throw Mismatch(node, $"reads a projected input of width {x[2]}; it must be {directions * Gates * hidden} (directions x gates x hidden).");
        }

        var dims = new Dims(seq, batch, inputSize, hidden, directions, batchFirst);
        Expect(node, 1, new[] { directions, Gates * hidden, inputSize });
        Expect(node, 2, new[] { directions, Gates * hidden, hidden });
        Expect(node, 3, new[] { directions, 2 * Gates * hidden });
        Expect(node, 4, new[] { batch });
        int[] state = batchFirst ? new[] { batch, directions, hidden } : new[] { directions, batch, hidden };
        Expect(node, 5, state);
        CheckExtraInputs(node, dims, state);
        if (node.Input(4)?.Constant is { } lengths && Enumerable.Range(0, lengths.Length).Any(i => lengths.GetInt64(i) < 0 || lengths.GetInt64(i) > seq))
        {
            throw Invalid(node, $"has sequence lengths outside [0, {seq}].");
        }

        _ = Activations(node);
        return dims;
    }

    /// <summary>Checks the inputs past initial_h (LSTM's initial_c and peepholes).</summary>
    protected virtual void CheckExtraInputs(Node node, Dims dims, int[] stateShape)
    {
        if (node.Inputs.Count > 6)
        {
            throw Invalid(node, "has more inputs than the operator defines.");
        }
    }

    protected static void Expect(Node node, int i, int[] shape)
    {
        if (node.Input(i) is { } v && !Shapes.Equal(v.Shape, shape))
        {
            throw Mismatch(node, $"has input '{v.Name}' of shape {Shapes.Format(v.Shape)}; it must be {Shapes.Format(shape)}.");
        }
    }

    private static int Directions(Node node) => node.GetString("direction", "forward") switch
    {
        "forward" or "reverse" => 1,
        "bidirectional" => 2,
        string d => throw Invalid(node, $"has direction '{d}'; ONNX defines forward, reverse and bidirectional."),
    };

    public override void InferShapes(Node node)
    {
        Dims d = Check(node);
        int[] y = d.BatchFirst ? new[] { d.Batch, d.Sequence, d.Directions, d.Hidden } : new[] { d.Sequence, d.Directions, d.Batch, d.Hidden };
        int[] state = d.BatchFirst ? new[] { d.Batch, d.Directions, d.Hidden } : new[] { d.Directions, d.Batch, d.Hidden };
        SetOutput(node, 0, DataType.Float32, y);
        for (int i = 1; i <= StateOutputs; i++)
        {
            SetOutput(node, i, DataType.Float32, state);
        }

        if (node.Outputs.Count > StateOutputs + 1 && node.Outputs.Skip(StateOutputs + 1).Any(o => o is not null))
        {
            throw Invalid(node, "has more outputs than the operator defines.");
        }
    }

    public override long Macs(Node node)
    {
        Dims d = Check(node);
        return (long)d.Directions * d.Sequence * d.Batch * Gates * d.Hidden * ((IsProjected(node) ? 0 : d.Input) + d.Hidden);
    }

    /// <summary>
    /// The attribute <see cref="Neo.Compiler.Passes.EmbeddingProjectionFolding"/> sets: X already holds X·Wᵀ plus the biases
    /// the kernel would add to it, [.., directions · gates · hidden]; W stays an input for its shape only.
    /// </summary>
    public const string ProjectedInputAttribute = "neo.projected_input";

    public static bool IsProjected(Node node) => node.GetInt(ProjectedInputAttribute, 0) != 0;

    /// <summary>The activation functors (plan expressions), DefaultActivations.Length per direction.</summary>
    protected string[] Activations(Node node)
    {
        int per = DefaultActivations.Length, directions = Directions(node);
        string[] names = node.HasAttribute("activations")
            ? node.Require("activations").Strings
            : Enumerable.Repeat(DefaultActivations, directions).SelectMany(a => a).ToArray();
        if (names.Length == per && directions == 2)
        {
            names = names.Concat(names).ToArray();
        }

        if (names.Length != per * directions)
        {
            throw Invalid(node, $"has {names.Length} activations; it needs {per} per direction ({per * directions}).");
        }

        var alphas = new Queue<float>(node.GetFloats("activation_alpha") ?? Array.Empty<float>());
        var betas = new Queue<float>(node.GetFloats("activation_beta") ?? Array.Empty<float>());
        float Next(Queue<float> q, float fallback) => q.Count > 0 ? q.Dequeue() : fallback;
        return names.Select(n => n.ToLowerInvariant() switch
        {
            "sigmoid" => "default(Sigmoid)",
            "tanh" => "default(Tanh)",
            "relu" => "default(Relu)",
            "affine" => $"new Affine({PlanLiterals.Float(Next(alphas, 1f))},{PlanLiterals.Float(Next(betas, 0f))})",
            "leakyrelu" => $"new LeakyRelu({PlanLiterals.Float(Next(alphas, 0.01f))})",
            "thresholdedrelu" => $"new ThresholdedRelu({PlanLiterals.Float(Next(alphas, 1f))})",
            "scaledtanh" => $"new ScaledTanh({PlanLiterals.Float(Next(alphas, 1f))},{PlanLiterals.Float(Next(betas, 1f))})",
            "hardsigmoid" => $"new HardSigmoid({PlanLiterals.Float(Next(alphas, 0.2f))},{PlanLiterals.Float(Next(betas, 0.5f))})",
            "elu" => $"new Elu({PlanLiterals.Float(Next(alphas, 1f))})",
            "softsign" => "default(Softsign)",
            "softplus" => "default(Softplus)",
            _ => throw Invalid(node, $"has activation '{n}', which ONNX does not define for recurrent layers."),
        }).ToArray();
    }

    /// <summary>Emits the kernel call of each direction; <paramref name="extra"/> adds the operator's own arguments.</summary>
    protected void LowerDirections(Node node, LoweringContext context, string call, long scratch, Action<StepBuilder, int> inputs, Action<StepBuilder> outputs, Action<StepBuilder> extra)
    {
        Dims d = Check(node);
        string[] activations = Activations(node);
        int per = DefaultActivations.Length;
        string direction = node.GetString("direction", "forward");
        for (int k = 0; k < d.Directions; k++)
        {
            StepBuilder step = context.Step(call).Team();
            inputs(step, k);
            outputs(step);
            step.Scratch("scratch", DataType.Float32, scratch)
                .Int("sequence", d.Sequence).Int("batch", d.Batch).Int("inputSize", d.Input).Int("hiddenSize", d.Hidden)
                .Int("direction", k).Int("directions", d.Directions).Bool("reverse", direction == "reverse" || k == 1).Bool("batchFirst", d.BatchFirst)
                .Float("clip", node.HasAttribute("clip") ? node.GetFloat("clip", 0f) : float.PositiveInfinity);
            extra(step);
            string[] names = per == 3 ? new[] { "f", "g", "h" } : per == 2 ? new[] { "f", "g" } : new[] { "f" };
            for (int a = 0; a < per; a++)
            {
                step.Expr(names[a], activations[(k * per) + a]);
            }
        }
    }

    protected static void Optional(StepBuilder step, string name, Value? v, bool output)
    {
        if (v is null)
        {
            step.Expr(name, "default");
        }
        else if (output)
        {
            step.Out(name, v);
        }
        else
        {
            step.In(name, v);
        }
    }

    /// <summary>
    /// W and R in the kernel's packed layout (<see cref="Neo.Runtime.Kernels.Recurrent.PackWeights"/>: transposed into
    /// GEMM panels at build time) when both are constants, else null and the kernel reads the ONNX layout.
    /// </summary>
    protected (LTensor? Weights, LTensor Recurrence)? PackedWeights(Node node, LoweringContext context)
    {
        Value w = node.RequireInput(1), r = node.RequireInput(2);
        if (w.Constant is not { } wData || r.Constant is not { } rData)
        {
            return null;
        }

        Dims d = Check(node);
        (float[] pw, float[] pr) = Neo.Runtime.Kernels.Recurrent.PackWeights(wData.As<float>(), rData.As<float>(), d.Directions, Gates, d.Input, d.Hidden, gru: Gates == 3);
        LTensor? weights = IsProjected(node) ? null : context.Weights(w.Name + " (packed)", TensorData.FromFloats(new[] { pw.Length }, pw));
        return (weights, context.Weights(r.Name + " (packed)", TensorData.FromFloats(new[] { pr.Length }, pr)));
    }

    protected static void CommonInputs(StepBuilder step, Node node, (LTensor? Weights, LTensor Recurrence)? packed = null)
    {
        if (packed is { } p)
        {
            step.In("input", node.RequireInput(0)).In("recurrence", p.Recurrence).Bool("packed", true);
            if (p.Weights is { } pw)
            {
                step.In("weights", pw);
            }
            else
            {
                step.Expr("weights", "default").Bool("projectedInput", true);
            }

            Optional(step, "bias", node.Input(3), output: false);
            Optional(step, "sequenceLengths", node.Input(4), output: false);
            Optional(step, "initialHidden", node.Input(5), output: false);
            return;
        }

        step.In("input", node.RequireInput(0)).In("weights", node.RequireInput(1)).In("recurrence", node.RequireInput(2));
        Optional(step, "bias", node.Input(3), output: false);
        Optional(step, "sequenceLengths", node.Input(4), output: false);
        Optional(step, "initialHidden", node.Input(5), output: false);
    }
}
