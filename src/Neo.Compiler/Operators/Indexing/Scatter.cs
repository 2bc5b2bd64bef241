namespace Neo.Compiler.Operators.Indexing;

/// <summary>Scatter (deprecated in opset 11): ScatterElements under its old name.</summary>
public sealed class Scatter : ScatterElements
{
    public override string OpType => "Scatter";

    public override string Notes => "as ScatterElements";
}
