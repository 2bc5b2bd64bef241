using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Nn;

/// <summary>
/// The shared axis rule of Softmax, LogSoftmax and Hardmax. From opset 13 they work along one axis
/// (default -1); before, the input is flattened to 2-D at axis (default 1) and each row is one unit.
/// </summary>
public abstract class SoftmaxBase : Operator
{
    public override OpKind Kind => OpKind.Reduction;

    public override string Notes => "all opsets (opset < 13 flattens at axis)";

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, DataType.Float32);
        Value x = node.RequireInput(0);
        _ = Split(node, ShapeOf(x));
        SetOutput(node, 0, DataType.Float32, ShapeOf(x));
    }

    /// <summary>The tensor as [outer, axis, inner], the axis being what each unit normalizes over.</summary>
    protected static (int Outer, int Axis, int Inner) Split(Node node, int[] shape)
    {
        bool legacy = node.OpsetVersion is > 0 and < 13;
        long axisAttr = node.GetInt("axis", legacy ? 1 : -1);
        int rank = shape.Length;
        int axis = rank == 0 ? 0 : Shapes.NormalizeAxis(axisAttr, rank);
        if (axis < 0)
        {
            throw Invalid(node, $"has axis {axisAttr} for a tensor of rank {rank}.");
        }

        int outer = 1, mid = 1, inner = 1;
        for (int d = 0; d < rank; d++)
        {
            if (d < axis)
            {
                outer *= shape[d];
            }
            else if (d == axis || legacy)
            {
                mid *= shape[d];
            }
            else
            {
                inner *= shape[d];
            }
        }

        return (outer, mid, inner);
    }
}

/// <summary>Softmax: exp(x - max) / Σ exp(x - max) along the axis.</summary>
public sealed class Softmax : SoftmaxBase
{
    public override string OpType => "Softmax";

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.RequireInput(0), y = node.Output(0)!;
        (int outer, int axis, int inner) = Split(node, x.Shape!);
        context.Step("Softmax.Run").In("input", x).Out("output", y)
            .Int("outer", outer).Int("axis", axis).Int("inner", inner).Bool("log", false)
            .InPlace(y, x);
    }
}
