namespace Neo.Compiler.Operators.Reduction;

/// <summary>ReduceSumSquare: the sum of squares over the given axes.</summary>
public sealed class ReduceSumSquare : ReduceOperator<Neo.Runtime.Kernels.SumSquareReducer>
{
    public override string OpType => "ReduceSumSquare";
}
