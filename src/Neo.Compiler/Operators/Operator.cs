using System;
using System.Collections.Generic;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators;

/// <summary>
/// How an operator combines with its neighbours, which is what fusion decides by (TVM's op patterns):
/// elementwise and broadcast chains become one loop; an out-fusable operator absorbs the elementwise
/// chain after it into its epilogue; opaque operators fuse with nothing.
/// </summary>
public enum OpKind
{
    /// <summary>Each output element depends on the same element of each input (Relu, Add of equal shapes).</summary>
    Elementwise,

    /// <summary>Elementwise after numpy broadcasting (Add of a bias).</summary>
    Broadcast,

    /// <summary>Moves or selects elements without arithmetic (Reshape, Transpose, Slice, Concat).</summary>
    Injective,

    /// <summary>Reduces over axes (ReduceMean, GlobalAveragePool, Softmax's inner sums).</summary>
    Reduction,

    /// <summary>A heavy operator whose output can go through an elementwise epilogue (Conv, Gemm, MatMul).</summary>
    OutFusable,

    /// <summary>Fuses with nothing (LSTM, control flow).</summary>
    Opaque,
}

/// <summary>
/// One ONNX operator, with the same life cycle in every file: read its attributes, infer its output
/// types and shapes, evaluate it at build time when its inputs are constant, and lower it to kernel calls.
/// To add one, copy Operators/_Template.cs and follow docs/adding-an-operator.md.
/// </summary>
public abstract class Operator
{
    /// <summary>The op type, as in the model file.</summary>
    public abstract string OpType { get; }

    /// <summary>The domain: "" for the default ONNX domain.</summary>
    public virtual string Domain => "";

    public virtual OpKind Kind => OpKind.Opaque;

    /// <summary>A one-line description for the README's operator table.</summary>
    public virtual string Notes => "";

    /// <summary>Sets the type and shape of every output; throws <see cref="CompileErrorException"/> for invalid nodes.</summary>
    public abstract void InferShapes(Node node);

    /// <summary>
    /// Computes the outputs when every input is constant, for constant folding; null when the operator
    /// does not fold (or not for these inputs). Called after <see cref="InferShapes"/>.
    /// </summary>
    public virtual TensorData[]? Fold(Node node) => null;

    /// <summary>
    /// Replaces the node by other nodes once its inputs' types, shapes and build-time values are known, or
    /// returns null to keep it. Control flow inlines its subgraphs here (If, Loop, Scan). The replacement
    /// nodes come back already processed through <paramref name="context"/> (shapes inferred, folded,
    /// expanded in turn), so an expansion can look at what its first part computed before adding more.
    /// </summary>
    public virtual IReadOnlyList<Node>? Expand(Node node, ExpansionContext context) => null;

    /// <summary>Emits the kernel calls that compute the node.</summary>
    public abstract void Lower(Node node, LoweringContext context);

    /// <summary>
    /// Whether the operator reads the values of input <paramref name="index"/> at build time: a shape,
    /// axes, pads, repeats, K, sizes or scales, which a compiler that specializes on shapes must know.
    /// Such an input must be constant (an initializer, folded, or bound with <c>CompileRequest.BoundInputs</c>).
    /// </summary>
    public virtual bool NeedsConstantInput(Node node, int index) => false;

    /// <summary>Multiply-accumulates the node performs (for reports); 0 when negligible.</summary>
    public virtual long Macs(Node node) => 0;

    protected static CompileErrorException Invalid(Node node, string what) =>
        new(DiagnosticCodes.InvalidNode, $"node {node.Display} {what}", node.Name);

    /// <summary>An attribute value or input form that ONNX allows but Neo does not implement.</summary>
    protected static CompileErrorException NotImplemented(Node node, string what) =>
        new(DiagnosticCodes.UnsupportedAttribute, $"node {node.Display} {what}", node.Name);

    /// <summary>An input whose values Neo needs at build time but that is computed at run time.</summary>
    protected static CompileErrorException NotConstant(Node node, Value v, string what) =>
        new(DiagnosticCodes.DynamicShape, $"node {node.Display} takes its {what} from '{v.Name}', which is only known at run time. Neo needs it at build time: fix the input shapes with the Shapes metadata so it can be computed, or make it an initializer.", node.Name);

    protected static CompileErrorException Mismatch(Node node, string what) =>
        new(DiagnosticCodes.ShapeMismatch, $"node {node.Display} {what}", node.Name);

    /// <summary>The input's shape, which inference guarantees by the time an operator sees it.</summary>
    protected static int[] ShapeOf(Value v) => v.Shape ?? throw new InvalidOperationException($"'{v.Name}' has no shape.");

    /// <summary>
    /// The values of input <paramref name="i"/> as integers (axes, pads, a shape...), or null when the optional
    /// input is absent; throws NEO1203 when the input is only known at run time.
    /// </summary>
    protected static long[]? ConstantInts(Node node, int i, string what)
    {
        Value? v = node.Input(i);
        if (v is null)
        {
            return null;
        }

        return v.Constant?.ToInt64Array() ?? throw NotConstant(node, v, what);
    }

    /// <summary>Sets output <paramref name="i"/>'s type and shape (if the node has that output).</summary>
    protected static void SetOutput(Node node, int i, DataType type, int[] shape)
    {
        Value? o = node.Output(i);
        if (o is not null)
        {
            o.Type = type;
            o.Shape = shape;
        }
    }

    /// <summary>Checks that input <paramref name="i"/> has one of the allowed types.</summary>
    protected static void RequireType(Node node, int i, params DataType[] allowed)
    {
        Value v = node.RequireInput(i);
        if (Array.IndexOf(allowed, v.Type) < 0)
        {
            throw new CompileErrorException(
                DiagnosticCodes.UnsupportedElementType,
                $"node {node.Display} reads '{v.Name}' of type {DataTypes.Name(v.Type)}; Neo implements {node.OpType} for {string.Join(", ", Array.ConvertAll(allowed, DataTypes.Name))}.",
                node.Name);
        }
    }
}

/// <summary>What <see cref="Operator.Expand"/> may use: processing of the nodes it creates, and fresh names.</summary>
public abstract class ExpansionContext
{
    /// <summary>The operators, to look nodes up by op type.</summary>
    public abstract OperatorRegistry Operators { get; }

    /// <summary>
    /// Infers the shapes of <paramref name="node"/> (whose inputs must be processed already), folds it and
    /// expands it in turn; returns the nodes that stand for it. Errors are reported, not thrown: a node
    /// that failed comes back with outputs of unknown shape.
    /// </summary>
    public abstract IReadOnlyList<Node> Process(Node node);

    /// <summary>A node name not used in the graph yet, made from <paramref name="hint"/>.</summary>
    public abstract string UniqueNodeName(string hint);
}
