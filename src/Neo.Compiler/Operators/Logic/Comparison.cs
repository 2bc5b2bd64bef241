using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators.Support;

namespace Neo.Compiler.Operators.Logic;

/// <summary>
/// The shared life cycle of comparisons (Equal, Less, Greater, LessOrEqual, GreaterOrEqual): two operands
/// of one type, broadcast, give a bool tensor; lowered to <c>Logic.Compare</c> with a runtime comparison struct.
/// </summary>
public abstract class Comparison<TOp> : Operator
    where TOp : struct
{
    public override OpKind Kind => OpKind.Broadcast;

    public override string Notes => "every numeric type and bool; broadcast";

    public override void InferShapes(Node node)
    {
        Value a = node.RequireInput(0), b = node.RequireInput(1);
        RequireType(node, 0, KernelTypes.Comparison(typeof(TOp)));
        if (a.Type != b.Type)
        {
            throw Mismatch(node, $"compares '{a.Name}' of type {DataTypes.Name(a.Type)} with '{b.Name}' of type {DataTypes.Name(b.Type)}; both must have the same type.");
        }

        int[] shape = Shapes.Broadcast(ShapeOf(a), ShapeOf(b))
            ?? throw Mismatch(node, $"cannot broadcast {Shapes.Format(a.Shape)} with {Shapes.Format(b.Shape)}.");
        SetOutput(node, 0, DataType.Bool, shape);
    }

    public override TensorData[]? Fold(Node node) =>
        new[] { KernelFolding.Compare(node.Input(0)!.Constant!, node.Input(1)!.Constant!, default(TOp), node.Output(0)!.Shape!) };

    public override void Lower(Node node, LoweringContext context)
    {
        Value a = node.RequireInput(0), b = node.RequireInput(1), y = node.Output(0)!;
        if (y.Size == 0)
        {
            return;
        }

        (int[] shape, int[] sa, int[] sb) = MultiBroadcast.Plan(y.Shape!, a.Shape!, b.Shape!);
        context.Step(KernelTypes.Call("Logic.Compare", KernelTypes.PlanName(a.Type), typeof(TOp).Name)).In("a", a).In("b", b).Out("y", y)
            .Ints("shape", shape).Ints("aStrides", sa).Ints("bStrides", sb).Expr("op", "default(" + typeof(TOp).Name + ")");
    }
}
