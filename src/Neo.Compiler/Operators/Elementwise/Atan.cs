namespace Neo.Compiler.Operators.Elementwise;

/// <summary>Atan: atan(x), elementwise (float32, float16, double).</summary>
public sealed class Atan : SimpleUnary<Neo.Runtime.Kernels.Atan>
{
    public override string OpType => "Atan";
}
