namespace Neo.Compiler.Operators.Logic;

/// <summary>Equal: compares two tensors elementwise with broadcasting, giving bools.</summary>
public sealed class Equal : Comparison<Neo.Runtime.Kernels.Equal>
{
    public override string OpType => "Equal";
}
