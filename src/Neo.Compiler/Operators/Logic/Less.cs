namespace Neo.Compiler.Operators.Logic;

/// <summary>Less: compares two tensors elementwise with broadcasting, giving bools.</summary>
public sealed class Less : Comparison<Neo.Runtime.Kernels.Less>
{
    public override string OpType => "Less";
}
