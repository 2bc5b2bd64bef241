using System;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators.Support;

namespace Neo.Compiler.Operators.Generator;

/// <summary>
/// Range: start, start + delta, ... up to limit (exclusive). Its length depends on the three scalar inputs,
/// so Neo needs them at build time, and then the result is a constant.
/// </summary>
public sealed class Range : Operator
{
    public override string OpType => "Range";

    public override string Notes => "bounds known at build time; folded";

    public override OpKind Kind => OpKind.Injective;

    public override bool NeedsConstantInput(Node node, int index) => true;

    public override void InferShapes(Node node)
    {
        Value start = node.RequireInput(0);
        RequireType(node, 0, DataType.Float32, DataType.Float64, DataType.Int64, DataType.Int32, DataType.Int16);
        for (int i = 1; i < 3; i++)
        {
            if (node.RequireInput(i).Type != start.Type)
            {
                throw Mismatch(node, "has start, limit and delta of different types.");
            }

            if (node.Input(i)!.Constant is null)
            {
                throw NotConstant(node, node.Input(i)!, "bounds");
            }
        }

        if (start.Constant is null)
        {
            throw NotConstant(node, start, "bounds");
        }

        double s = start.Constant.GetDouble(0), limit = node.Input(1)!.Constant!.GetDouble(0), delta = node.Input(2)!.Constant!.GetDouble(0);
        if (delta == 0)
        {
            throw Invalid(node, "has delta 0.");
        }

        // ONNX: number_of_elements = max(ceil((limit - start) / delta), 0), computed in the input type.
        long n = DataTypes.IsFloat(start.Type) && start.Type == DataType.Float32
            ? (long)Math.Max(Math.Ceiling((float)(((float)limit - (float)s) / (float)delta)), 0)
            : (long)Math.Max(Math.Ceiling((limit - s) / delta), 0);
        SetOutput(node, 0, start.Type, new[] { checked((int)n) });
    }

    public override TensorData[]? Fold(Node node)
    {
        Value y = node.Output(0)!;
        TensorData start = node.Input(0)!.Constant!, delta = node.Input(2)!.Constant!;
        TensorData r = TensorData.Create(y.Type, y.Shape!);
        switch (r.Data)
        {
            case float[] f:
                // Accumulated in the element type, as the reference implementation does.
                float fs = start.As<float>()[0], fd = delta.As<float>()[0];
                for (int i = 0; i < f.Length; i++)
                {
                    f[i] = fs + (i * fd);
                }

                break;
            case double[] d:
                for (int i = 0; i < d.Length; i++)
                {
                    d[i] = start.GetDouble(0) + (i * delta.GetDouble(0));
                }

                break;
            default:
                for (int i = 0; i < r.Length; i++)
                {
                    r.Data.SetValue(Convert.ChangeType(start.GetInt64(0) + (i * delta.GetInt64(0)), r.Data.GetType().GetElementType()!, System.Globalization.CultureInfo.InvariantCulture), i);
                }

                break;
        }

        return new[] { r };
    }

    public override void Lower(Node node, LoweringContext context)
    {
        // Never reached: with constant inputs the output folds (the size limit aside).
        throw NotImplemented(node, $"produces {node.Output(0)!.Size} elements, more than Neo folds at build time.");
    }
}
