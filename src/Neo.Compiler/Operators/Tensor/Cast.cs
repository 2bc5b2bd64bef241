using System;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Tensor;

/// <summary>Cast: converts elements to the type <c>to</c> names (float to integer truncates toward zero).</summary>
public sealed class Cast : Operator
{
    public override string OpType => "Cast";

    public override OpKind Kind => OpKind.Elementwise;

    private static DataType Target(Node node)
    {
        long code = node.Require("to").Int;
        var to = DataTypes.FromOnnx(code);
        return DataTypes.IsSupported(to) ? to : throw new Diagnostics.CompileErrorException(Diagnostics.DiagnosticCodes.UnsupportedElementType, $"node {node.Display} casts to {DataTypes.Name(to)} ({code}), which Neo does not support.", node.Name);
    }

    public override void InferShapes(Node node)
    {
        Value x = node.RequireInput(0);
        SetOutput(node, 0, Target(node), ShapeOf(x));
    }

    public override TensorData[]? Fold(Node node)
    {
        TensorData x = node.RequireInput(0).Constant!;
        DataType to = Target(node);
        TensorData r = TensorData.Create(to, x.Shape);
        for (int i = 0; i < x.Length; i++)
        {
            r.Data.SetValue(Convert(x, i, to), i);
        }

        return new[] { r };
    }

    private static object Convert(TensorData x, int i, DataType to)
    {
        bool fromFloat = DataTypes.IsFloat(x.Type);
        double d = x.GetDouble(i);
        long l = fromFloat ? (long)Math.Truncate(d) : x.GetInt64(i);
        return to switch
        {
            DataType.Float32 => (float)d,
            DataType.Float64 => d,
            DataType.Float16 => (Half)d,
            DataType.Int64 => l,
            DataType.Int32 => (int)l,
            DataType.Int16 => (short)l,
            DataType.Int8 => (sbyte)l,
            DataType.UInt8 => (byte)l,
            DataType.UInt16 => (ushort)l,
            DataType.UInt32 => (uint)l,
            DataType.UInt64 => (ulong)l,
            DataType.Bool => d != 0,
            _ => throw new InvalidOperationException(),
        };
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.RequireInput(0), y = node.Output(0)!;
        if (x.Type == y.Type)
        {
            context.Alias(y, x, node);
            return;
        }

        context.Step("Conversion.Cast").In("input", x).Out("output", y);
    }
}
