using System;
using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Operators;
using Neo.Compiler.Options;
using Neo.Compiler.Passes;
using Xunit;

namespace Neo.Tests.Passes;

/// <summary>
/// Builds IR graphs for pass tests: inputs, constants and nodes whose output shapes come from the
/// operator's own shape inference (or are given, for operators Neo does not implement).
/// </summary>
public sealed class IrBuilder
{
    private readonly Random _random = new(1234);

    public Graph Graph { get; } = new() { Name = "test" };

    public Value Input(string name, params int[] shape)
    {
        var v = new Value(name, DataType.Float32, shape);
        Graph.Inputs.Add(v);
        return v;
    }

    /// <summary>A float constant with seeded random values in [-1, 1).</summary>
    public Value Weights(string name, params int[] shape)
    {
        float[] data = new float[Shapes.Size(shape)];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (float)((_random.NextDouble() * 2) - 1);
        }

        return Constant(name, shape, data);
    }

    /// <summary>A float constant with seeded random values in [lo, hi).</summary>
    public Value Positive(string name, float lo, float hi, params int[] shape)
    {
        float[] data = new float[Shapes.Size(shape)];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = lo + (float)(_random.NextDouble() * (hi - lo));
        }

        return Constant(name, shape, data);
    }

    public Value Constant(string name, int[] shape, float[] data) =>
        new(name, DataType.Float32, shape) { Constant = TensorData.FromFloats(shape, data) };

    public Value Scalar(string name, float value) => Constant(name, Array.Empty<int>(), new[] { value });

    public Value Longs(string name, params long[] values) =>
        new(name, DataType.Int64, new[] { values.Length }) { Constant = TensorData.FromLongs(new[] { values.Length }, values) };

    /// <summary>A node of the default domain whose output shape the operator infers.</summary>
    public Value Node(string opType, string output, Value?[] inputs, params (string Name, object Value)[] attributes) =>
        Add(opType, "", output, inputs, null, attributes);

    /// <summary>A node with a given output shape (for operators whose class is not in this branch).</summary>
    public Value NodeWithShape(string opType, string output, int[] shape, Value?[] inputs, params (string Name, object Value)[] attributes) =>
        Add(opType, "", output, inputs, shape, attributes);

    public void Output(Value v) => Graph.Outputs.Add(v);

    private Value Add(string opType, string domain, string output, Value?[] inputs, int[]? shape, (string Name, object Value)[] attributes)
    {
        var node = new Node(output, opType, domain) { OpsetVersion = 13 };
        node.Inputs.AddRange(inputs);
        foreach ((string name, object value) in attributes)
        {
            node.Attributes[name] = value switch
            {
                int i => NodeAttribute.FromInt(name, i),
                long l => NodeAttribute.FromInt(name, l),
                float f => NodeAttribute.FromFloat(name, f),
                string s => NodeAttribute.FromString(name, s),
                long[] ls => NodeAttribute.FromInts(name, ls),
                float[] fs => NodeAttribute.FromFloats(name, fs),
                _ => throw new ArgumentException(name),
            };
        }

        var y = new Value(output, DataType.Float32, shape) { Producer = node };
        node.Outputs.Add(y);
        if (shape is null)
        {
            Operator op = OperatorRegistry.Default.Find(node) ?? throw new ArgumentException($"{opType} is not implemented: give its shape.");
            op.InferShapes(node);
        }

        Graph.Nodes.Add(node);
        return y;
    }
}

/// <summary>Runs one pass the way the pipeline does, checking the IR before and after as text.</summary>
public static class PassAssert
{
    public static PassContext Context() => new(new DiagnosticBag("test.onnx"), OperatorRegistry.Default, TargetDevice.All.First());

    /// <summary>Checks the IR before, runs the pass, verifies the result and checks the IR after.</summary>
    public static Graph Rewrites(IPass pass, Graph graph, string before, string after)
    {
        Assert.Equal(Normalize(before), IrPrinter.Print(graph));
        IrVerifier.Verify(graph, "the test's construction");
        Graph result = pass.Run(graph, Context());
        IrVerifier.Verify(result, pass.Name, Operators(result));
        Assert.Equal(Normalize(after), IrPrinter.Print(result));
        return result;
    }

    /// <summary>Runs the pass and checks that the IR did not change.</summary>
    public static void LeavesUnchanged(IPass pass, Graph graph)
    {
        string before = IrPrinter.Print(graph);
        IrVerifier.Verify(graph, "the test's construction");
        Graph result = pass.Run(graph, Context());
        IrVerifier.Verify(result, pass.Name, Operators(result));
        Assert.Equal(before, IrPrinter.Print(result));
    }

    /// <summary>The registry, when every node of the graph has an operator in this branch (shape re-inference needs it).</summary>
    private static OperatorRegistry? Operators(Graph g) => g.Nodes.All(n => OperatorRegistry.Default.Find(n) is not null) ? OperatorRegistry.Default : null;

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimStart('\n');
}
