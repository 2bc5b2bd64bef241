using System;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators.Support;

namespace Neo.Compiler.Operators.Elementwise;

/// <summary>
/// The shared life cycle of binary arithmetic with numpy broadcasting: the output shape is the
/// broadcast shape; lowering picks the kernel by how the operands broadcast (same shape, a scalar on
/// either side, or general strides), and folding runs that same kernel on the constants. The element
/// types are those the runtime struct implements <c>IBinaryOperator&lt;T&gt;</c> for.
/// </summary>
public abstract class BinaryElementwise<TOp> : Operator
    where TOp : struct
{
    public override OpKind Kind => OpKind.Broadcast;

    public override string Notes => "numpy broadcasting; " + string.Join(", ", Array.ConvertAll(Types, DataTypes.Name));

    protected virtual DataType[] Types => KernelTypes.Binary(typeof(TOp));

    /// <summary>The runtime struct as a plan expression; <c>default(TOp)</c> unless the operator has parameters.</summary>
    protected virtual string Functor(Node node) => "default(" + typeof(TOp).Name + ")";

    /// <summary>The runtime struct, to fold with.</summary>
    protected virtual object CreateOp(Node node) => default(TOp);

    public override void InferShapes(Node node)
    {
        Value a = node.RequireInput(0), b = node.RequireInput(1);
        RequireType(node, 0, Types);
        if (b.Type != a.Type)
        {
            throw Mismatch(node, $"reads '{a.Name}' of type {DataTypes.Name(a.Type)} and '{b.Name}' of type {DataTypes.Name(b.Type)}; both operands must have the same type.");
        }

        int[] shape = Shapes.Broadcast(ShapeOf(a), ShapeOf(b))
            ?? throw Mismatch(node, $"cannot broadcast {Shapes.Format(a.Shape)} with {Shapes.Format(b.Shape)}.");
        SetOutput(node, 0, a.Type, shape);
    }

    public override TensorData[]? Fold(Node node)
    {
        TensorData a = node.RequireInput(0).Constant!, b = node.RequireInput(1).Constant!;
        return new[] { KernelFolding.Binary(a, b, CreateOp(node), node.Output(0)!.Shape!) };
    }

    public override void Lower(Node node, LoweringContext context) =>
        LowerBinary(context, node.RequireInput(0), node.RequireInput(1), node.Output(0)!, Functor(node));

    /// <summary>Emits y = op(a, b), choosing the kernel by how the operands broadcast.</summary>
    internal static void LowerBinary(LoweringContext context, Value a, Value b, Value y, string op) =>
        LowerBinary(context, context.TensorOf(a), context.TensorOf(b), context.TensorOf(y), op, a, b, y);

    /// <summary>Emits y = op(a, b) over lowered tensors (the inputs may be temporaries).</summary>
    internal static void LowerBinary(LoweringContext context, LTensor a, LTensor b, LTensor y, string op, Value? av = null, Value? bv = null, Value? yv = null)
    {
        int[] ys = y.Shape, aShape = a.Shape, bShape = b.Shape;
        long n = Shapes.Size(ys);
        if (n == 0)
        {
            return;
        }

        if (Shapes.Size(aShape) == n && Shapes.Size(bShape) == n)
        {
            StepBuilder s = context.Step("Elementwise.Binary").In("a", a).In("b", b).Out("y", y).Expr("op", op);
            if (yv is not null && av is not null)
            {
                s.InPlace(yv, av);
            }
        }
        else if (Shapes.Size(bShape) == 1 && Shapes.Size(aShape) == n)
        {
            StepBuilder s = context.Step("Elementwise.BinaryScalarRight").In("a", a).In("b", b).Out("y", y).Expr("op", op);
            if (yv is not null && av is not null)
            {
                s.InPlace(yv, av);
            }
        }
        else if (Shapes.Size(aShape) == 1 && Shapes.Size(bShape) == n)
        {
            StepBuilder s = context.Step("Elementwise.BinaryScalarLeft").In("a", a).In("b", b).Out("y", y).Expr("op", op);
            if (yv is not null && bv is not null)
            {
                s.InPlace(yv, bv);
            }
        }
        else
        {
            (int[] shape, int[] sa, int[] sb) = MultiBroadcast.Plan(ys, aShape, bShape);
            context.Step("Elementwise.BinaryBroadcast").Team().In("a", a).In("b", b).Out("y", y)
                .Ints("shape", shape).Ints("aStrides", sa).Ints("bStrides", sb).Expr("op", op);
        }
    }
}

public sealed class Add : BinaryElementwise<Neo.Runtime.Kernels.Add>
{
    public override string OpType => "Add";
}

public sealed class Sub : BinaryElementwise<Neo.Runtime.Kernels.Sub>
{
    public override string OpType => "Sub";
}

public sealed class Mul : BinaryElementwise<Neo.Runtime.Kernels.Mul>
{
    public override string OpType => "Mul";
}

public sealed class Div : BinaryElementwise<Neo.Runtime.Kernels.Div>
{
    public override string OpType => "Div";
}
