using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Indexing;

/// <summary>ScatterND: a copy of data with the slices addressed by the index tuples replaced (or combined) by updates.</summary>
public sealed class ScatterND : Operator
{
    public override string OpType => "ScatterND";

    public override OpKind Kind => OpKind.Injective;

    public override string Notes => "reduction none, add, mul, max, min";

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, DataType.Float32, DataType.Float64, DataType.Float16, DataType.Int64, DataType.Int32, DataType.Int8, DataType.UInt8);
        RequireType(node, 1, DataType.Int64);
        Value data = node.RequireInput(0), updates = node.RequireInput(2);
        GatherND.Layout l = GatherND.Plan(node, ShapeOf(data), ShapeOf(node.RequireInput(1)), 0);
        if (!Shapes.Equal(l.OutShape, updates.Shape) || updates.Type != data.Type)
        {
            throw Mismatch(node, $"has updates {Shapes.Format(updates.Shape)}; expected {Shapes.Format(l.OutShape)}.");
        }

        _ = ScatterElements.Reduction(node);
        SetOutput(node, 0, data.Type, data.Shape!);
    }

    public override void Lower(Node node, LoweringContext context)
    {
        GatherND.Layout l = GatherND.Plan(node, node.Input(0)!.Shape!, node.Input(1)!.Shape!, 0);
        context.Step("Indexing.ScatterND").In("data", node.Input(0)!).In("indices", node.Input(1)!).In("updates", node.Input(2)!).Out("output", node.Output(0)!)
            .Int("tuples", l.Tuples).Ints("dims", l.Dims).Ints("strides", l.Strides).Int("sliceSize", l.SliceSize)
            .Expr("reduction", ScatterElements.Reduction(node));
    }
}
