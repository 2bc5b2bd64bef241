using System;
using System.Collections.Generic;
using System.Linq;
using Neo.Compiler;
using Neo.Compiler.IR;
using Neo.Compiler.Options;
using Neo.Tests.Infrastructure;
using Xunit;

namespace Neo.Tests.Planning;

/// <summary>
/// DenseNet-style blocks, where each layer concatenates every feature map before it: the concatenations share
/// the block's last result (no copies left), and the model still matches ONNX Runtime, also where the block's
/// first input is the graph input (which cannot be written into the result, so its copies stay) and where the
/// last concatenation is the graph output.
/// </summary>
public sealed class NestedConcatTests
{
    private static readonly Lazy<Dictionary<string, string?>> Results = OnnxRuntimeReference.CompareOnce(Cases);

    public static IEnumerable<object[]> Names() => OnnxRuntimeReference.Names(Cases());

    [Theory]
    [MemberData(nameof(Names))]
    public void MatchesOnnxRuntime(string name) => OnnxRuntimeReference.AssertMatches(Results, name);

    [Fact]
    public void DenseBlockMakesNoCopies()
    {
        ReferenceCase c = Block("dense_block_relu_input", graphInput: false, outputIsConcat: false);
        CompileResult result = NeoCompiler.Compile(new CompileRequest { ModelPath = c.Name + ".onnx", ModelBytes = c.Model, ClassName = "Dense", Namespace = "Neo.Tests.Dense" });
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        Assert.DoesNotContain(result.Plan!.Steps, s => s.Call.StartsWith("Tensor.CopyRows", StringComparison.Ordinal));
    }

    [Fact]
    public void GraphInputKeepsItsCopies()
    {
        ReferenceCase c = Block("dense_block_graph_input", graphInput: true, outputIsConcat: false);
        CompileResult result = NeoCompiler.Compile(new CompileRequest { ModelPath = c.Name + ".onnx", ModelBytes = c.Model, ClassName = "Dense", Namespace = "Neo.Tests.Dense" });
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        // The input is copied into the block's memory once per concatenation that still needs it; the layers' maps never are.
        Assert.InRange(result.Plan!.Steps.Count(s => s.Call.StartsWith("Tensor.CopyRows", StringComparison.Ordinal)), 1, Layers);
    }

    private const int Layers = 4, Channels = 3, Growth = 2, Size = 5;

    private static IEnumerable<ReferenceCase> Cases()
    {
        yield return Block("dense_block_relu_input", graphInput: false, outputIsConcat: false);
        yield return Block("dense_block_graph_input", graphInput: true, outputIsConcat: false);
        yield return Block("dense_block_concat_output", graphInput: false, outputIsConcat: true);
    }

    /// <summary>
    /// features = [x]; for each layer: c = Concat(features), y = Conv1x1(Relu(c)), features += y; the block's
    /// result is Concat(features) (read by a Relu, or the graph output itself).
    /// </summary>
    private static ReferenceCase Block(string name, bool graphInput, bool outputIsConcat)
    {
        var random = new Random(OnnxRuntimeReference.Seed(name));
        var b = new OnnxBuilder().Input("input", DataType.Float32, 1, Channels, Size, Size);
        var features = new List<string>();
        if (graphInput)
        {
            features.Add("input");
        }
        else
        {
            b.Node("Relu", new[] { "input" }, new[] { "x" });
            features.Add("x");
        }

        for (int layer = 0; layer < Layers; layer++)
        {
            int inChannels = Channels + (layer * Growth);
            string c = features.Count == 1 ? features[0] : "c" + layer;
            if (features.Count > 1)
            {
                b.Node("Concat", features.ToArray(), new[] { c }, "concat" + layer, ("axis", 1L));
            }

            b.Node("Relu", new[] { c }, new[] { "r" + layer })
                .Initializer("w" + layer, OnnxRuntimeReference.Random(random, 0.5f, Growth, inChannels, 1, 1))
                .Node("Conv", new[] { "r" + layer, "w" + layer }, new[] { "y" + layer }, "conv" + layer);
            features.Add("y" + layer);
        }

        int outChannels = Channels + (Layers * Growth);
        if (outputIsConcat)
        {
            b.Node("Concat", features.ToArray(), new[] { "out" }, "concat_out", ("axis", 1L));
        }
        else
        {
            b.Node("Concat", features.ToArray(), new[] { "block" }, "concat_out", ("axis", 1L)).Node("Relu", new[] { "block" }, new[] { "out" });
        }

        byte[] model = b.Output("out", DataType.Float32, 1, outChannels, Size, Size).ToBytes();
        return new ReferenceCase(name, model, ("input", OnnxRuntimeReference.Random(random, 1f, 1, Channels, Size, Size)));
    }
}
