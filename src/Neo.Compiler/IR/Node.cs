using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Neo.Compiler.Diagnostics;

namespace Neo.Compiler.IR;

/// <summary>An operator application: op type, inputs (null for an omitted optional input), outputs and attributes.</summary>
public sealed class Node
{
    public Node(string name, string opType, string domain = "")
    {
        Name = name;
        OpType = opType;
        Domain = domain;
    }

    /// <summary>The node's name in the model file (made unique by the importer when empty or repeated).</summary>
    public string Name { get; set; }

    public string OpType { get; set; }

    /// <summary>The operator set domain: "" for ai.onnx, "ai.onnx.ml", "neo" for Neo's own fused operators.</summary>
    public string Domain { get; set; }

    /// <summary>The opset version of <see cref="Domain"/> the model imports.</summary>
    public int OpsetVersion { get; set; }

    public List<Value?> Inputs { get; } = new();

    public List<Value?> Outputs { get; } = new();

    public Dictionary<string, NodeAttribute> Attributes { get; } = new(StringComparer.Ordinal);

    /// <summary>The names of the original model nodes this node stands for (itself, or those a pass fused into it).</summary>
    public List<string> Origin { get; } = new();

    /// <summary>
    /// For an out-fusable node (Conv, Gemm, MatMul): a tensor of the output's shape added to every result
    /// before <see cref="Epilogue"/> (the residual Add of a ResNet block), or null. The fusion pass sets it
    /// and lists it among <see cref="Inputs"/> too, so liveness and verification see the read.
    /// </summary>
    public Value? Residual { get; set; }

    /// <summary>
    /// For a 1×1 Conv: a tensor of one value per input channel that multiplies channel c of the input before the
    /// convolution (a squeeze-and-excitation scaling), or null. ChannelScaleFusion sets it and lists it among
    /// <see cref="Inputs"/> too.
    /// </summary>
    public Value? InputScale { get; set; }

    /// <summary>
    /// For an out-fusable node: the elementwise nodes (unary, parameters known at build time) applied in
    /// order to each result after bias and residual. Empty when nothing was fused.
    /// </summary>
    public List<Node> Epilogue { get; } = new();

    /// <summary>
    /// Conditions under which the node runs, all of which must hold: the expansion of an <c>If</c> whose
    /// condition is only known at run time guards each branch's nodes by the condition (then-branch) or
    /// its negation (else-branch). Empty for nodes that always run. A guarded node's outputs are read only
    /// by nodes with the same guards or by the <c>neo.Choose</c> node that joins the branches.
    /// </summary>
    public List<Guard> Guards { get; } = new();

    /// <summary>Where a node appears in messages: its name and op type.</summary>
    public string Display => $"'{Name}' ({OpType})";

    public Value? Input(int i) => i < Inputs.Count ? Inputs[i] : null;

    public Value? Output(int i) => i < Outputs.Count ? Outputs[i] : null;

    public bool HasAttribute(string name) => Attributes.ContainsKey(name);

    public long GetInt(string name, long defaultValue) =>
        Attributes.TryGetValue(name, out NodeAttribute? a) ? a.Int : defaultValue;

    public float GetFloat(string name, float defaultValue) =>
        Attributes.TryGetValue(name, out NodeAttribute? a) ? a.Float : defaultValue;

    public string GetString(string name, string defaultValue) =>
        Attributes.TryGetValue(name, out NodeAttribute? a) ? a.String : defaultValue;

    public long[]? GetInts(string name) =>
        Attributes.TryGetValue(name, out NodeAttribute? a) ? a.Ints : null;

    public float[]? GetFloats(string name) =>
        Attributes.TryGetValue(name, out NodeAttribute? a) ? a.Floats : null;

    public TensorData? GetTensor(string name) =>
        Attributes.TryGetValue(name, out NodeAttribute? a) ? a.Tensor : null;

    public Graph? GetGraph(string name) =>
        Attributes.TryGetValue(name, out NodeAttribute? a) ? a.Graph : null;

    /// <summary>An attribute that must be present.</summary>
    public NodeAttribute Require(string name) =>
        Attributes.TryGetValue(name, out NodeAttribute? a)
            ? a
            : throw new CompileErrorException(DiagnosticCodes.InvalidNode, $"node {Display} lacks its required attribute '{name}'.", Name);

    /// <summary>A node input that must be present and have a static shape.</summary>
    public Value RequireInput(int i) =>
        Input(i) ?? throw new CompileErrorException(DiagnosticCodes.InvalidNode, $"node {Display} lacks its required input {i.ToString(CultureInfo.InvariantCulture)}.", Name);

    public override string ToString() =>
        $"{string.Join(", ", Outputs.Select(o => o?.Name ?? "_"))} = {OpType}({string.Join(", ", Inputs.Select(i => i?.Name ?? "_"))})";
}

/// <summary>A run-time condition on a node: it runs only when <see cref="Condition"/>'s first element equals <see cref="WhenTrue"/>.</summary>
/// <param name="Condition">A bool tensor (an If's condition).</param>
/// <param name="WhenTrue">Whether the node runs when the condition is true (the then-branch) or false (the else-branch).</param>
public readonly record struct Guard(Value Condition, bool WhenTrue);
