using System;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Runtime.Kernels;

namespace Neo.Compiler.Operators.Elementwise;

/// <summary>
/// The shared life cycle of binary arithmetic with numpy broadcasting: the output shape is the
/// broadcast shape; lowering picks the kernel by how the operands broadcast (same shape, a scalar on
/// either side, or general strides), and folding runs that same kernel on the constants.
/// </summary>
public abstract class BinaryElementwise<TOp> : Operator
    where TOp : struct, IBinaryOperator<float>
{
    public override OpKind Kind => OpKind.Broadcast;

    protected virtual DataType[] Types => new[] { DataType.Float32, DataType.Float64, DataType.Int64, DataType.Int32 };

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
        Value y = node.Output(0)!;
        TensorData r = TensorData.Create(y.Type, y.Shape!);
        (int[] shape, int[] sa, int[] sb) = Broadcasting.Plan(y.Shape!, a.Shape, b.Shape);
        switch (r.Data)
        {
            case float[] f:
                Neo.Runtime.Kernels.Elementwise.BinaryBroadcast<float, TOp>(a.As<float>(), b.As<float>(), f, shape, sa, sb, default);
                break;
            case double[] d when default(TOp) is IBinaryOperator<double>:
                FoldAs<double>(a, b, d, shape, sa, sb);
                break;
            case long[] l when default(TOp) is IBinaryOperator<long>:
                FoldAs<long>(a, b, l, shape, sa, sb);
                break;
            case int[] i when default(TOp) is IBinaryOperator<int>:
                FoldAs<int>(a, b, i, shape, sa, sb);
                break;
            default:
                return null;
        }

        return new[] { r };
    }

    private static void FoldAs<T>(TensorData a, TensorData b, T[] y, int[] shape, int[] sa, int[] sb)
    {
        var op = (IBinaryOperator<T>)default(TOp);
        T[] av = a.As<T>(), bv = b.As<T>();
        Span<int> index = stackalloc int[shape.Length];
        for (int o = 0; o < y.Length; o++)
        {
            int rem = o, ao = 0, bo = 0;
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                int ix = rem % shape[d];
                rem /= shape[d];
                ao += ix * sa[d];
                bo += ix * sb[d];
            }

            y[o] = op.Invoke(av[ao], bv[bo]);
        }
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value a = node.RequireInput(0), b = node.RequireInput(1), y = node.Output(0)!;
        int[] ys = y.Shape!, aShape = a.Shape!, bShape = b.Shape!;
        string op = "default(" + typeof(TOp).Name + ")";
        long n = Shapes.Size(ys);
        if (Shapes.Size(aShape) == n && Shapes.Size(bShape) == n)
        {
            context.Step("Elementwise.Binary").In("a", a).In("b", b).Out("y", y).Expr("op", op).InPlace(y, a);
        }
        else if (Shapes.Size(bShape) == 1 && Shapes.Size(aShape) == n)
        {
            context.Step("Elementwise.BinaryScalarRight").In("a", a).In("b", b).Out("y", y).Expr("op", op).InPlace(y, a);
        }
        else if (Shapes.Size(aShape) == 1 && Shapes.Size(bShape) == n)
        {
            context.Step("Elementwise.BinaryScalarLeft").In("a", a).In("b", b).Out("y", y).Expr("op", op).InPlace(y, b);
        }
        else
        {
            (int[] shape, int[] sa, int[] sb) = Broadcasting.Plan(ys, aShape, bShape);
            context.Step("Elementwise.BinaryBroadcast").In("a", a).In("b", b).Out("y", y)
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

public sealed class Pow : BinaryElementwise<Neo.Runtime.Kernels.Pow>
{
    public override string OpType => "Pow";

    protected override DataType[] Types => new[] { DataType.Float32 };
}
