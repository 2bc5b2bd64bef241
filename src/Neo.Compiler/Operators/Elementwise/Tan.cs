namespace Neo.Compiler.Operators.Elementwise;

/// <summary>Tan: tan(x), elementwise (float32, float16, double).</summary>
public sealed class Tan : SimpleUnary<Neo.Runtime.Kernels.Tan>
{
    public override string OpType => "Tan";
}
