using System;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Nn;

/// <summary>
/// Dropout for inference: the output is the input (a view, no copy) and the optional mask is all true,
/// a constant. Training mode (opset 12+'s training_mode input) is accepted when the ratio is 0, which is
/// the identity too; a non-zero ratio in training mode draws random numbers, which Neo does not do.
/// </summary>
public sealed class Dropout : Operator
{
    public override string OpType => "Dropout";

    /// <summary>Reads the ratio and training_mode at build time.</summary>
    public override bool NeedsConstantInput(Node node, int index) => index >= 1;

    public override OpKind Kind => OpKind.Injective;

    public override string Notes => "inference (identity), mask output; training_mode with ratio 0";

    public override void InferShapes(Node node)
    {
        Value x = node.RequireInput(0);
        int[] shape = ShapeOf(x);
        if (node.Input(2) is { } training)
        {
            bool on = Known(node, training).GetDouble(0) != 0;
            float ratio = node.Input(1) is { } r ? (float)Known(node, r).GetDouble(0) : 0.5f;
            if (on && ratio != 0f)
            {
                throw Invalid(node, $"runs in training mode with ratio {ratio}, which drops random elements; Neo compiles models for inference (set training_mode to false, or the ratio to 0).");
            }
        }

        SetOutput(node, 0, x.Type, shape);
        if (node.Output(1) is { } mask)
        {
            // Opset 1-6 masks have the input's type; later ones are bool. Either way every element is kept.
            DataType type = node.OpsetVersion is > 0 and < 7 ? x.Type : DataType.Bool;
            TensorData data = TensorData.Create(type, shape);
            object one = type == DataType.Bool ? true : Convert.ChangeType(1, DataTypes.ClrType(type), System.Globalization.CultureInfo.InvariantCulture);
            for (int i = 0; i < data.Length; i++)
            {
                data.Data.SetValue(one, i);
            }

            mask.Type = type;
            mask.Shape = shape;
            mask.Constant = data;
        }
    }

    private static TensorData Known(Node node, Value v) =>
        v.Constant ?? throw NotConstant(node, v, "ratio or training mode");

    public override TensorData[]? Fold(Node node) => new[] { node.RequireInput(0).Constant! };

    public override void Lower(Node node, LoweringContext context) => context.Alias(node.Output(0)!, node.RequireInput(0), node);
}
