namespace Neo.Compiler.Operators.Reduction;

/// <summary>ReduceMean: the mean over the given axes.</summary>
public sealed class ReduceMean : ReduceOperator<Neo.Runtime.Kernels.MeanReducer>
{
    public override string OpType => "ReduceMean";
}
