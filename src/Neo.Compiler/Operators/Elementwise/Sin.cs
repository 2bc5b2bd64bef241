namespace Neo.Compiler.Operators.Elementwise;

/// <summary>Sin: sin(x), elementwise (float32, float16, double).</summary>
public sealed class Sin : SimpleUnary<Neo.Runtime.Kernels.Sin>
{
    public override string OpType => "Sin";
}
