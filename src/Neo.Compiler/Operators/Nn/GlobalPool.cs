using System;
using System.Linq;
using Neo.Compiler.IR;

namespace Neo.Compiler.Operators.Nn;

/// <summary>The shared shape rule of global pooling: [N, C, spatial...] → [N, C, 1, ...].</summary>
public abstract class GlobalPool : Operator
{
    public override OpKind Kind => OpKind.Reduction;

    protected virtual DataType[] Types => new[] { DataType.Float32 };

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, Types);
        Value xv = node.RequireInput(0);
        int[] x = ShapeOf(xv);
        if (x.Length < 3)
        {
            throw Invalid(node, $"has input {Shapes.Format(x)}; it needs [N, C, spatial...].");
        }

        SetOutput(node, 0, xv.Type, x.Select((d, i) => i < 2 ? d : 1).ToArray());
    }

    protected static (int Planes, int Spatial) Planes(Value x) =>
        (x.Shape![0] * x.Shape[1], checked((int)Shapes.Size(x.Shape.AsSpan(2))));
}
