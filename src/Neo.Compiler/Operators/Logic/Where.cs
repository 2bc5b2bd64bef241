using System;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators.Support;

namespace Neo.Compiler.Operators.Logic;

/// <summary>Where: condition ? x : y elementwise, all three broadcast together.</summary>
public sealed class Where : Operator
{
    public override string OpType => "Where";

    public override OpKind Kind => OpKind.Broadcast;

    public override string Notes => "any element type; attention masks";

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, DataType.Bool);
        Value x = node.RequireInput(1), y = node.RequireInput(2);
        if (x.Type != y.Type)
        {
            throw Mismatch(node, $"selects between '{x.Name}' of type {DataTypes.Name(x.Type)} and '{y.Name}' of type {DataTypes.Name(y.Type)}; both must have the same type.");
        }

        int[] shape = MultiBroadcast.Shape(new[] { ShapeOf(node.Input(0)!), ShapeOf(x), ShapeOf(y) })
            ?? throw Mismatch(node, $"cannot broadcast {Shapes.Format(node.Input(0)!.Shape)}, {Shapes.Format(x.Shape)} and {Shapes.Format(y.Shape)}.");
        SetOutput(node, 0, x.Type, shape);
    }

    public override TensorData[]? Fold(Node node)
    {
        TensorData c = node.Input(0)!.Constant!, x = node.Input(1)!.Constant!, y = node.Input(2)!.Constant!;
        int[] shape = node.Output(0)!.Shape!;
        TensorData r = TensorData.Create(x.Type, shape);
        bool[] cv = c.As<bool>();
        int[] cs = MultiBroadcast.StridesFor(shape, c.Shape), xs = MultiBroadcast.StridesFor(shape, x.Shape), ys = MultiBroadcast.StridesFor(shape, y.Shape);
        for (int o = 0; o < r.Length; o++)
        {
            int rem = o, co = 0, xo = 0, yo = 0;
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                int i = rem % shape[d];
                rem /= shape[d];
                co += i * cs[d];
                xo += i * xs[d];
                yo += i * ys[d];
            }

            Array.Copy(cv[co] ? x.Data : y.Data, cv[co] ? xo : yo, r.Data, o, 1);
        }

        return new[] { r };
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value c = node.Input(0)!, x = node.Input(1)!, y = node.Input(2)!, output = node.Output(0)!;
        if (output.Size == 0)
        {
            return;
        }

        (int[] shape, int[][] strides) = MultiBroadcast.Plan(output.Shape!, new[] { c.Shape!, x.Shape!, y.Shape! });
        context.Step("Logic.Where").In("condition", c).In("x", x).In("y", y).Out("output", output)
            .Ints("shape", shape).Ints("conditionStrides", strides[0]).Ints("xStrides", strides[1]).Ints("yStrides", strides[2]);
    }
}
