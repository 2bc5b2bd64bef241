using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Tensor;

/// <summary>Constant: the importer turns its value into a constant tensor, so nothing runs at run time.</summary>
public sealed class Constant : Operator
{
    public override string OpType => "Constant";

    public override OpKind Kind => OpKind.Injective;

    public override string Notes => "value, value_float(s), value_int(s); folded into the weights";

    public override void InferShapes(Node node)
    {
        if (node.Output(0) is not { Constant: not null })
        {
            throw Invalid(node, "has no value or no output.");
        }
    }

    public override void Lower(Node node, LoweringContext context)
    {
        // Never reached: the output is constant, so dead-code elimination removed the node.
    }
}

/// <summary>Shape: the input's shape as int64 (with opset 15's start and end). Always known at build time.</summary>
public sealed class Shape : Operator
{
    public override string OpType => "Shape";

    public override OpKind Kind => OpKind.Injective;

    public override string Notes => "always folded (shapes are static)";

    public override void InferShapes(Node node)
    {
        int[] x = ShapeOf(node.RequireInput(0));
        int rank = x.Length;
        long start = node.GetInt("start", 0), end = node.GetInt("end", rank);
        int s = (int)System.Math.Clamp(start < 0 ? start + rank : start, 0, rank);
        int e = (int)System.Math.Clamp(end < 0 ? end + rank : end, 0, rank);
        var dims = new long[System.Math.Max(0, e - s)];
        for (int i = 0; i < dims.Length; i++)
        {
            dims[i] = x[s + i];
        }

        Value y = node.Output(0)!;
        y.Type = DataType.Int64;
        y.Shape = new[] { dims.Length };
        y.Constant = TensorData.FromLongs(new[] { dims.Length }, dims);
    }

    public override void Lower(Node node, LoweringContext context)
    {
        // Never reached: the output is constant.
    }
}
