using System.Linq;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Trees;
using Neo.Runtime.Kernels;

namespace Neo.Compiler.Operators.Ml;

/// <summary>
/// ai.onnx.ml TreeEnsembleClassifier (opsets 1 and 3): X float [N, F] → Y int64 [N] (the label from
/// classlabels_int64s) and Z float [N, classes]. The trees sum class weights (the shared tree kernel);
/// <c>TreeClassifier.Run</c> then adds base_values, picks the label and applies the post-transform with
/// ONNX Runtime's rules, binary cases included. String class labels are not supported.
/// </summary>
public sealed class TreeEnsembleClassifier : Operator
{
    public override string OpType => "TreeEnsembleClassifier";

    public override string Domain => "ai.onnx.ml";

    public override string Notes => "Opsets 1 and 3; int64 class labels; every node mode and post-transform; float input.";

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, DataType.Float32);
        int[] x = ShapeOf(node.RequireInput(0));
        if (x.Length != 2)
        {
            throw Mismatch(node, $"reads X of shape {Shapes.Format(x)}; Neo takes X as [N, features].");
        }

        int classes = Labels(node).Length;
        SetOutput(node, 0, DataType.Int64, new[] { x[0] });
        SetOutput(node, 1, DataType.Float32, new[] { x[0], classes });
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.RequireInput(0);
        long[] labels = Labels(node);
        int classes = labels.Length;
        int rows = x.Shape![0];
        TreeEnsemble e = TreeEnsembleAttributes.Read(node, x.Shape[1], classes, "class", TreeAggregate.Sum);
        LTensor sums = context.Temporary("class scores of " + node.Name, DataType.Float32, new[] { rows, classes });
        TreeLowering.Lower(e, x, prediction: null, margin: sums, context);

        long[] ids = TreeEnsembleAttributes.Ints(node, "class_ids");
        double[] weights = TreeEnsembleAttributes.Doubles(node, "class_weights", out _);
        int flags = (classes == 2 && ids.Distinct().Count() == 1 ? TreeClassifier.BinaryCase : 0)
            | (weights.All(w => w >= 0) ? TreeClassifier.AllPositive : 0)
            | (ids.Contains(0) ? TreeClassifier.HasScore0 : 0)
            | (ids.Contains(1) ? TreeClassifier.HasScore1 : 0);
        double[] baseValues = TreeEnsembleAttributes.Doubles(node, "base_values", out _);
        string transform = node.GetString("post_transform", "NONE");
        int code = transform switch
        {
            "NONE" => TreeClassifier.None,
            "LOGISTIC" => TreeClassifier.Logistic,
            "SOFTMAX" => TreeClassifier.Softmax,
            "SOFTMAX_ZERO" => TreeClassifier.SoftmaxZero,
            "PROBIT" => TreeClassifier.Probit,
            _ => throw Invalid(node, $"has post_transform '{transform}'; ONNX defines NONE, LOGISTIC, SOFTMAX, SOFTMAX_ZERO and PROBIT."),
        };

        StepBuilder step = context.Step("TreeClassifier.Run").In("scores", sums).Out("labels", node.Output(0)!).Out("probabilities", node.Output(1)!)
            .Int("rows", rows).Int("classes", classes);
        step = baseValues.Length == 0
            ? step.Expr("baseValues", "default")
            : step.In("baseValues", context.Weights(node.Name + ".base_values", new TensorData(DataType.Float32, new[] { baseValues.Length }, baseValues.Select(v => (float)v).ToArray())));
        step.In("classLabels", context.Weights(node.Name + ".classlabels", TensorData.FromLongs(new[] { classes }, labels)))
            .Int("flags", flags)
            .Int("transform", code);
    }

    public override long Macs(Node node) => 0;

    private static long[] Labels(Node node)
    {
        if (node.Attributes.TryGetValue("classlabels_strings", out NodeAttribute? s) && s.Strings.Length > 0)
        {
            throw new CompileErrorException(
                DiagnosticCodes.UnsupportedElementType,
                $"node {node.Display} has string class labels (classlabels_strings); Neo supports int64 labels (classlabels_int64s). Convert the model with integer labels and map them to names in your code.",
                node.Name);
        }

        long[] labels = TreeEnsembleAttributes.Ints(node, "classlabels_int64s");
        return labels.Length >= 2 ? labels : throw Invalid(node, "has fewer than two class labels.");
    }
}
