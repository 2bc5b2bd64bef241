using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Options;
using Neo.Plan;

namespace Neo.Compiler.Lowering;

/// <summary>
/// What operators lower into: tensors with their storage (inputs, outputs, weights, arena, views) and
/// the ordered kernel calls. The memory plan later gives arena tensors their offsets.
/// </summary>
public sealed class LoweringContext
{
    private readonly Dictionary<Value, LTensor> _tensors = new();
    private readonly List<LTensor> _all = new();
    private int _next;

    public LoweringContext(Graph graph, TargetDevice device, Operators.OperatorRegistry? operators = null)
    {
        Graph = graph;
        Device = device;
        Operators = operators ?? Neo.Compiler.Operators.OperatorRegistry.Default;
        for (int i = 0; i < graph.Inputs.Count; i++)
        {
            Value v = graph.Inputs[i];
            LTensor t = New(v.Name, v.Type, v.Shape!, TensorStorage.Input);
            t.Index = i;
            _tensors[v] = t;
        }

        var taken = new HashSet<Value>();
        for (int i = 0; i < graph.Outputs.Count; i++)
        {
            Value v = graph.Outputs[i];
            LTensor t = New(v.Name, v.Type, v.Shape!, TensorStorage.Output);
            t.Index = i;
            Outputs.Add(t);
            if (v.Constant is null && v.Producer is not null && taken.Add(v))
            {
                _tensors[v] = t;
            }
        }
    }

    public Graph Graph { get; }

    public TargetDevice Device { get; }

    /// <summary>The operators (lowering a fused epilogue asks them for their functors).</summary>
    public Operators.OperatorRegistry Operators { get; }

    public List<LStep> Steps { get; } = new();

    /// <summary>The output tensors, in graph order.</summary>
    public List<LTensor> Outputs { get; } = new();

    public IReadOnlyList<LTensor> Tensors => _all;

    /// <summary>The node being lowered (for step labels).</summary>
    public Node? Current { get; internal set; }

    /// <summary>Starts a kernel call computing <paramref name="nodes"/> (the current node when none are given).</summary>
    public StepBuilder Step(string call, params Node[] nodes)
    {
        Node[] ns = nodes.Length > 0 ? nodes : Current is null ? Array.Empty<Node>() : new[] { Current };
        string label = ns.Length == 0 ? call : string.Join("+", ns.Select(Label));
        var step = new LStep(label, call, ns);
        Steps.Add(step);
        if (ns.Length > 0)
        {
            // A step runs under its first node's guards. A guarded node's outputs feed only its own branch,
            // so a fused step never carries branch work outside the branch's guard.
            foreach (Guard g in ns[0].Guards)
            {
                LTensor condition = TensorOf(g.Condition);
                step.Guards.Add((condition, g.WhenTrue));
                step.Reads.Add(condition);
            }
        }

        return new StepBuilder(this, step);
    }

    /// <summary>
    /// What a step computing <paramref name="node"/> is called: the op types it fused, in order
    /// (<c>Conv+Add+Relu</c>, <c>Sub+Mul+Add</c> for a fused elementwise group, whose nodes are its <c>body</c>).
    /// </summary>
    public static string Label(Node node) =>
        node.GetGraph("body") is { } body ? string.Join("+", body.Nodes.Select(Label)) : Epilogues.Label(node);

    /// <summary>The tensor that holds <paramref name="value"/>, made on first use.</summary>
    public LTensor TensorOf(Value value)
    {
        if (_tensors.TryGetValue(value, out LTensor? t))
        {
            return t;
        }

        if (value.Constant is { } data)
        {
            t = New(value.Name, data.Type, data.Shape, TensorStorage.Weights);
            t.Data = data;
        }
        else
        {
            t = New(value.Name, value.Type, value.Shape ?? throw new InvalidOperationException($"'{value.Name}' has no shape."), TensorStorage.Arena);
        }

        _tensors[value] = t;
        return t;
    }

    /// <summary>
    /// Weights made at build time (prepacked or folded), not a graph value: a kernel that reads its weights in
    /// another layout (GEMM panels, blocked filters) rearranges them here once, so nothing repacks at run time.
    /// The weights blob stores them in first-use order and the build report counts them as prepacked.
    /// </summary>
    public LTensor Weights(string name, TensorData data, bool prepacked = true)
    {
        LTensor t = New(name, data.Type, data.Shape, TensorStorage.Weights);
        t.Data = data;
        t.IsPrepacked = prepacked;
        return t;
    }

    /// <summary>A tensor only the lowering knows (an intermediate of a multi-kernel operator).</summary>
    public LTensor Temporary(string name, DataType type, int[] shape) => New(name, type, shape, TensorStorage.Arena);

    internal LTensor NewScratch(DataType type, long elements, string label)
    {
        LTensor t = New("scratch of " + label, type, new[] { checked((int)elements) }, TensorStorage.Arena);
        t.IsScratch = true;
        return t;
    }

    /// <summary>
    /// Makes <paramref name="output"/> share <paramref name="input"/>'s elements (Reshape, Flatten, Squeeze:
    /// a view, no copy). Falls back to a copy when sharing is not legal: an output that is also an input,
    /// a weight or another output.
    /// </summary>
    public void Alias(Value output, Value input, Node node)
    {
        LTensor src = TensorOf(input);
        if (_tensors.TryGetValue(output, out LTensor? dst) && dst.Storage == TensorStorage.Output)
        {
            LTensor srcRoot = src.Root;
            if (srcRoot.Storage == TensorStorage.Arena && !srcRoot.IsScratch && srcRoot.Length == src.Length && src.ViewOf is null && !IsAliased(srcRoot))
            {
                // The producer writes straight into the caller's output span.
                srcRoot.Storage = TensorStorage.View;
                srcRoot.ViewOf = dst;
                srcRoot.ViewOffset = 0;
                return;
            }

            Copy(src, dst, node);
            return;
        }

        LTensor view = New(output.Name, output.Type, output.Shape!, TensorStorage.View);
        view.ViewOf = src;
        view.ViewOffset = 0;
        _tensors[output] = view;
    }

    /// <summary>Emits an element copy.</summary>
    public void Copy(LTensor src, LTensor dst, Node? node)
    {
        Step("Tensor.Copy", node is null ? Array.Empty<Node>() : new[] { node }).In("source", src).Out("destination", dst);
    }

    private bool IsAliased(LTensor root) => _all.Any(t => t.ViewOf == root);

    /// <summary>Graph outputs not computed by a step into their own span (inputs, constants, repeats) get a copy.</summary>
    internal void FinishOutputs()
    {
        for (int i = 0; i < Graph.Outputs.Count; i++)
        {
            Value v = Graph.Outputs[i];
            LTensor dst = Outputs[i];
            LTensor src = TensorOf(v);
            if (!ReferenceEquals(src, dst) && !ReferenceEquals(src.Root, dst))
            {
                Copy(src, dst, v.Producer);
            }
        }
    }

    private LTensor New(string name, DataType type, int[] shape, TensorStorage storage)
    {
        var t = new LTensor("t" + (_next++).ToString(CultureInfo.InvariantCulture), name, type, shape, storage);
        _all.Add(t);
        return t;
    }
}
