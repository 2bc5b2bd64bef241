namespace Neo.Compiler.Operators.Reduction;

/// <summary>ReduceMin: the minimum over the given axes.</summary>
public sealed class ReduceMin : ReduceOperator<Neo.Runtime.Kernels.MinReducer>
{
    public override string OpType => "ReduceMin";
}
