namespace Neo.Compiler.Operators.Logic;

/// <summary>Greater: compares two tensors elementwise with broadcasting, giving bools.</summary>
public sealed class Greater : Comparison<Neo.Runtime.Kernels.Greater>
{
    public override string OpType => "Greater";
}
