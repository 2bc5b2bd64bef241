namespace Neo.Compiler.Operators.Logic;

/// <summary>LessOrEqual: compares two tensors elementwise with broadcasting, giving bools.</summary>
public sealed class LessOrEqual : Comparison<Neo.Runtime.Kernels.LessOrEqual>
{
    public override string OpType => "LessOrEqual";
}
