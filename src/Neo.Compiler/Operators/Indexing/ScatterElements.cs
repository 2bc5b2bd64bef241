using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators.Support;

namespace Neo.Compiler.Operators.Indexing;

/// <summary>ScatterElements: a copy of data with updates[i] written (or combined, opset 16's reduction) at indices[i] along the axis.</summary>
public class ScatterElements : Operator
{
    public override string OpType => "ScatterElements";

    public override OpKind Kind => OpKind.Injective;

    public override string Notes => "reduction none, add, mul, max, min";

    private static int Axis(Node node, int rank)
    {
        long a = node.GetInt("axis", 0);
        int axis = Shapes.NormalizeAxis(a, rank);
        return axis >= 0 ? axis : throw Invalid(node, $"has axis {a} for data of rank {rank}.");
    }

    internal static string Reduction(Node node) => node.GetString("reduction", "none") switch
    {
        "none" => "ScatterReduction.None",
        "add" => "ScatterReduction.Add",
        "mul" => "ScatterReduction.Mul",
        "max" => "ScatterReduction.Max",
        "min" => "ScatterReduction.Min",
        string r => throw Invalid(node, $"has reduction '{r}'; ONNX allows none, add, mul, max and min."),
    };

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, DataType.Float32, DataType.Float64, DataType.Float16, DataType.Int64, DataType.Int32, DataType.Int8, DataType.UInt8);
        RequireType(node, 1, DataType.Int64, DataType.Int32);
        Value data = node.RequireInput(0), updates = node.RequireInput(2);
        int[] d = ShapeOf(data), idx = ShapeOf(node.RequireInput(1));
        if (d.Length != idx.Length || !Shapes.Equal(idx, updates.Shape) || updates.Type != data.Type)
        {
            throw Mismatch(node, $"has data {Shapes.Format(d)}, indices {Shapes.Format(idx)} and updates {Shapes.Format(updates.Shape)}; indices and updates must match and have data's rank.");
        }

        _ = Axis(node, d.Length);
        _ = Reduction(node);
        SetOutput(node, 0, data.Type, d);
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value data = node.Input(0)!, idx = node.Input(1)!;
        int axis = Axis(node, data.Shape!.Length);
        context.Step(KernelTypes.Call("Indexing.ScatterElements", KernelTypes.PlanName(data.Type), KernelTypes.PlanName(idx.Type))).In("data", data).In("indices", idx).In("updates", node.Input(2)!).Out("output", node.Output(0)!)
            .Ints("indexShape", idx.Shape!.Length == 0 ? new[] { 1 } : idx.Shape!).Ints("dataStrides", StridedPlan.RowMajor(data.Shape!))
            .Int("axis", axis).Int("axisDim", data.Shape![axis]).Expr("reduction", Reduction(node));
    }
}
