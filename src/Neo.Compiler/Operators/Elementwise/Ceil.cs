namespace Neo.Compiler.Operators.Elementwise;

/// <summary>Ceil: ⌈x⌉, elementwise (float32, float16, double).</summary>
public sealed class Ceil : SimpleUnary<Neo.Runtime.Kernels.Ceil>
{
    public override string OpType => "Ceil";
}
