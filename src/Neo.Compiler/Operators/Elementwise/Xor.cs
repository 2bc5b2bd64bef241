namespace Neo.Compiler.Operators.Elementwise;

/// <summary>Xor: logical xor of two bool tensors, with broadcasting.</summary>
public sealed class Xor : BinaryElementwise<Neo.Runtime.Kernels.Xor>
{
    public override string OpType => "Xor";

    public override string Notes => "bool";
}
