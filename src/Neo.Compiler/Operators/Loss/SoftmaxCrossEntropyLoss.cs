using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Loss;

/// <summary>
/// SoftmaxCrossEntropyLoss: the log-softmax of the scores over the class axis (the optional second
/// output), then the negative log-likelihood of the labels with weights, ignore_index and reduction.
/// </summary>
public sealed class SoftmaxCrossEntropyLoss : Operator
{
    public override string OpType => "SoftmaxCrossEntropyLoss";

    public override OpKind Kind => OpKind.Reduction;

    public override string Notes => "reduction none, sum, mean; weights; ignore_index; log_prob output";

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, DataType.Float32);
        RequireType(node, 1, DataType.Int64);
        if (node.Input(2) is not null)
        {
            RequireType(node, 2, DataType.Float32);
        }

        _ = LossGeometry.Check(node);
        SetOutput(node, 0, DataType.Float32, LossGeometry.LossShape(node));
        SetOutput(node, 1, DataType.Float32, node.RequireInput(0).Shape!);
    }

    public override void Lower(Node node, LoweringContext context)
    {
        var g = LossGeometry.Check(node);
        Value scores = node.RequireInput(0);
        StepBuilder step = context.Step("Loss.SoftmaxCrossEntropy").In("scores", scores).In("labels", node.RequireInput(1));
        if (node.Input(2) is { } w)
        {
            step.In("weight", w);
        }
        else
        {
            step.Expr("weight", "default");
        }

        step.Out("output", node.Output(0)!);
        if (node.Output(1) is { } logProb)
        {
            step.Out("logProbability", logProb);
        }
        else
        {
            step.Scratch("logProbability", DataType.Float32, scores.Size);
        }

        LossGeometry.Common(step, node, g);
    }
}
