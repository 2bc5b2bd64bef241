namespace Neo.Compiler.Operators.Reduction;

/// <summary>ReduceLogSum: the log of the sum over the given axes.</summary>
public sealed class ReduceLogSum : ReduceOperator<Neo.Runtime.Kernels.LogSumReducer>
{
    public override string OpType => "ReduceLogSum";
}
