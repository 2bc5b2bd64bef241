namespace Neo.Compiler.Operators.Elementwise;

/// <summary>Asin: asin(x), elementwise (float32, float16, double).</summary>
public sealed class Asin : SimpleUnary<Neo.Runtime.Kernels.Asin>
{
    public override string OpType => "Asin";
}
