using System;
using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Operators.Recurrent;

namespace Neo.Compiler.Passes;

/// <summary>
/// Folds a recurrent layer's input projection into the embedding table it reads. A text model's LSTM or GRU
/// multiplies every embedded token by W (and adds the biases) before its first step; when the tokens come from
/// Gather(table, ids) with a constant table, table·Wᵀ + biases is a constant too, so the build computes it once and
/// the layer gathers projected rows: no projection product and no bias pass per call.
/// </summary>
/// <remarks>
/// Between the Gather and the layer, row-moving operators that keep the last axis may stand (Transpose with the last
/// axis in place, Reshape with the same last dimension, Gather on another axis: a time-major transpose, a sort by
/// length); each must be read only by the next. The table grows from [V, E] to [V, directions · gates · H]; the fold is skipped above
/// <see cref="MaxTableElements"/>, where a vocabulary of tens of thousands of words would make the weights file
/// grow more than a projection per token costs. The layer keeps W as an input for its shape; its kernel is told by
/// <see cref="RecurrentLayer.ProjectedInputAttribute"/>.
/// </remarks>
public sealed class EmbeddingProjectionFolding : IPass
{
    /// <summary>The largest folded table, in float32 elements (4 MiB).</summary>
    public const long MaxTableElements = 1L << 20;

    public string Name => "EmbeddingProjectionFolding";

    public Graph Run(Graph graph, PassContext context)
    {
        Dictionary<Value, List<Node>> consumers = graph.Consumers();
        foreach (Node layer in graph.Nodes.ToArray())
        {
            bool lstm = layer.Is("LSTM");
            if (!(lstm || layer.Is("GRU")) || RecurrentLayer.IsProjected(layer) || TryFold(graph, layer, lstm, consumers) is not true)
            {
                continue;
            }

            consumers = graph.Consumers();
        }

        return graph;
    }

    private static bool TryFold(Graph graph, Node layer, bool lstm, Dictionary<Value, List<Node>> consumers)
    {
        int gates = lstm ? 4 : 3;
        if (layer.Input(0) is not { Type: DataType.Float32, Shape: { Length: 3 } } x
            || layer.Input(1) is not { Constant: { Type: DataType.Float32, Shape: [int directions, int gh, int inputSize] } w }
            || layer.Input(2) is not { Constant: { Type: DataType.Float32 } }
            || (layer.Input(3) is { } b && b.Constant is not { Type: DataType.Float32 })
            || gh % gates != 0 || x.Shape[2] != inputSize)
        {
            return false;
        }

        // From the layer back to the embedding Gather, through row-moving operators that keep the last axis.
        var chain = new List<Node>();
        Node reader = layer;
        Value v = x;
        Node? embedding = null;
        while (embedding is null)
        {
            if (v.Producer is not { } p || v.Shape is not { Length: > 0 } shape || !graph.OnlyReadBy(v, reader, consumers))
            {
                return false;
            }

            int rank = shape.Length;
            if (p.Is("Gather") && p.Input(0) is { Constant: { Type: DataType.Float32, Shape: [_, int e] } } && e == inputSize
                && Shapes.NormalizeAxis(p.GetInt("axis", 0), 2) == 0)
            {
                embedding = p;
            }
            else if (p.Is("Transpose") && p.GetInts("perm") is { } perm && perm.Length == rank && perm[^1] == rank - 1)
            {
                chain.Add(p);
            }
            else if (p.Is("Reshape") && p.Input(0)?.Shape is { Length: > 0 } source && source[^1] == shape[^1] && p.Input(1) is { Constant: not null })
            {
                // Rows keep their order (a time-major view of a batch of one, as exporters write the transpose).
                chain.Add(p);
            }
            else if (p.Is("Gather") && p.Input(0) is { Constant: null, Shape: { } data } && p.Input(1)?.Shape is { Length: 1 }
                && Shapes.NormalizeAxis(p.GetInt("axis", 0), data.Length) is int axis && axis >= 0 && axis < data.Length - 1)
            {
                chain.Add(p);
            }
            else
            {
                return false;
            }

            reader = p;
            v = p.Inputs[0]!;
        }

        Value tableValue = embedding.Inputs[0]!;
        TensorData table = tableValue.Constant!;
        int vocabulary = table.Shape[0], width = directions * gh;
        if ((long)vocabulary * width > MaxTableElements)
        {
            return false;
        }

        float[] folded = Project(table.As<float>(), w.As<float>(), layer.Input(3)?.Constant?.As<float>(), vocabulary, inputSize, directions, gh, lstm ? gh : 2 * gh / 3);
        embedding.Inputs[0] = GraphEdits.NewConstant(tableValue.Name + " (projected by " + layer.Name + ")", TensorData.FromFloats(new[] { vocabulary, width }, folded));

        // Every value from the Gather to the layer now ends in the projected width.
        Widen(embedding.Outputs[0]!, width);
        foreach (Node n in chain)
        {
            Widen(n.Outputs[0]!, width);
            if (n.Is("Reshape"))
            {
                int[] target = n.Outputs[0]!.Shape!;
                n.Inputs[1] = GraphEdits.NewConstant(n.Name + "/projected shape", TensorData.FromLongs(new[] { target.Length }, target.Select(d => (long)d).ToArray()));
            }
        }

        layer.Attributes[RecurrentLayer.ProjectedInputAttribute] = NodeAttribute.FromInt(RecurrentLayer.ProjectedInputAttribute, 1);
        if (lstm && layer.Inputs.Count > 3)
        {
            // All of LSTM's biases are in the table; GRU keeps its h gate's recurrence bias, which the reset gate may scale.
            layer.Inputs[3] = null;
        }

        return true;
    }

    /// <summary>
    /// [V, directions · G] rows: table[v]·W[d]ᵀ + Wb[d] + Rb[d] (the recurrence bias up to column <paramref name="recurrenceBiasColumns"/>),
    /// summed in double.
    /// </summary>
    private static float[] Project(ReadOnlySpan<float> table, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, int vocabulary, int inputSize, int directions, int gh, int recurrenceBiasColumns)
    {
        int width = directions * gh;
        var result = new float[(long)vocabulary * width];
        for (int t = 0; t < vocabulary; t++)
        {
            ReadOnlySpan<float> row = table.Slice(t * inputSize, inputSize);
            for (int d = 0; d < directions; d++)
            {
                for (int j = 0; j < gh; j++)
                {
                    ReadOnlySpan<float> wr = w.Slice(((d * gh) + j) * inputSize, inputSize);
                    double sum = 0;
                    for (int e = 0; e < inputSize; e++)
                    {
                        sum += (double)row[e] * wr[e];
                    }

                    if (!bias.IsEmpty)
                    {
                        sum += bias[(d * 2 * gh) + j];
                        if (j < recurrenceBiasColumns)
                        {
                            sum += bias[(d * 2 * gh) + gh + j];
                        }
                    }

                    result[((long)t * width) + (d * gh) + j] = (float)sum;
                }
            }
        }

        return result;
    }

    private static void Widen(Value v, int width)
    {
        int[] shape = (int[])v.Shape!.Clone();
        shape[^1] = width;
        v.Shape = shape;
    }
}
