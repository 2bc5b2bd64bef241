namespace Neo.Compiler.Operators.Fused;

/// <summary>neo.Silu: x · sigmoid(x) (Swish). SiluRecognition makes it from Mul(x, Sigmoid(x)).</summary>
public sealed class Silu : Elementwise.SimpleUnary<Neo.Runtime.Kernels.Silu>
{
    public override string OpType => "Silu";

    public override string Domain => NeoDomain.Name;

    public override string Notes => "made by SiluRecognition";
}
