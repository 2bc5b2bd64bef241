namespace Neo.Compiler.Operators.Reduction;

/// <summary>ReduceL1: the sum of absolute values over the given axes.</summary>
public sealed class ReduceL1 : ReduceOperator<Neo.Runtime.Kernels.L1Reducer>
{
    public override string OpType => "ReduceL1";
}
