using System;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Passes;

namespace Neo.Compiler.Operators.Nn;

/// <summary>
/// BatchNormalization, all opsets. At inference y = (x - mean) / sqrt(var + epsilon) · scale + B per
/// channel; with statistics known at build time they fold into one scale and shift per channel. Opsets
/// 1-8 with spatial=0 take per-element statistics. training_mode=1 (opset 14+) normalizes with the
/// batch's statistics and gives the updated running mean and variance.
/// </summary>
public sealed class BatchNormalization : Operator
{
    public override string OpType => "BatchNormalization";

    public override OpKind Kind => OpKind.Broadcast;

    public override string Notes => "all opsets; spatial=0; training_mode with running statistics";

    /// <summary>
    /// Inference with every statistic known at build time: one multiply-add per element (<c>Normalization.ChannelAffine</c>),
    /// which can take an epilogue (<see cref="Passes.EpilogueFusion"/>: DenseNet's pre-activation BatchNormalization → Relu).
    /// </summary>
    internal static bool FoldsToAffine(Node node) =>
        node.Is("BatchNormalization") && !Training(node) && !PerElement(node) && node.Outputs.Count(o => o is not null) == 1
        && Enumerable.Range(1, 4).All(i => node.Input(i)?.Constant is not null);

    private static bool Training(Node node) => node.OpsetVersion >= 14 && node.GetInt("training_mode", 0) != 0;

    private static bool PerElement(Node node) => node.OpsetVersion is > 0 and < 9 && node.GetInt("spatial", 1) == 0;

    public override void InferShapes(Node node)
    {
        for (int i = 0; i < 5; i++)
        {
            RequireType(node, i, DataType.Float32);
        }

        int[] x = ShapeOf(node.RequireInput(0));
        if (x.Length < 2)
        {
            throw Invalid(node, $"has input {Shapes.Format(x)}; it needs [N, C, ...].");
        }

        int expected = PerElement(node) ? checked((int)Shapes.Size(x.AsSpan(1))) : x[1];
        for (int i = 1; i < 5; i++)
        {
            Value p = node.RequireInput(i);
            if (p.Size != expected)
            {
                throw Mismatch(node, $"has {p.Size} values in '{p.Name}' for {expected} {(PerElement(node) ? "elements per item" : "channels")}.");
            }
        }

        SetOutput(node, 0, DataType.Float32, x);
        bool training = Training(node);
        if (node.Outputs.Skip(training ? 3 : 1).Any(o => o is not null))
        {
            throw Invalid(node, training
                ? "asks for outputs past the running mean and variance."
                : "asks for the batch statistics outputs, which exist only in training; Neo runs BatchNormalization for inference (set training_mode=1 from opset 14 to get running statistics).");
        }

        SetOutput(node, 1, DataType.Float32, new[] { x[1] });
        SetOutput(node, 2, DataType.Float32, new[] { x[1] });
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.RequireInput(0), y = node.Output(0)!;
        Value scale = node.RequireInput(1), bias = node.RequireInput(2), mean = node.RequireInput(3), variance = node.RequireInput(4);
        int[] xs = x.Shape!;
        int batch = xs[0], channels = xs[1], spatial = checked((int)Shapes.Size(xs.AsSpan(2)));
        float epsilon = node.GetFloat("epsilon", 1e-5f);
        if (Training(node))
        {
            StepBuilder t = context.Step("Normalization.BatchNormTraining").In("input", x).In("scale", scale).In("bias", bias).In("mean", mean).In("variance", variance).Out("output", y);
            Optional(t, "runningMean", node.Output(1));
            Optional(t, "runningVariance", node.Output(2));
            t.Int("batch", batch).Int("channels", channels).Int("spatial", spatial).Float("epsilon", epsilon).Float("momentum", node.GetFloat("momentum", 0.9f));
            return;
        }

        bool perElement = PerElement(node);
        if (!perElement && scale.Constant is { } s && bias.Constant is { } b && mean.Constant is { } m && variance.Constant is { } v)
        {
            // Statistics known at build time: fold them into one multiply-add per element.
            float[] a = new float[channels], shift = new float[channels];
            for (int c = 0; c < channels; c++)
            {
                a[c] = (float)(s.GetDouble(c) / Math.Sqrt(v.GetDouble(c) + epsilon));
                shift[c] = (float)(b.GetDouble(c) - (m.GetDouble(c) * a[c]));
            }

            context.Step("Normalization.ChannelAffine").Team().In("input", x)
                .In("scale", context.Weights(node.Name + "/scale", TensorData.FromFloats(new[] { channels }, a)))
                .In("shift", context.Weights(node.Name + "/shift", TensorData.FromFloats(new[] { channels }, shift)))
                .Out("output", y).Int("batch", batch).Int("channels", channels).Int("spatial", spatial)
                .Expr("epilogue", Epilogues.Expression(node, context.Operators))
                .InPlace(y, x);
            return;
        }

        if (perElement)
        {
            spatial = checked((int)Shapes.Size(xs.AsSpan(2)));
        }

        context.Step("Normalization.BatchNorm").In("input", x).In("scale", scale).In("bias", bias).In("mean", mean).In("variance", variance).Out("output", y)
            .Int("batch", batch).Int("channels", channels).Int("spatial", spatial).Float("epsilon", epsilon).Bool("perElement", perElement)
            .InPlace(y, x);
    }

    private static void Optional(StepBuilder step, string name, Value? v)
    {
        if (v is null)
        {
            step.Expr(name, "default");
        }
        else
        {
            step.Out(name, v);
        }
    }
}
