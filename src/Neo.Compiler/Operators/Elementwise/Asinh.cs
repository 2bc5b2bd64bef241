namespace Neo.Compiler.Operators.Elementwise;

/// <summary>Asinh: asinh(x), elementwise (float32, float16, double).</summary>
public sealed class Asinh : SimpleUnary<Neo.Runtime.Kernels.Asinh>
{
    public override string OpType => "Asinh";
}
