namespace Neo.Compiler.Operators.Elementwise;

/// <summary>Cosh: cosh(x), elementwise (float32, float16, double).</summary>
public sealed class Cosh : SimpleUnary<Neo.Runtime.Kernels.Cosh>
{
    public override string OpType => "Cosh";
}
