namespace Neo.Compiler.Operators.Elementwise;

/// <summary>Sum: the elementwise sum of one or more inputs.</summary>
public sealed class Sum : Variadic<Neo.Runtime.Kernels.Add>
{
    public override string OpType => "Sum";

    public override string Notes => "variadic, broadcast";
}
