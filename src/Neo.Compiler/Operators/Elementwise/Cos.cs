namespace Neo.Compiler.Operators.Elementwise;

/// <summary>Cos: cos(x), elementwise (float32, float16, double).</summary>
public sealed class Cos : SimpleUnary<Neo.Runtime.Kernels.Cos>
{
    public override string OpType => "Cos";
}
