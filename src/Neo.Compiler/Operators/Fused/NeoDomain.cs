namespace Neo.Compiler.Operators.Fused;

/// <summary>
/// The operator domain of Neo's own operators: what the optimizer makes of patterns (fused groups,
/// recognized activations and normalizations). They never come from a model file's own nodes with
/// meaning Neo did not give them, since no exporter writes domain "neo".
/// </summary>
public static class NeoDomain
{
    public const string Name = "neo";
}
