namespace Neo.Compiler.Operators.Elementwise;

/// <summary>Or: logical or of two bool tensors, with broadcasting.</summary>
public sealed class Or : BinaryElementwise<Neo.Runtime.Kernels.Or>
{
    public override string OpType => "Or";

    public override string Notes => "bool";
}
