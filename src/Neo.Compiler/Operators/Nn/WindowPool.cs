using System.Linq;
using Neo.Compiler.IR;

namespace Neo.Compiler.Operators.Nn;

/// <summary>The shared life cycle of sliding-window pooling (MaxPool, AveragePool, LpPool) over 1 to 3 spatial dims.</summary>
public abstract class WindowPool : Operator
{
    public override OpKind Kind => OpKind.Reduction;

    /// <summary>The element types the operator takes.</summary>
    protected virtual DataType[] Types => new[] { DataType.Float32 };

    /// <summary>Whether the output size rounds up (ceil_mode; LpPool has it from opset 18).</summary>
    protected virtual bool CeilMode(Node node) => node.GetInt("ceil_mode", 0) != 0;

    protected WindowGeometry Geometry(Node node)
    {
        int[] x = ShapeOf(node.RequireInput(0));
        long[] k = node.Require("kernel_shape").Ints;
        if (x.Length < 3 || x.Length > 5 || k.Length != x.Length - 2)
        {
            throw Invalid(node, $"has input {Shapes.Format(x)} and kernel_shape [{string.Join(",", k)}]; Neo supports 1-D, 2-D and 3-D pooling.");
        }

        return WindowGeometry.Compute(node, x[2..], k.Select(v => checked((int)v)).ToArray(), CeilMode(node));
    }

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, Types);
        Value xv = node.RequireInput(0);
        int[] x = ShapeOf(xv);
        WindowGeometry g = Geometry(node);
        int[] y = new[] { x[0], x[1] }.Concat(g.Output).ToArray();
        SetOutput(node, 0, xv.Type, y);
        InferExtraOutputs(node, y);
    }

    /// <summary>Sets any output after the first (MaxPool's Indices).</summary>
    protected virtual void InferExtraOutputs(Node node, int[] outputShape)
    {
        if (node.Outputs.Skip(1).Any(o => o is not null))
        {
            throw Invalid(node, "has more outputs than the operator defines.");
        }
    }

    /// <summary>A spatial parameter as three values, missing leading dims filled with <paramref name="fill"/>.</summary>
    protected static int[] Three(int[] v, int fill) => Enumerable.Repeat(fill, 3 - v.Length).Concat(v).ToArray();

    /// <summary>The spatial dims of a shape, as three.</summary>
    protected static int[] Spatial(int[] shape) => Three(shape[2..], 1);
}
