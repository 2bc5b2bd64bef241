using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Loss;

/// <summary>
/// NegativeLogLikelihoodLoss: -input[n, target, d…]·weight[target] per element, then none, sum or the
/// weighted mean; targets equal to ignore_index count nothing.
/// </summary>
public sealed class NegativeLogLikelihoodLoss : Operator
{
    public override string OpType => "NegativeLogLikelihoodLoss";

    public override OpKind Kind => OpKind.Reduction;

    public override string Notes => "reduction none, sum, mean; weights; ignore_index";

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
    }

    public override void Lower(Node node, LoweringContext context)
    {
        var g = LossGeometry.Check(node);
        StepBuilder step = context.Step("Loss.NegativeLogLikelihood").In("input", node.RequireInput(0)).In("target", node.RequireInput(1));
        if (node.Input(2) is { } w)
        {
            step.In("weight", w);
        }
        else
        {
            step.Expr("weight", "default");
        }

        step.Out("output", node.Output(0)!);
        LossGeometry.Common(step, node, g);
    }
}
