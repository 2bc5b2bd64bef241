using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators.Support;

namespace Neo.Compiler.Operators.Generator;

/// <summary>EyeLike: a matrix of the input's shape with ones on the k-th diagonal, of the dtype attribute's type (else the input's).</summary>
public sealed class EyeLike : Operator
{
    public override string OpType => "EyeLike";

    public override string Notes => "k, dtype; folded";

    public override OpKind Kind => OpKind.Injective;

    public override void InferShapes(Node node)
    {
        Value x = node.RequireInput(0);
        int[] s = ShapeOf(x);
        if (s.Length != 2)
        {
            throw Invalid(node, $"has input {Shapes.Format(s)}; EyeLike takes a matrix.");
        }

        DataType type = node.HasAttribute("dtype") ? DataTypes.FromOnnx(node.GetInt("dtype", 1)) : x.Type;
        if (!DataTypes.IsSupported(type) || type == DataType.Bool)
        {
            throw NotImplemented(node, $"asks for element type {DataTypes.Name(type)}.");
        }

        SetOutput(node, 0, type, s);
        node.Output(0)!.Constant = Eye(node);
    }

    private static TensorData Eye(Node node)
    {
        Value y = node.Output(0)!;
        TensorData r = TensorData.Create(y.Type, y.Shape!);
        int rows = y.Shape![0], cols = y.Shape[1], k = (int)node.GetInt("k", 0);
        for (int i = 0; i < rows; i++)
        {
            int j = i + k;
            if (j >= 0 && j < cols)
            {
                r.Data.SetValue(KernelFolding.Cast(TensorData.Scalar(1L), y.Type).Data.GetValue(0), (i * cols) + j);
            }
        }

        return r;
    }

    public override void Lower(Node node, LoweringContext context)
    {
        // Never reached: the output depends only on the input's shape, so it is a constant.
    }
}
