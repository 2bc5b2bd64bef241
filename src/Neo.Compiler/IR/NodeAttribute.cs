using System;

namespace Neo.Compiler.IR;

public enum AttributeKind
{
    Float,
    Int,
    String,
    Tensor,
    Graph,
    Floats,
    Ints,
    Strings,
    Tensors,
    Graphs,
    Other,

    /// <summary>Structured data with no ONNX attribute form, attached by a non-ONNX importer (the trees of an XGBoost model).</summary>
    Payload,
}

/// <summary>A node attribute, as read from the model.</summary>
public sealed class NodeAttribute
{
    public NodeAttribute(string name, AttributeKind kind)
    {
        Name = name;
        Kind = kind;
    }

    public string Name { get; }

    public AttributeKind Kind { get; }

    public float Float { get; init; }

    public long Int { get; init; }

    public string String { get; init; } = "";

    public TensorData? Tensor { get; init; }

    public Graph? Graph { get; init; }

    public float[] Floats { get; init; } = Array.Empty<float>();

    public long[] Ints { get; init; } = Array.Empty<long>();

    public string[] Strings { get; init; } = Array.Empty<string>();

    public TensorData[] Tensors { get; init; } = Array.Empty<TensorData>();

    public Graph[] Graphs { get; init; } = Array.Empty<Graph>();

    /// <summary>The value of a <see cref="AttributeKind.Payload"/> attribute; its ToString is what IR dumps print.</summary>
    public object? Payload { get; init; }

    public static NodeAttribute FromInt(string name, long v) => new(name, AttributeKind.Int) { Int = v };

    public static NodeAttribute FromFloat(string name, float v) => new(name, AttributeKind.Float) { Float = v };

    public static NodeAttribute FromInts(string name, long[] v) => new(name, AttributeKind.Ints) { Ints = v };

    public static NodeAttribute FromFloats(string name, float[] v) => new(name, AttributeKind.Floats) { Floats = v };

    public static NodeAttribute FromString(string name, string v) => new(name, AttributeKind.String) { String = v };

    public static NodeAttribute FromTensor(string name, TensorData v) => new(name, AttributeKind.Tensor) { Tensor = v };

    public static NodeAttribute FromPayload(string name, object v) => new(name, AttributeKind.Payload) { Payload = v };

    public static NodeAttribute FromGraph(string name, Graph v) => new(name, AttributeKind.Graph) { Graph = v };
}
