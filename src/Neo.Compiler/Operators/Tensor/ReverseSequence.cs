using System;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Tensor;

/// <summary>ReverseSequence: reverses the first sequence_lens[b] steps of each batch entry along the time axis.</summary>
public sealed class ReverseSequence : Operator
{
    public override string OpType => "ReverseSequence";

    public override string Notes => "time_axis 0 or 1";

    public override OpKind Kind => OpKind.Injective;

    private static (int Time, int Batch, int Inner, bool TimeMajor) Dims(Node node)
    {
        int[] x = node.Input(0)!.Shape!;
        int timeAxis = (int)node.GetInt("time_axis", 0), batchAxis = (int)node.GetInt("batch_axis", 1);
        if (x.Length < 2 || !((timeAxis == 0 && batchAxis == 1) || (timeAxis == 1 && batchAxis == 0)))
        {
            throw Invalid(node, $"has time_axis {timeAxis} and batch_axis {batchAxis} for input {Shapes.Format(x)}; they must be 0 and 1.");
        }

        return (x[timeAxis], x[batchAxis], (int)Shapes.Size(x.AsSpan(2)), timeAxis == 0);
    }

    public override void InferShapes(Node node)
    {
        RequireType(node, 1, DataType.Int64);
        Value x = node.RequireInput(0);
        (_, int batch, _, _) = Dims(node);
        if (node.RequireInput(1).Size != batch)
        {
            throw Mismatch(node, $"has {node.Input(1)!.Size} sequence lengths for a batch of {batch}.");
        }

        SetOutput(node, 0, x.Type, ShapeOf(x));
    }

    public override void Lower(Node node, LoweringContext context)
    {
        (int time, int batch, int inner, bool timeMajor) = Dims(node);
        context.Step("Indexing.ReverseSequence").In("x", node.Input(0)!).In("lengths", node.Input(1)!).Out("y", node.Output(0)!)
            .Int("time", time).Int("batch", batch).Int("inner", inner).Bool("timeMajor", timeMajor);
    }
}
