namespace Neo.Compiler.Operators.Elementwise;

/// <summary>Sign: −1, 0 or 1 by the sign of x (integers too), elementwise (float32, float16, double, integers).</summary>
public sealed class Sign : SimpleUnary<Neo.Runtime.Kernels.Sign>
{
    public override string OpType => "Sign";

    public override string Notes => "float and integer types";
}
