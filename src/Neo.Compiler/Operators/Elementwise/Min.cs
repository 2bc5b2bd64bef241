namespace Neo.Compiler.Operators.Elementwise;

/// <summary>Min: the elementwise minimum of one or more inputs (NaN wins).</summary>
public sealed class Min : Variadic<Neo.Runtime.Kernels.Min>
{
    public override string OpType => "Min";

    public override string Notes => "variadic, broadcast, every numeric type";
}
