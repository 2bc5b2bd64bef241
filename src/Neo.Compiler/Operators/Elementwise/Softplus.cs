namespace Neo.Compiler.Operators.Elementwise;

/// <summary>Softplus: ln(1 + e^x), elementwise (float32, float16, double).</summary>
public sealed class Softplus : SimpleUnary<Neo.Runtime.Kernels.Softplus>
{
    public override string OpType => "Softplus";
}
