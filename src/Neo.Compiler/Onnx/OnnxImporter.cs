using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Google.Protobuf;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Onnx.Proto;

namespace Neo.Compiler.Onnx;

/// <summary>
/// Turns an ONNX <c>ModelProto</c> into the compiler's graph: values resolved by name, nodes put in
/// topological order, initializers and <c>Constant</c> nodes as constant values, subgraphs imported
/// with their outer scope. Problems are reported all at once where the graph allows.
/// </summary>
public sealed class OnnxImporter
{
    /// <summary>The newest default-domain opset Neo knows; newer models are refused rather than misread.</summary>
    public const int MaxOpset = 21;

    /// <summary>The largest dense form of a sparse tensor Neo builds (64 MB of float32).</summary>
    public const long MaxDensifiedElements = 1 << 24;

    private readonly DiagnosticBag _diagnostics;
    private readonly ExternalData? _external;
    private readonly Dictionary<string, long> _opsets = new(StringComparer.Ordinal);
    private readonly HashSet<string> _missingOpsets = new(StringComparer.Ordinal);
    private int _anonymous;

    private OnnxImporter(DiagnosticBag diagnostics, string? modelDirectory)
    {
        _diagnostics = diagnostics;
        _external = modelDirectory is null ? null : new ExternalData(modelDirectory);
    }

    /// <summary>
    /// Imports a model from its bytes. Returns null when nothing usable could be read; otherwise the model,
    /// which may be incomplete when errors were reported (so the caller can report the model's other
    /// problems, such as unsupported operators, at the same time).
    /// </summary>
    public static Model? Import(byte[] bytes, string path, string? modelDirectory, DiagnosticBag diagnostics)
    {
        ModelProto proto;
        try
        {
            var input = new CodedInputStream(bytes);
            proto = ModelProto.Parser.ParseFrom(input);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or ArgumentException or InvalidOperationException)
        {
            diagnostics.Error(DiagnosticCodes.MalformedModel, $"the file is not a valid ONNX model: {e.Message} Check that it is an .onnx file and was not truncated.");
            return null;
        }

        var importer = new OnnxImporter(diagnostics, modelDirectory);
        try
        {
            return importer.ImportModel(proto, path);
        }
        catch (CompileErrorException e)
        {
            diagnostics.Add(e);
            return null;
        }
    }

    private Model? ImportModel(ModelProto proto, string path)
    {
        if (proto.Graph is null)
        {
            _diagnostics.Error(DiagnosticCodes.NoGraph, "the model has no graph. Check that the file is an ONNX model and not another protobuf.");
            return null;
        }

        foreach (OperatorSetIdProto op in proto.OpsetImport)
        {
            string domain = op.Domain is "ai.onnx" ? "" : op.Domain;
            _opsets[domain] = op.Version;
        }

        if (proto.OpsetImport.Count == 0)
        {
            // IR version 1-2 models predate opset_import; they mean opset 1.
            _opsets[""] = 1;
        }

        if (_opsets.TryGetValue("", out long v) && (v < 1 || v > MaxOpset))
        {
            _diagnostics.Error(DiagnosticCodes.UnsupportedOpset, $"the model imports opset {v} of the default ONNX domain; Neo supports opsets 1 to {MaxOpset}. Export with an opset in that range.");
            return null;
        }

        if (_opsets.TryGetValue("ai.onnx.ml", out long ml) && (ml < 1 || ml > 5))
        {
            _diagnostics.Error(DiagnosticCodes.UnsupportedOpset, $"the model imports opset {ml} of ai.onnx.ml; Neo supports opsets 1 to 5.");
            return null;
        }

        Graph? graph = ImportGraph(proto.Graph, outer: null);
        if (graph is null)
        {
            return null;
        }

        var model = new Model(graph, path)
        {
            Producer = (proto.ProducerName + " " + proto.ProducerVersion).Trim(),
            IrVersion = proto.IrVersion,
            DocString = proto.DocString,
        };
        foreach (KeyValuePair<string, long> kv in _opsets)
        {
            model.Opsets[kv.Key] = kv.Value;
        }

        return model;
    }

