namespace Neo.Compiler.Operators.Reduction;

/// <summary>ReduceL2: the Euclidean norm over the given axes.</summary>
public sealed class ReduceL2 : ReduceOperator<Neo.Runtime.Kernels.L2Reducer>
{
    public override string OpType => "ReduceL2";
}
