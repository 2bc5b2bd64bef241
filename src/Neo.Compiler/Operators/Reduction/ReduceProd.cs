namespace Neo.Compiler.Operators.Reduction;

/// <summary>ReduceProd: the product over the given axes.</summary>
public sealed class ReduceProd : ReduceOperator<Neo.Runtime.Kernels.ProdReducer>
{
    public override string OpType => "ReduceProd";
}
