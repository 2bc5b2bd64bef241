namespace Neo.Compiler.Operators.Elementwise;

/// <summary>Mean: the elementwise mean of one or more inputs.</summary>
public sealed class Mean : Variadic<Neo.Runtime.Kernels.Add>
{
    public override string OpType => "Mean";

    public override string Notes => "variadic, broadcast";

    protected override bool Average => true;
}
