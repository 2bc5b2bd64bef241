using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators.Support;

namespace Neo.Compiler.Operators.Logic;

/// <summary>IsInf: whether each element is +∞ (detect_positive) or −∞ (detect_negative), as bools.</summary>
public sealed class IsInf : Operator
{
    public override string OpType => "IsInf";

    public override string Notes => "detect_positive, detect_negative";

    public override OpKind Kind => OpKind.Elementwise;

    private static (bool Positive, bool Negative) Signs(Node node) =>
        (node.GetInt("detect_positive", 1) != 0, node.GetInt("detect_negative", 1) != 0);

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, DataType.Float32, DataType.Float64, DataType.Float16);
        SetOutput(node, 0, DataType.Bool, ShapeOf(node.RequireInput(0)));
    }

    public override TensorData[]? Fold(Node node)
    {
        (bool p, bool n) = Signs(node);
        return new[] { KernelFolding.Test(node.Input(0)!.Constant!, new Neo.Runtime.Kernels.IsInf(p, n)) };
    }

    public override void Lower(Node node, LoweringContext context)
    {
        (bool p, bool n) = Signs(node);
        context.Step(KernelTypes.Call("Numeric.Test", KernelTypes.PlanName(node.Input(0)!.Type), "IsInf")).In("x", node.Input(0)!).Out("y", node.Output(0)!)
            .Expr("test", $"new IsInf({(p ? "true" : "false")},{(n ? "true" : "false")})");
    }
}
