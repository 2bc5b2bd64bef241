namespace Neo.Compiler.Operators.Elementwise;

/// <summary>Acosh: acosh(x), elementwise (float32, float16, double).</summary>
public sealed class Acosh : SimpleUnary<Neo.Runtime.Kernels.Acosh>
{
    public override string OpType => "Acosh";
}