    /// <summary>Imports a graph. <paramref name="outer"/> resolves names a subgraph reads from its enclosing graphs.</summary>
    private Graph? ImportGraph(GraphProto gp, Func<string, Value?>? outer)
    {
        var graph = new Graph { Name = gp.Name };
        var values = new Dictionary<string, Value>(StringComparer.Ordinal);

        // Tensors whose definition was refused (and reported): reading them is not a second error.
        var refused = new HashSet<string>(StringComparer.Ordinal);

        foreach (TensorProto init in gp.Initializer)
        {
            if (values.ContainsKey(init.Name))
            {
                _diagnostics.Error(DiagnosticCodes.DuplicateName, $"two initializers are named '{init.Name}'. Re-export the model: tensor names must be unique.", init.Name);
                continue;
            }

            try
            {
                TensorData data = OnnxTensors.ToTensorData(init, _external);
                values[init.Name] = new Value(init.Name, data.Type, data.Shape) { Constant = data };
            }
            catch (CompileErrorException e)
            {
                _diagnostics.Add(e);
                refused.Add(init.Name);
            }
        }

        foreach (SparseTensorProto sp in gp.SparseInitializer)
        {
            try
            {
                TensorData data = Densify(sp);
                string name = sp.Values?.Name ?? "";
                if (values.ContainsKey(name))
                {
                    _diagnostics.Error(DiagnosticCodes.DuplicateName, $"two initializers are named '{name}'. Re-export the model: tensor names must be unique.", name);
                    continue;
                }

                values[name] = new Value(name, data.Type, data.Shape) { Constant = data };
            }
            catch (CompileErrorException e)
            {
                _diagnostics.Add(e);
                refused.Add(sp.Values?.Name ?? "");
            }
        }

        foreach (ValueInfoProto vi in gp.Input)
        {
            if (graph.Inputs.Any(i => i.Name == vi.Name))
            {
                _diagnostics.Error(DiagnosticCodes.DuplicateName, $"two graph inputs are named '{vi.Name}'. Re-export the model: input names must be unique.", vi.Name);
                continue;
            }

            if (values.ContainsKey(vi.Name) || refused.Contains(vi.Name))
            {
                // An initializer listed as an input (IR < 4 exporters): Neo treats it as the constant it holds.
                continue;
            }

            // A subgraph's inputs may leave their type out (ONNX infers them from the node); the node binds them.
            Value? input = outer is not null && (vi.Type is null || vi.Type.ValueCase == TypeProto.ValueOneofCase.None)
                ? new Value(vi.Name, DataType.Undefined)
                : ValueFromInfo(vi, isInput: true);
            if (input is not null)
            {
                values[vi.Name] = input;
                graph.Inputs.Add(input);
            }
            else
            {
                refused.Add(vi.Name);
            }
        }

        // Value infos give types for intermediate tensors; shape inference recomputes shapes anyway.
        var infos = new Dictionary<string, ValueInfoProto>(StringComparer.Ordinal);
        foreach (ValueInfoProto vi in gp.ValueInfo.Concat(gp.Output))
        {
            infos.TryAdd(vi.Name, vi);
        }

        List<NodeProto> ordered = TopologicalOrder(gp, values.Keys.ToHashSet(StringComparer.Ordinal), outer);
        var nodeNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (NodeProto np in ordered)
        {
            var node = new Node(UniqueNodeName(np, nodeNames), np.OpType, np.Domain is "ai.onnx" ? "" : np.Domain);
            if (!_opsets.TryGetValue(node.Domain, out long ver) && _missingOpsets.Add(node.Domain))
            {
                string domain = node.Domain.Length == 0 ? "the default ONNX domain" : $"domain '{node.Domain}'";
                _diagnostics.Error(DiagnosticCodes.UnsupportedOpset, $"node {node.Display} is in {domain}, but the model imports no opset of it, so its meaning is unknown. Re-export the model (every domain a node uses needs an opset_import entry).", node.Name);
            }

            node.OpsetVersion = ver is > 0 and <= int.MaxValue ? (int)ver : 0;
            node.Origin.Add(node.Name);
            foreach (string inName in np.Input)
            {
                if (inName.Length == 0)
                {
                    node.Inputs.Add(null);
                    continue;
                }

                Value? v = values.TryGetValue(inName, out Value? local) ? local : outer?.Invoke(inName);
                if (v is null)
                {
                    if (!refused.Contains(inName))
                    {
                        _diagnostics.Error(DiagnosticCodes.UndefinedTensor, $"node {node.Display} reads tensor '{inName}', which no node, input or initializer defines. Re-export the model; if it was edited by hand, check the tensor's name.", node.Name);
                    }

                    node.Inputs.Add(null);
                    continue;
                }

                if (!values.ContainsKey(inName) && !graph.OuterValues.Contains(v))
                {
                    graph.OuterValues.Add(v);
                }

                node.Inputs.Add(v);
            }

            bool attributeRefused = false;
            foreach (AttributeProto ap in np.Attribute)
            {
                try
                {
                    NodeAttribute? a = ImportAttribute(ap, node, values, outer);
                    if (a is not null)
                    {
                        node.Attributes[a.Name] = a;
                    }
                }
                catch (CompileErrorException e)
                {
                    _diagnostics.Add(e);
                    attributeRefused = true;
                }
            }

            foreach (string outName in np.Output)
            {
                if (outName.Length == 0)
                {
                    node.Outputs.Add(null);
                    continue;
                }

                if (values.ContainsKey(outName) || refused.Contains(outName))
                {
                    _diagnostics.Error(DiagnosticCodes.DuplicateName, $"node {node.Display} writes tensor '{outName}', which is already defined. Each tensor must have one producer: re-export the model.", node.Name);
                    node.Outputs.Add(null);
                    refused.Add(outName);
                    continue;
                }

                DataType type = DataType.Undefined;
                if (infos.TryGetValue(outName, out ValueInfoProto? info) && info.Type?.TensorType is { } tt)
                {
                    type = (DataType)tt.ElemType;
                }

                var v = new Value(outName, type) { Producer = node };
                values[outName] = v;
                node.Outputs.Add(v);
            }

            if (node.OpType == "Constant" && node.Domain.Length == 0 && !attributeRefused)
            {
                try
                {
                    ImportConstantNode(node);
                }
                catch (CompileErrorException e)
                {
                    _diagnostics.Add(NodeFailure.Attach(node, e));
                }
            }

            graph.Nodes.Add(node);
        }

        foreach (ValueInfoProto vo in gp.Output)
        {
            Value? v = values.TryGetValue(vo.Name, out Value? local) ? local : outer?.Invoke(vo.Name);
            if (v is null)
            {
                if (!refused.Contains(vo.Name))
                {
                    _diagnostics.Error(DiagnosticCodes.UndefinedTensor, $"graph output '{vo.Name}' is not computed by any node, input or initializer. Re-export the model; if it was edited by hand, check the output's name.", vo.Name);
                }

                continue;
            }

            if (vo.Type?.TensorType is { } tt && tt.HasElemType && tt.ElemType != 0)
            {
                var declared = (DataType)tt.ElemType;
                if (!DataTypes.IsSupported(declared))
                {
                    _diagnostics.Error(DiagnosticCodes.UnsupportedElementType, $"graph output '{vo.Name}' has element type {DataTypes.Name(declared)}, which Neo does not support.", vo.Name);
                }
                else if (v.Type == DataType.Undefined)
                {
                    v.Type = declared;
                }
            }
            else if (vo.Type is not null && vo.Type.ValueCase != TypeProto.ValueOneofCase.TensorType && vo.Type.ValueCase != TypeProto.ValueOneofCase.None)
            {
                _diagnostics.Error(DiagnosticCodes.UnsupportedElementType, $"graph output '{vo.Name}' is a {vo.Type.ValueCase}, not a tensor; Neo compiles tensor models only.", vo.Name);
            }

            if (vo.Type?.TensorType?.Shape is { } shape)
            {
                v.SymbolicDims = shape.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam ? d.DimParam : null).ToArray();
                if (outer is null)
                {
                    v.DeclaredShape = shape.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue && d.DimValue >= 0 ? d.DimValue : -1).ToArray();
                }
            }

