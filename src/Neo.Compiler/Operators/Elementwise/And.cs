namespace Neo.Compiler.Operators.Elementwise;

/// <summary>And: logical and of two bool tensors, with broadcasting.</summary>
public sealed class And : BinaryElementwise<Neo.Runtime.Kernels.And>
{
    public override string OpType => "And";

    public override string Notes => "bool";
}
