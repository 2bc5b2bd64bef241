namespace Neo.Compiler.Operators.Logic;

/// <summary>GreaterOrEqual: compares two tensors elementwise with broadcasting, giving bools.</summary>
public sealed class GreaterOrEqual : Comparison<Neo.Runtime.Kernels.GreaterOrEqual>
{
    public override string OpType => "GreaterOrEqual";
}
