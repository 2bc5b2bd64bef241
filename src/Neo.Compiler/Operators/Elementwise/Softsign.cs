namespace Neo.Compiler.Operators.Elementwise;

/// <summary>Softsign: x / (1 + |x|), elementwise (float32, float16, double).</summary>
public sealed class Softsign : SimpleUnary<Neo.Runtime.Kernels.Softsign>
{
    public override string OpType => "Softsign";
}
