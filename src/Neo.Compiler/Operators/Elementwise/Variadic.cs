using System;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators.Support;

namespace Neo.Compiler.Operators.Elementwise;

/// <summary>
/// Operators over one or more inputs with numpy broadcasting (Max, Min, Sum, Mean): folded pairwise,
/// lowered as the first input broadcast into the output and then one in-place binary step per further input.
/// </summary>
public abstract class Variadic<TOp> : Operator
    where TOp : struct
{
    public override OpKind Kind => OpKind.Broadcast;

    /// <summary>Whether the result is divided by the number of inputs (Mean).</summary>
    protected virtual bool Average => false;

    private static Value[] Operands(Node node) => node.Inputs.Where(i => i is not null).Select(i => i!).ToArray();

    public override void InferShapes(Node node)
    {
        Value[] xs = Operands(node);
        if (xs.Length == 0)
        {
            throw Invalid(node, "has no inputs.");
        }

        RequireType(node, 0, KernelTypes.Binary(typeof(TOp)));
        if (xs.Any(x => x.Type != xs[0].Type))
        {
            throw Mismatch(node, $"reads inputs of types {string.Join(", ", xs.Select(x => DataTypes.Name(x.Type)))}; all must have the same type.");
        }

        int[] shape = MultiBroadcast.Shape(xs.Select(ShapeOf))
            ?? throw Mismatch(node, $"cannot broadcast {string.Join(" with ", xs.Select(x => Shapes.Format(x.Shape)))}.");
        SetOutput(node, 0, xs[0].Type, shape);
    }

    public override TensorData[]? Fold(Node node)
    {
        Value[] xs = Operands(node);
        int[] shape = node.Output(0)!.Shape!;
        object op = default(TOp);
        TensorData acc = StridedPlan.Create(shape, MultiBroadcast.StridesFor(shape, xs[0].Shape!), 0).Fold(xs[0].Constant!, shape);
        if (xs.Length == 1 && !Average)
        {
            return new[] { acc };
        }

        for (int i = 1; i < xs.Length; i++)
        {
            acc = KernelFolding.Binary(acc, xs[i].Constant!, op, shape);
        }

        if (Average)
        {
            acc = KernelFolding.Binary(acc, Count(xs[0].Type, xs.Length), new Neo.Runtime.Kernels.Div(), shape);
        }

        return new[] { acc };
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value[] xs = Operands(node);
        Value y = node.Output(0)!;
        int[] shape = y.Shape!;
        if (Shapes.Size(shape) == 0)
        {
            return;
        }

        string op = "default(" + typeof(TOp).Name + ")";
        LTensor acc = context.TensorOf(y);
        int next;
        if (xs.Length >= 2 && Shapes.Equal(MultiBroadcast.Shape(new[] { xs[0].Shape!, xs[1].Shape! }), shape))
        {
            BinaryElementwise<TOp>.LowerBinary(context, context.TensorOf(xs[0]), context.TensorOf(xs[1]), acc, op);
            next = 2;
        }
        else if (xs.Length == 1 && !Average)
        {
            Expand(context, node, xs[0], y);
            return;
        }
        else
        {
            Expand(context, node, xs[0], y);
            next = 1;
        }

        for (int i = next; i < xs.Length; i++)
        {
            BinaryElementwise<TOp>.LowerBinary(context, acc, context.TensorOf(xs[i]), acc, op);
        }

        if (Average)
        {
            LTensor n = context.Weights(node.Name + " input count", Count(y.Type, xs.Length));
            BinaryElementwise<Neo.Runtime.Kernels.Div>.LowerBinary(context, acc, n, acc, "default(Div)");
        }
    }

    private static void Expand(LoweringContext context, Node node, Value x, Value y)
    {
        int[] shape = y.Shape!;
        StridedPlan.Create(shape, MultiBroadcast.StridesFor(shape, x.Shape!), 0).Lower(context, node, x, y);
    }

    private static TensorData Count(DataType type, int n) =>
        KernelFolding.Cast(TensorData.Scalar((float)n), type);
}
