namespace Neo.Compiler.Operators.Elementwise;

/// <summary>Mish: x·tanh(softplus(x)), elementwise (float32, float16, double).</summary>
public sealed class Mish : SimpleUnary<Neo.Runtime.Kernels.Mish>
{
    public override string OpType => "Mish";
}
