namespace Neo.Compiler.Operators.Elementwise;

/// <summary>Atanh: atanh(x), elementwise (float32, float16, double).</summary>
public sealed class Atanh : SimpleUnary<Neo.Runtime.Kernels.Atanh>
{
    public override string OpType => "Atanh";
}
