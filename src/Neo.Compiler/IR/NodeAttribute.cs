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

    // Each value is readable only as the kind the model declared: an 'axis' written as a FLOAT must be
    // an error naming the attribute, not a silent 0 that makes the code compute something else.
    private readonly float _float;
    private readonly long _int;
    private readonly string _string = "";
    private readonly TensorData? _tensor;
    private readonly Graph? _graph;
    private readonly float[] _floats = Array.Empty<float>();
    private readonly long[] _ints = Array.Empty<long>();
    private readonly string[] _strings = Array.Empty<string>();
    private readonly TensorData[] _tensors = Array.Empty<TensorData>();
    private readonly Graph[] _graphs = Array.Empty<Graph>();

    public float Float { get => Kind == AttributeKind.Float ? _float : throw WrongKind(AttributeKind.Float); init => _float = value; }

    public long Int { get => Kind == AttributeKind.Int ? _int : throw WrongKind(AttributeKind.Int); init => _int = value; }

    public string String { get => Kind == AttributeKind.String ? _string : throw WrongKind(AttributeKind.String); init => _string = value; }

    public TensorData? Tensor { get => Kind == AttributeKind.Tensor ? _tensor : throw WrongKind(AttributeKind.Tensor); init => _tensor = value; }

    /// <summary>The subgraph; null for other kinds (graph attributes are found by kind, never by name alone).</summary>
    public Graph? Graph { get => Kind == AttributeKind.Graph ? _graph : null; init => _graph = value; }

    public float[] Floats { get => Kind == AttributeKind.Floats ? _floats : throw WrongKind(AttributeKind.Floats); init => _floats = value; }

    public long[] Ints { get => Kind == AttributeKind.Ints ? _ints : throw WrongKind(AttributeKind.Ints); init => _ints = value; }

    public string[] Strings { get => Kind == AttributeKind.Strings ? _strings : throw WrongKind(AttributeKind.Strings); init => _strings = value; }

    public TensorData[] Tensors { get => Kind == AttributeKind.Tensors ? _tensors : throw WrongKind(AttributeKind.Tensors); init => _tensors = value; }

    /// <summary>The subgraphs; empty for other kinds.</summary>
    public Graph[] Graphs { get => Kind == AttributeKind.Graphs ? _graphs : Array.Empty<Graph>(); init => _graphs = value; }

    /// <summary>
    /// The error for reading the attribute as another kind than the model gave. It names the attribute;
    /// the pass that catches it adds the node (see <see cref="Diagnostics.NodeFailure"/>).
    /// </summary>
    private Diagnostics.CompileErrorException WrongKind(AttributeKind wanted) =>
        new(Diagnostics.DiagnosticCodes.InvalidNode, $"attribute '{Name}' is {KindName(Kind)}, but the operator reads it as {KindName(wanted)}. Re-export the model; an exporter or hand edit wrote the wrong attribute type.");

    private static string KindName(AttributeKind k) => k switch
    {
        AttributeKind.Float => "a FLOAT",
        AttributeKind.Int => "an INT",
        AttributeKind.String => "a STRING",
        AttributeKind.Tensor => "a TENSOR",
        AttributeKind.Graph => "a GRAPH",
        AttributeKind.Floats => "FLOATS",
        AttributeKind.Ints => "INTS",
        AttributeKind.Strings => "STRINGS",
        AttributeKind.Tensors => "TENSORS",
        AttributeKind.Graphs => "GRAPHS",
        _ => "of a type Neo does not read",
    };

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
