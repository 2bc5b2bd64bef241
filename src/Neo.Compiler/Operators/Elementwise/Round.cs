namespace Neo.Compiler.Operators.Elementwise;

/// <summary>Round: x rounded half to even, elementwise (float32, float16, double).</summary>
public sealed class Round : SimpleUnary<Neo.Runtime.Kernels.Round>
{
    public override string OpType => "Round";

    public override string Notes => "halves to even";
}
