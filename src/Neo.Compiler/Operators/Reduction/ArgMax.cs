namespace Neo.Compiler.Operators.Reduction;

/// <summary>ArgMax: the index of the largest element along an axis.</summary>
public sealed class ArgMax : ArgExtreme
{
    public override string OpType => "ArgMax";

    protected override bool Max => true;
}
