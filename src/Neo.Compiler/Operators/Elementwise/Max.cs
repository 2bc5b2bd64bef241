namespace Neo.Compiler.Operators.Elementwise;

/// <summary>Max: the elementwise maximum of one or more inputs (NaN wins).</summary>
public sealed class Max : Variadic<Neo.Runtime.Kernels.Max>
{
    public override string OpType => "Max";

    public override string Notes => "variadic, broadcast, every numeric type";
}
