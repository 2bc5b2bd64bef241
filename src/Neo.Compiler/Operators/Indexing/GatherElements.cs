using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators.Support;

namespace Neo.Compiler.Operators.Indexing;

/// <summary>GatherElements: output[i] = data[i with the axis coordinate replaced by indices[i]]; the output has the indices' shape.</summary>
public sealed class GatherElements : Operator
{
    public override string OpType => "GatherElements";

    public override string Notes => "int64 or int32 indices, negative indices";

    public override OpKind Kind => OpKind.Injective;

    private static int Axis(Node node, int rank)
    {
        long a = node.GetInt("axis", 0);
        int axis = Shapes.NormalizeAxis(a, rank);
        return axis >= 0 ? axis : throw Invalid(node, $"has axis {a} for data of rank {rank}.");
    }

    public override void InferShapes(Node node)
    {
        RequireType(node, 1, DataType.Int64, DataType.Int32);
        int[] data = ShapeOf(node.RequireInput(0)), idx = ShapeOf(node.RequireInput(1));
        if (data.Length != idx.Length)
        {
            throw Mismatch(node, $"has data {Shapes.Format(data)} and indices {Shapes.Format(idx)} of different ranks.");
        }

        _ = Axis(node, data.Length);
        SetOutput(node, 0, node.Input(0)!.Type, idx);
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value data = node.Input(0)!, idx = node.Input(1)!;
        int axis = Axis(node, data.Shape!.Length);
        context.Step(KernelTypes.Call("Indexing.GatherElements", KernelTypes.PlanName(data.Type), KernelTypes.PlanName(idx.Type))).In("data", data).In("indices", idx).Out("output", node.Output(0)!)
            .Ints("indexShape", idx.Shape!.Length == 0 ? new[] { 1 } : idx.Shape!).Ints("dataStrides", StridedPlan.RowMajor(data.Shape!))
            .Int("axis", axis).Int("axisDim", data.Shape![axis]);
    }
}
