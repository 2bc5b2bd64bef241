namespace Neo.Compiler.Operators.Elementwise;

/// <summary>Acos: acos(x), elementwise (float32, float16, double).</summary>
public sealed class Acos : SimpleUnary<Neo.Runtime.Kernels.Acos>
{
    public override string OpType => "Acos";
}
