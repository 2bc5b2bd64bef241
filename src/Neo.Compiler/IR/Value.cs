using System;

namespace Neo.Compiler.IR;

/// <summary>
/// A tensor in the graph: a graph input, an initializer or constant (<see cref="Constant"/> set),
/// or the output of a node (<see cref="Producer"/> set). Shapes are static once inference ran.
/// </summary>
public sealed class Value
{
    public Value(string name, DataType type, int[]? shape = null)
    {
        Name = name;
        Type = type;
        Shape = shape;
    }

    /// <summary>The tensor's name in the model file (unique in the graph).</summary>
    public string Name { get; set; }

    public DataType Type { get; set; }

    /// <summary>The static shape, or null before shape inference.</summary>
    public int[]? Shape { get; set; }

    /// <summary>Symbolic dimension names from the model file, where it had them (graph inputs and outputs).</summary>
    public string?[]? SymbolicDims { get; set; }

    /// <summary>
    /// Whether symbolic dimensions that Shapes leaves unset become 1 without warning NEO1018: the row count
    /// of a tree model, where one row is the natural default rather than a guess.
    /// </summary>
    public bool DefaultsToOneQuietly { get; set; }

    /// <summary>The value when known at build time.</summary>
    public TensorData? Constant { get; set; }

    /// <summary>The node that computes this tensor, or null for graph inputs and constants.</summary>
    public Node? Producer { get; set; }

    public bool IsConstant => Constant is not null;

    public int Rank => Shape?.Length ?? throw new InvalidOperationException($"Shape of '{Name}' is not inferred.");

    public long Size => Shapes.Size(Shape ?? throw new InvalidOperationException($"Shape of '{Name}' is not inferred."));

    public override string ToString() => $"{Name}: {DataTypes.Name(Type)}{Shapes.Format(Shape)}";
}
