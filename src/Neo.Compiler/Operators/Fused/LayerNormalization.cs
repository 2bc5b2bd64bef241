using System;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Fused;

/// <summary>
/// neo.LayerNormalization(X, Scale?, B?) {axis, epsilon}: normalizes over the dimensions from axis on,
/// y = (x - mean) / sqrt(var + epsilon) · Scale + B, as ONNX's LayerNormalization does. LayerNormRecognition
/// makes it from the nine-node pattern exporters emit (ReduceMean, Sub, Pow, ReduceMean, Add, Sqrt, Div, Mul, Add).
/// </summary>
public sealed class LayerNormalization : Operator
{
    public override string OpType => "LayerNormalization";

    public override string Domain => NeoDomain.Name;

    public override OpKind Kind => OpKind.Reduction;

    public override string Notes => "made by LayerNormRecognition";

    /// <summary>Rows and row length: the input as [product of dims before axis, product from axis on].</summary>
    public static (int Rows, int Size) Split(Node node, int[] shape)
    {
        long a = node.GetInt("axis", -1);
        int axis = Shapes.NormalizeAxis(a, shape.Length);
        if (axis < 0)
        {
            throw new Diagnostics.CompileErrorException(Diagnostics.DiagnosticCodes.InvalidNode, $"node {node.Display} has axis {a} for a tensor of rank {shape.Length}.", node.Name);
        }

        return ((int)Shapes.Size(shape.AsSpan(0, axis)), (int)Shapes.Size(shape.AsSpan(axis)));
    }

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, DataType.Float32);
        Value x = node.RequireInput(0);
        (_, int size) = Split(node, ShapeOf(x));
        for (int i = 1; i <= 2; i++)
        {
            if (node.Input(i) is { } p && (p.Type != DataType.Float32 || p.Size != size))
            {
                throw Mismatch(node, $"normalizes rows of {size} elements but its {(i == 1 ? "scale" : "bias")} '{p.Name}' is {DataTypes.Name(p.Type)}{Shapes.Format(p.Shape)}.");
            }
        }

        SetOutput(node, 0, DataType.Float32, ShapeOf(x));
    }

    public override TensorData[]? Fold(Node node)
    {
        Value x = node.RequireInput(0);
        (int rows, int size) = Split(node, x.Shape!);
        var y = new float[x.Constant!.Length];
        Neo.Runtime.Kernels.FusedLayerNorm.Run(
            x.Constant.As<float>(),
            node.Input(1)?.Constant?.As<float>() ?? Array.Empty<float>(),
            node.Input(2)?.Constant?.As<float>() ?? Array.Empty<float>(),
            y,
            rows,
            size,
            node.GetFloat("epsilon", 1e-5f));
        return new[] { TensorData.FromFloats(x.Shape!, y) };
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.RequireInput(0), y = node.Output(0)!;
        (int rows, int size) = Split(node, x.Shape!);
        StepBuilder step = context.Step("FusedLayerNorm.Run").In("input", x);
        if (node.Input(1) is { } scale)
        {
            step.In("scale", scale);
        }
        else
        {
            step.Expr("scale", "default");
        }

        if (node.Input(2) is { } bias)
        {
            step.In("bias", bias);
        }
        else
        {
            step.Expr("bias", "default");
        }

        // The kernel reads a whole row before writing it, so the output may take the input's memory.
        step.Out("output", y).Int("rows", rows).Int("size", size).Float("epsilon", node.GetFloat("epsilon", 1e-5f)).InPlace(y, x);
    }
}
