using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Trees;
using Neo.Runtime.Kernels;

namespace Neo.Compiler.Operators.Ml;

/// <summary>
/// ai.onnx.ml TreeEnsembleRegressor (opsets 1 and 3): X float [N, F] → Y float [N, n_targets]. Leaves add
/// their target weights; aggregate_function SUM, AVERAGE, MIN or MAX; base_values are added after the
/// trees when there is one per target. As in ONNX Runtime, a single-target regressor applies only PROBIT
/// of the post-transforms; several targets take NONE, LOGISTIC, SOFTMAX, SOFTMAX_ZERO or PROBIT.
/// </summary>
public sealed class TreeEnsembleRegressor : Operator
{
    public override string OpType => "TreeEnsembleRegressor";

    public override string Domain => "ai.onnx.ml";

    public override string Notes => "Opsets 1 and 3; every node mode, aggregate and post-transform; float input.";

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, DataType.Float32);
        int[] x = ShapeOf(node.RequireInput(0));
        if (x.Length != 2)
        {
            throw Mismatch(node, $"reads X of shape {Shapes.Format(x)}; Neo takes X as [N, features].");
        }

        SetOutput(node, 0, DataType.Float32, new[] { x[0], Targets(node) });
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.RequireInput(0);
        TreeEnsemble e = Ensemble(node, x.Shape![1]);
        TreeLowering.Lower(e, x, node.Output(0), null, context);
    }

    public override long Macs(Node node) => TreeLowering.Macs(Ensemble(node, node.RequireInput(0).Shape![1]), node.RequireInput(0).Shape![0]);

    private static int Targets(Node node)
    {
        long n = node.GetInt("n_targets", 1);
        return n is >= 1 and <= 1 << 20 ? (int)n : throw Invalid(node, $"has n_targets = {n}.");
    }

    private static TreeEnsemble Ensemble(Node node, int features)
    {
        int targets = Targets(node);
        string aggregateName = node.GetString("aggregate_function", "SUM");
        TreeAggregate aggregate = aggregateName switch
        {
            "SUM" or "AVERAGE" => TreeAggregate.Sum,
            "MIN" => TreeAggregate.Min,
            "MAX" => TreeAggregate.Max,
            _ => throw Invalid(node, $"has aggregate_function '{aggregateName}'; ONNX defines SUM, AVERAGE, MIN and MAX."),
        };
        TreeEnsemble e = TreeEnsembleAttributes.Read(node, features, targets, "target", aggregate);
        double[] baseValues = TreeEnsembleAttributes.Doubles(node, "base_values", out _);
        if (baseValues.Length == targets)
        {
            baseValues.CopyTo(e.BaseScores, 0);
        }

        string transform = node.GetString("post_transform", "NONE");
        e.Output = transform switch
        {
            "NONE" => TreeOutputKind.Raw,
            "PROBIT" => TreeOutputKind.OnnxProbit,
            "LOGISTIC" or "SOFTMAX" or "SOFTMAX_ZERO" when targets == 1 => TreeOutputKind.Raw,
            "LOGISTIC" => TreeOutputKind.OnnxLogistic,
            "SOFTMAX" => TreeOutputKind.OnnxSoftmax,
            "SOFTMAX_ZERO" => TreeOutputKind.OnnxSoftmaxZero,
            _ => throw Invalid(node, $"has post_transform '{transform}'; ONNX defines NONE, LOGISTIC, SOFTMAX, SOFTMAX_ZERO and PROBIT."),
        };
        return e;
    }
}
