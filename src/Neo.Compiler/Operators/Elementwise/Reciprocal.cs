namespace Neo.Compiler.Operators.Elementwise;

/// <summary>Reciprocal: 1/x, elementwise (float32, float16, double).</summary>
public sealed class Reciprocal : SimpleUnary<Neo.Runtime.Kernels.Reciprocal>
{
    public override string OpType => "Reciprocal";
}
