namespace Neo.Compiler.Operators.Reduction;

/// <summary>ArgMin: the index of the smallest element along an axis.</summary>
public sealed class ArgMin : ArgExtreme
{
    public override string OpType => "ArgMin";

    protected override bool Max => false;
}
