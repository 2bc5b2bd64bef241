namespace Neo.Compiler.Operators.Elementwise;

/// <summary>Sinh: sinh(x), elementwise (float32, float16, double).</summary>
public sealed class Sinh : SimpleUnary<Neo.Runtime.Kernels.Sinh>
{
    public override string OpType => "Sinh";
}
