namespace Neo.Compiler.Operators.Reduction;

/// <summary>ReduceMax: the maximum over the given axes.</summary>
public sealed class ReduceMax : ReduceOperator<Neo.Runtime.Kernels.MaxReducer>
{
    public override string OpType => "ReduceMax";
}
