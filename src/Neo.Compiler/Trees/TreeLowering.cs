using System;
using System.Globalization;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Trees;

/// <summary>
/// Lowers a tree ensemble to one <c>Trees.Predict</c> step: the forest and the leaf values go to the weights
/// blob (never into C# literals: a 1,000-tree model would be megabytes of source, roslyn#64225), the
/// library's transform becomes the step's <c>output</c> struct, and the row count is the step's
/// <c>rows</c> argument, which the generator may replace to run any number of rows.
/// </summary>
public static class TreeLowering
{
    /// <summary>Emits the step. <paramref name="prediction"/> or <paramref name="margin"/> may be null (not computed).</summary>
    public static StepBuilder Lower(TreeEnsemble ensemble, Value features, Value? prediction, Value? margin, LoweringContext context) =>
        Lower(ensemble, features, prediction is null ? null : context.TensorOf(prediction), margin is null ? null : context.TensorOf(margin), context);

    /// <summary>Emits the step into tensors the caller chose (an ONNX classifier sums into a temporary).</summary>
    public static StepBuilder Lower(TreeEnsemble ensemble, Value features, LTensor? prediction, LTensor? margin, LoweringContext context)
    {
        EncodedForest encoded = ForestEncoder.Encode(ensemble);
        string name = context.Current?.Name ?? "trees";
        LTensor forest = context.Weights(name + ".forest", new TensorData(DataType.Int32, new[] { encoded.Forest.Length }, encoded.Forest));
        LTensor leaves = context.Weights(
            name + ".leaves",
            ensemble.Float64
                ? new TensorData(DataType.Float64, new[] { encoded.Leaves.Length }, encoded.Leaves)
                : new TensorData(DataType.Float32, new[] { encoded.Leaves.Length }, Array.ConvertAll(encoded.Leaves, v => (float)v)));
        int rows = features.Shape![0];
        StepBuilder step = context.Step("Trees.Predict").In("features", features);
        step = margin is null ? step.Expr("margin", "default") : step.Out("margin", margin);
        step = prediction is null ? step.Expr("prediction", "default") : step.Out("prediction", prediction);
        return step.Int("rows", rows)
            .In("forest", forest)
            .In("leaves", leaves)
            .Expr("output", OutputExpression(ensemble))
            .Team();
    }

    /// <summary>Work per row for the report and the threading threshold: one compare per reachable split node.</summary>
    public static long Macs(TreeEnsemble ensemble, int rows)
    {
        long splits = 0;
        foreach (DecisionTree tree in ensemble.Trees)
        {
            foreach (TreeNode node in tree.Nodes)
            {
                splits += node.IsLeaf ? 0 : 1;
            }
        }

        return rows * splits;
    }

    /// <summary>The runtime <c>ITreeOutput</c> struct of the ensemble's transform, in the plan's argument language.</summary>
    public static string OutputExpression(TreeEnsemble e) => e.Output switch
    {
        TreeOutputKind.Raw => "default(RawScore)",
        TreeOutputKind.XGBoostSigmoid => "default(XGBoostSigmoid)",
        TreeOutputKind.XGBoostSoftmax => "default(XGBoostSoftmax)",
        TreeOutputKind.XGBoostArgMax => "default(XGBoostArgMax)",
        TreeOutputKind.XGBoostExp => "default(XGBoostExp)",
        TreeOutputKind.XGBoostHinge => "default(XGBoostHinge)",
        TreeOutputKind.LightGbmSigmoid => "new LightGbmSigmoid(" + PlanLiterals.Double(e.OutputScale) + ")",
        TreeOutputKind.LightGbmSoftmax => "default(LightGbmSoftmax)",
        TreeOutputKind.LightGbmExp => "default(LightGbmExp)",
        TreeOutputKind.LightGbmSoftplus => "default(LightGbmSoftplus)",
        TreeOutputKind.LightGbmSquare => "default(LightGbmSquare)",
        TreeOutputKind.OnnxLogistic => "default(OnnxLogistic)",
        TreeOutputKind.OnnxSoftmax => "default(OnnxSoftmax)",
        TreeOutputKind.OnnxSoftmaxZero => "default(OnnxSoftmaxZero)",
        TreeOutputKind.OnnxProbit => "default(OnnxProbit)",
        _ => throw new InvalidOperationException(e.Output.ToString()),
    };

    /// <summary>The prediction's shape: [rows] for one value per row, else [rows, width].</summary>
    public static int[] RowShape(int rows, int width) => width == 1 ? new[] { rows } : new[] { rows, width };

    internal static string Invariant(long v) => v.ToString(CultureInfo.InvariantCulture);
}