            if (outer is null && vo.Type?.TensorType is { } declaredType && DataTypes.IsSupported((DataType)declaredType.ElemType))
            {
                v.DeclaredType = (DataType)declaredType.ElemType;
            }

            graph.Outputs.Add(v);
        }

        return graph;
    }

    private void ImportConstantNode(Node node)
    {
        Value? output = node.Output(0);
        if (output is null)
        {
            return;
        }

        TensorData? data = null;
        foreach (NodeAttribute a in node.Attributes.Values)
        {
            data = a.Name switch
            {
                "value" => a.Tensor,
                "value_float" => TensorData.Scalar(a.Float),
                "value_floats" => TensorData.FromFloats(new[] { a.Floats.Length }, a.Floats),
                "value_int" => TensorData.Scalar(a.Int),
                "value_ints" => TensorData.FromLongs(new[] { a.Ints.Length }, a.Ints),
                _ => data,
            };
        }

        if (data is null)
        {
            _diagnostics.Error(DiagnosticCodes.InvalidNode, $"Constant node {node.Display} has no value Neo can read (value, value_float(s) or value_int(s); string and sparse constants are not supported).", node.Name);
            return;
        }

        output.Type = data.Type;
        output.Shape = data.Shape;
        output.Constant = data;
    }

    private Value? ValueFromInfo(ValueInfoProto vi, bool isInput)
    {
        TypeProto? type = vi.Type;
        if (type is null || type.ValueCase != TypeProto.ValueOneofCase.TensorType)
        {
            string what = type is null ? "has no type" : $"is a {type.ValueCase}, not a tensor";
            _diagnostics.Error(DiagnosticCodes.UnsupportedElementType, $"graph {(isInput ? "input" : "output")} '{vi.Name}' {what}; Neo compiles tensor inputs and outputs only.", vi.Name);
            return null;
        }

        var elem = (DataType)type.TensorType.ElemType;
        if (!DataTypes.IsSupported(elem))
        {
            _diagnostics.Error(DiagnosticCodes.UnsupportedElementType, $"graph input '{vi.Name}' has element type {DataTypes.Name(elem)} ({type.TensorType.ElemType}), which Neo does not support.", vi.Name);
            return null;
        }

        var value = new Value(vi.Name, elem);
        TensorShapeProto? shape = type.TensorType.Shape;
        if (shape is null)
        {
            // Unknown rank: the Shapes metadata must give it.
            value.SymbolicDims = null;
            value.Shape = null;
            return value;
        }

        var dims = new int[shape.Dim.Count];
        var symbolic = new string?[shape.Dim.Count];
        for (int i = 0; i < dims.Length; i++)
        {
            TensorShapeProto.Types.Dimension d = shape.Dim[i];
            if (d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue)
            {
                if (d.DimValue < 0 || d.DimValue > OnnxTensors.MaxElements)
                {
                    _diagnostics.Error(DiagnosticCodes.TensorTooLarge, $"graph input '{vi.Name}' has dimension {i} = {d.DimValue}; dimensions must be between 0 and {OnnxTensors.MaxElements}.", vi.Name);
                    return null;
                }

                dims[i] = (int)d.DimValue;
            }
            else
            {
                dims[i] = -1;
                symbolic[i] = d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam && d.DimParam.Length > 0
                    ? d.DimParam
                    : "dim" + i.ToString(CultureInfo.InvariantCulture);
            }
        }

        value.Shape = dims;
        value.SymbolicDims = symbolic;
        return value;
    }

    private NodeAttribute? ImportAttribute(AttributeProto ap, Node node, Dictionary<string, Value> scope, Func<string, Value?>? outer)
    {
        if (ap.HasRefAttrName && ap.RefAttrName.Length > 0)
        {
            throw new CompileErrorException(DiagnosticCodes.InvalidNode, $"node {node.Display} refers to function attribute '{ap.RefAttrName}' outside a function.", node.Name);
        }

        AttributeProto.Types.AttributeType type = ap.Type;
        if (!ap.HasType)
        {
            // Old exporters leave the type out; infer it from the field that is set.
            type = ap.Floats.Count > 0 ? AttributeProto.Types.AttributeType.Floats
                : ap.Ints.Count > 0 ? AttributeProto.Types.AttributeType.Ints
                : ap.Strings.Count > 0 ? AttributeProto.Types.AttributeType.Strings
                : ap.T is not null ? AttributeProto.Types.AttributeType.Tensor
                : ap.G is not null ? AttributeProto.Types.AttributeType.Graph
                : ap.HasS ? AttributeProto.Types.AttributeType.String
                : ap.HasF ? AttributeProto.Types.AttributeType.Float
                : AttributeProto.Types.AttributeType.Int;
        }

        switch (type)
        {
            case AttributeProto.Types.AttributeType.Float:
                return new NodeAttribute(ap.Name, AttributeKind.Float) { Float = ap.F };
            case AttributeProto.Types.AttributeType.Int:
                return new NodeAttribute(ap.Name, AttributeKind.Int) { Int = ap.I };
            case AttributeProto.Types.AttributeType.String:
                return new NodeAttribute(ap.Name, AttributeKind.String) { String = Utf8(ap.S) };
            case AttributeProto.Types.AttributeType.Floats:
                return new NodeAttribute(ap.Name, AttributeKind.Floats) { Floats = ap.Floats.ToArray() };
            case AttributeProto.Types.AttributeType.Ints:
                return new NodeAttribute(ap.Name, AttributeKind.Ints) { Ints = ap.Ints.ToArray() };
            case AttributeProto.Types.AttributeType.Strings:
                return new NodeAttribute(ap.Name, AttributeKind.Strings) { Strings = ap.Strings.Select(Utf8).ToArray() };
            case AttributeProto.Types.AttributeType.Tensor:
                if (ap.T is null)
                {
                    throw new CompileErrorException(DiagnosticCodes.InvalidNode, $"node {node.Display} has tensor attribute '{ap.Name}' without a tensor.", node.Name);
                }

                return new NodeAttribute(ap.Name, AttributeKind.Tensor) { Tensor = OnnxTensors.ToTensorData(ap.T, _external) };
            case AttributeProto.Types.AttributeType.Tensors:
                return new NodeAttribute(ap.Name, AttributeKind.Tensors) { Tensors = ap.Tensors.Select(t => OnnxTensors.ToTensorData(t, _external)).ToArray() };
            case AttributeProto.Types.AttributeType.SparseTensor:
                if (ap.SparseTensor is null)
                {
                    throw new CompileErrorException(DiagnosticCodes.InvalidNode, $"node {node.Display} has sparse tensor attribute '{ap.Name}' without a tensor.", node.Name);
                }

                return new NodeAttribute(ap.Name, AttributeKind.Tensor) { Tensor = Densify(ap.SparseTensor) };
            case AttributeProto.Types.AttributeType.Graph:
            case AttributeProto.Types.AttributeType.Graphs:
                Value? Resolve(string name) => scope.TryGetValue(name, out Value? v) ? v : outer?.Invoke(name);
                var graphs = new List<Graph>();
                foreach (GraphProto? gp in type == AttributeProto.Types.AttributeType.Graph ? new GraphProto?[] { ap.G } : ap.Graphs.ToArray())
                {
                    if (gp is null)
                    {
                        throw new CompileErrorException(DiagnosticCodes.InvalidNode, $"node {node.Display} has graph attribute '{ap.Name}' without a graph.", node.Name);
                    }

                    Graph? sub = ImportGraph(gp, Resolve);
                    if (sub is null)
                    {
                        return null;
                    }

                    graphs.Add(sub);
                }

                return type == AttributeProto.Types.AttributeType.Graph
                    ? new NodeAttribute(ap.Name, AttributeKind.Graph) { Graph = graphs[0] }
                    : new NodeAttribute(ap.Name, AttributeKind.Graphs) { Graphs = graphs.ToArray() };
            default:
                return new NodeAttribute(ap.Name, AttributeKind.Other);
        }
    }

    private TensorData Densify(SparseTensorProto sp)
    {
        string name = sp.Values?.Name ?? "";
        if (sp.Values is null || sp.Indices is null)
        {
            throw new CompileErrorException(DiagnosticCodes.InvalidTensorData, $"sparse tensor '{name}' lacks its values or indices.", name);
        }

        int[] shape = OnnxTensors.CheckedShape(sp.Dims, name);
        if (Shapes.Size(shape) > MaxDensifiedElements)
        {
            // A sparse tensor's dims cost nothing in the file, so they cannot vouch for the memory its dense form takes.
            throw new CompileErrorException(DiagnosticCodes.TensorTooLarge, $"sparse tensor '{name}' has dims {Shapes.Format(shape)}; Neo stores tensors densely and accepts sparse ones of at most {MaxDensifiedElements} elements. Store it dense in the model.", name);
        }

        TensorData values = OnnxTensors.ToTensorData(sp.Values, _external);
        TensorData indices = OnnxTensors.ToTensorData(sp.Indices, _external);
        TensorData dense = TensorData.Create(values.Type, shape);
        long size = Shapes.Size(shape);
        int nnz = values.Length;
        bool flat = indices.Shape.Length == 1;
        if ((flat && indices.Length != nnz) || (!flat && (indices.Shape.Length != 2 || indices.Shape[0] != nnz || indices.Shape[1] != shape.Length)))
        {
            throw new CompileErrorException(DiagnosticCodes.InvalidTensorData, $"sparse tensor '{name}' has indices of shape {Shapes.Format(indices.Shape)} for {nnz} values.", name);
        }

        long[] strides = Shapes.Strides(shape);
        for (int k = 0; k < nnz; k++)
        {
            long offset = 0;
            if (flat)
            {
                offset = indices.GetInt64(k);
            }
            else
            {
                for (int d = 0; d < shape.Length; d++)
                {
                    long ix = indices.GetInt64((k * shape.Length) + d);
                    if (ix < 0 || ix >= shape[d])
                    {
                        offset = -1;
                        break;
                    }

                    offset += ix * strides[d];
                }
            }

            if (offset < 0 || offset >= size)
            {
                throw new CompileErrorException(DiagnosticCodes.InvalidTensorData, $"sparse tensor '{name}' has an index outside its shape {Shapes.Format(shape)}.", name);
            }

            dense.Data.SetValue(values.Data.GetValue(k), offset);
        }

        return dense;
    }

    /// <summary>
    /// The nodes in an order where every input is defined before use (ONNX requires it, but some
    /// exporters emit otherwise). A cycle is reported naming one node on it.
    /// </summary>
    private List<NodeProto> TopologicalOrder(GraphProto gp, HashSet<string> defined, Func<string, Value?>? outer)
    {
        var producer = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < gp.Node.Count; i++)
        {
            foreach (string o in gp.Node[i].Output)
            {
                if (o.Length > 0)
                {
                    producer.TryAdd(o, i);
                }
            }
        }

        // Each node's reads, computed once: a node with many inputs or a large subgraph is visited once per read.
        var reads = new string[gp.Node.Count][];
        for (int i = 0; i < reads.Length; i++)
        {
            reads[i] = gp.Node[i].Input.Concat(SubgraphReads(gp.Node[i])).ToArray();
        }

        var state = new byte[gp.Node.Count]; // 0 = new, 1 = visiting, 2 = done
        var order = new List<NodeProto>(gp.Node.Count);
        var stack = new Stack<(int Node, int Input)>();
        for (int root = 0; root < gp.Node.Count; root++)
        {
            if (state[root] != 0)
            {
                continue;
            }

            stack.Push((root, 0));
            state[root] = 1;
            while (stack.Count > 0)
            {
                (int n, int k) = stack.Pop();
                NodeProto np = gp.Node[n];
                string[] inputs = reads[n];
                if (k < inputs.Length)
                {
                    stack.Push((n, k + 1));
                    string name = inputs[k];
                    if (name.Length == 0 || defined.Contains(name) || !producer.TryGetValue(name, out int p))
                    {
                        continue;
                    }

                    if (state[p] == 1)
                    {
                        string nodeName = np.Name.Length > 0 ? np.Name : np.OpType;
                        throw new CompileErrorException(DiagnosticCodes.GraphCycle, $"the graph has a cycle through node '{nodeName}' ({np.OpType}) and tensor '{name}'. An ONNX graph must be acyclic: re-export the model.", nodeName);
                    }

                    if (state[p] == 0)
                    {
                        state[p] = 1;
                        stack.Push((p, 0));
                    }
                }
                else
                {
                    state[n] = 2;
                    order.Add(np);
                }
            }
        }

        return order;
    }

    /// <summary>Names a node's subgraphs read from the enclosing scope (they order the node like inputs).</summary>
    private static IEnumerable<string> SubgraphReads(NodeProto np)
    {
        foreach (AttributeProto a in np.Attribute)
        {
            foreach (GraphProto g in a.G is null ? a.Graphs : a.Graphs.Append(a.G))
            {
                var local = new HashSet<string>(g.Initializer.Select(t => t.Name).Concat(g.Input.Select(i => i.Name)).Concat(g.Node.SelectMany(n => n.Output)), StringComparer.Ordinal);
                foreach (NodeProto inner in g.Node)
                {
                    foreach (string i in inner.Input.Concat(SubgraphReads(inner)))
                    {
                        if (i.Length > 0 && !local.Contains(i))
                        {
                            yield return i;
                        }
                    }
                }

                foreach (ValueInfoProto o in g.Output)
                {
                    if (!local.Contains(o.Name))
                    {
                        yield return o.Name;
                    }
                }
            }
        }
    }

    private string UniqueNodeName(NodeProto np, HashSet<string> used)
    {
        string name = np.Name;
        if (name.Length == 0)
        {
            name = np.OpType + "_" + (_anonymous++).ToString(CultureInfo.InvariantCulture);
        }

        string candidate = name;
        int k = 1;
        while (!used.Add(candidate))
        {
            candidate = name + "_" + (k++).ToString(CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    private static string Utf8(ByteString s) => Encoding.UTF8.GetString(s.Span);
}
