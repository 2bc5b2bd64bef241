namespace Neo.Compiler.Operators.Elementwise;

/// <summary>Floor: ⌊x⌋, elementwise (float32, float16, double).</summary>
public sealed class Floor : SimpleUnary<Neo.Runtime.Kernels.Floor>
{
    public override string OpType => "Floor";
}
