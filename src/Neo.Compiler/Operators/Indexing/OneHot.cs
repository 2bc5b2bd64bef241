using System;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Indexing;

/// <summary>OneHot: a new axis of size depth (known at build time) holding values[1] at each index and values[0] elsewhere.</summary>
public sealed class OneHot : Operator
{
    public override string OpType => "OneHot";

    public override string Notes => "depth known at build time; any index type; negative indices";

    public override OpKind Kind => OpKind.Injective;

    public override bool NeedsConstantInput(Node node, int index) => index == 1;

    private static (int Axis, int Depth) Params(Node node)
    {
        int rank = node.Input(0)!.Shape!.Length + 1;
        Value d = node.RequireInput(1);
        if (d.Constant is null)
        {
            throw NotConstant(node, d, "depth");
        }

        long depth = (long)d.Constant.GetDouble(0);
        long a = node.GetInt("axis", -1);
        int axis = Shapes.NormalizeAxis(a, rank);
        if (axis < 0 || depth <= 0)
        {
            throw Invalid(node, $"has axis {a} and depth {depth} for indices of rank {rank - 1}.");
        }

        return (axis, (int)depth);
    }

    public override void InferShapes(Node node)
    {
        int[] idx = ShapeOf(node.RequireInput(0));
        Value values = node.RequireInput(2);
        if (values.Size != 2)
        {
            throw Invalid(node, $"has values {Shapes.Format(values.Shape)}; OneHot takes [off, on].");
        }

        (int axis, int depth) = Params(node);
        var shape = idx.ToList();
        shape.Insert(axis, depth);
        SetOutput(node, 0, values.Type, shape.ToArray());
    }

    public override void Lower(Node node, LoweringContext context)
    {
        int[] idx = node.Input(0)!.Shape!;
        (int axis, int depth) = Params(node);
        context.Step(Support.KernelTypes.Call("Indexing.OneHot", Support.KernelTypes.PlanName(node.Input(0)!.Type), Support.KernelTypes.PlanName(node.Input(2)!.Type))).In("indices", node.Input(0)!).In("values", node.Input(2)!).Out("output", node.Output(0)!)
            .Int("outer", (int)Shapes.Size(idx.AsSpan(0, axis))).Int("depth", depth).Int("inner", (int)Shapes.Size(idx.AsSpan(axis)));
    }
}
