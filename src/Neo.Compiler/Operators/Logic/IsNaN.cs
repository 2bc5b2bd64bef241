using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators.Support;

namespace Neo.Compiler.Operators.Logic;

/// <summary>IsNaN: whether each element is NaN, as bools.</summary>
public sealed class IsNaN : Operator
{
    public override string OpType => "IsNaN";

    public override string Notes => "float32, float64, float16";

    public override OpKind Kind => OpKind.Elementwise;

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, DataType.Float32, DataType.Float64, DataType.Float16);
        SetOutput(node, 0, DataType.Bool, ShapeOf(node.RequireInput(0)));
    }

    public override TensorData[]? Fold(Node node) => new[] { KernelFolding.Test(node.Input(0)!.Constant!, default(Neo.Runtime.Kernels.IsNaN)) };

    public override void Lower(Node node, LoweringContext context) =>
        context.Step(KernelTypes.Call("Numeric.Test", KernelTypes.PlanName(node.Input(0)!.Type), "IsNaN")).In("x", node.Input(0)!).Out("y", node.Output(0)!).Expr("test", "default(IsNaN)");
}
