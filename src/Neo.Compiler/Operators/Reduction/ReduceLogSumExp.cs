namespace Neo.Compiler.Operators.Reduction;

/// <summary>ReduceLogSumExp: the log of the sum of exponentials over the given axes.</summary>
public sealed class ReduceLogSumExp : ReduceOperator<Neo.Runtime.Kernels.LogSumExpReducer>
{
    public override string OpType => "ReduceLogSumExp";
}
