using System;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Reduction;

/// <summary>The shared life cycle of ArgMax and ArgMin: int64 indices along one axis, keepdims, select_last_index.</summary>
public abstract class ArgExtreme : Operator
{
    public override OpKind Kind => OpKind.Reduction;

    public override string Notes => "keepdims, select_last_index";

    /// <summary>True for ArgMax.</summary>
    protected abstract bool Max { get; }

    private static int Axis(Node node, int rank)
    {
        long a = node.GetInt("axis", 0);
        int axis = Shapes.NormalizeAxis(a, rank);
        return axis >= 0 ? axis : throw Invalid(node, $"has axis {a} for a tensor of rank {rank}.");
    }

    public override void InferShapes(Node node)
    {
        Value x = node.RequireInput(0);
        RequireType(node, 0, DataType.Float32, DataType.Float64, DataType.Float16, DataType.Int64, DataType.Int32, DataType.Int16, DataType.Int8, DataType.UInt8, DataType.UInt16, DataType.UInt32, DataType.UInt64);
        int[] s = ShapeOf(x);
        int axis = Axis(node, s.Length);
        if (s[axis] == 0)
        {
            throw Invalid(node, $"reduces axis {axis} of size 0.");
        }

        int[] shape;
        if (node.GetInt("keepdims", 1) != 0)
        {
            shape = (int[])s.Clone();
            shape[axis] = 1;
        }
        else
        {
            shape = new int[s.Length - 1];
            Array.Copy(s, shape, axis);
            Array.Copy(s, axis + 1, shape, axis, s.Length - axis - 1);
        }

        SetOutput(node, 0, DataType.Int64, shape);
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.Input(0)!;
        int[] s = x.Shape!;
        int axis = Axis(node, s.Length);
        context.Step(Support.KernelTypes.Call("Reduce.ArgExtreme", Support.KernelTypes.PlanName(x.Type))).In("x", x).Out("y", node.Output(0)!)
            .Int("outer", (int)Shapes.Size(s.AsSpan(0, axis))).Int("axisDim", s[axis]).Int("inner", (int)Shapes.Size(s.AsSpan(axis + 1)))
            .Bool("max", Max).Bool("selectLastIndex", node.GetInt("select_last_index", 0) != 0);
    }
}
