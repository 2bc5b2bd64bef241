namespace Neo.Compiler.Operators.Elementwise;

/// <summary>Not: logical negation of a bool tensor.</summary>
public sealed class Not : SimpleUnary<Neo.Runtime.Kernels.Not>
{
    public override string OpType => "Not";

    public override string Notes => "bool";
}
