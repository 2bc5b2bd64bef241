using System;
using System.Linq;
using Neo.Compiler.IR;

namespace Neo.Compiler.Passes;

/// <summary>
/// Folds a per-channel affine map y' = y · scale[c] + shift[c], applied to the output of a Conv or Gemm
/// (c along output dimension 1: Conv's output channels, Gemm's columns), into the node's weights and
/// bias, which must be known at build time. BatchNormFolding and ScaleBiasFolding share it. New constants
/// are made, so weights shared with other nodes stay as they were.
/// </summary>
internal static class ChannelAffine
{
    /// <summary>The number of output channels if <paramref name="node"/> can absorb a channel affine map, else 0.</summary>
    public static int Channels(Node node)
    {
        if (node.Epilogue.Count > 0 || node.Residual is not null || node.Output(0) is not { Type: DataType.Float32, Shape: { Length: >= 2 } ys })
        {
            return 0;
        }

        if (node.Is("Conv") && node.Input(1) is { Constant: { Type: DataType.Float32 } } && (node.Input(2) is null || node.Input(2)!.Constant is { Type: DataType.Float32 }))
        {
            return ys[1];
        }

        if (node.Is("Gemm") && node.Input(1) is { Constant: { Type: DataType.Float32 } } && GemmBias(node, ys[1]) is not null)
        {
            return ys[1];
        }

        return 0;
    }

    /// <summary>Gemm's C as one value per column (zeros when absent), or null when C is not a constant row or scalar.</summary>
    private static float[]? GemmBias(Node node, int n)
    {
        if (node.Input(2) is not { } c)
        {
            return new float[n];
        }

        if (c.Constant is not { Type: DataType.Float32 } data)
        {
            return null;
        }

        float[] v = data.As<float>();
        if (v.Length == 1)
        {
            return Enumerable.Repeat(v[0], n).ToArray();
        }

        // A row: [n] or [1, n].
        return v.Length == n && data.Shape.Length >= 1 && data.Shape[^1] == n ? (float[])v.Clone() : null;
    }

    /// <summary>
    /// The per-channel vector of a constant that broadcasts along output dimension 1 only (a [C,1,1] or [1,C]
    /// bias, or a scalar) for an output of <paramref name="rank"/> dimensions, or null.
    /// </summary>
    public static float[]? PerChannel(Value? v, int channels, int rank)
    {
        if (v?.Constant is not { Type: DataType.Float32 } data || data.Shape.Length > rank)
        {
            return null;
        }

        float[] values = data.As<float>();
        if (values.Length == 1)
        {
            return Enumerable.Repeat(values[0], channels).ToArray();
        }

        int offset = rank - data.Shape.Length;
        for (int d = 0; d < data.Shape.Length; d++)
        {
            int dim = data.Shape[d];
            if (d + offset == 1 ? dim != channels : dim != 1)
            {
                return null;
            }
        }

        return (float[])values.Clone();
    }

    /// <summary>Folds y' = y · scale + shift into <paramref name="node"/>; <see cref="Channels"/> must have accepted it.</summary>
    public static void Absorb(Node node, float[]? scale, float[] shift)
    {
        int channels = shift.Length;
        Value w = node.Input(1)!;
        float[] weights = (float[])w.Constant!.As<float>().Clone();
        if (node.Is("Conv"))
        {
            int perChannel = weights.Length / channels;
            float[] bias = node.Input(2)?.Constant!.As<float>() is { } b ? (float[])b.Clone() : new float[channels];
            for (int c = 0; c < channels; c++)
            {
                float s = scale?[c] ?? 1f;
                for (int i = 0; i < perChannel; i++)
                {
                    weights[(c * perChannel) + i] *= s;
                }

                bias[c] = (bias[c] * s) + shift[c];
            }

            SetInput(node, 1, GraphEdits.NewConstant(w.Name + "/folded", new TensorData(DataType.Float32, w.Shape!, weights)));
            SetInput(node, 2, GraphEdits.NewConstant(node.Name + "/bias", TensorData.FromFloats(new[] { channels }, bias)));
            return;
        }

        // Gemm: y = alpha · A·B + beta · C. Column j of op(B) is scaled; alpha and beta go into the constants.
        float alpha = node.GetFloat("alpha", 1f), beta = node.GetFloat("beta", 1f);
        bool transB = node.GetInt("transB", 0) != 0;
        int[] bs = w.Shape!;
        float[] c0 = GemmBias(node, channels)!;
        for (int i = 0; i < bs[0]; i++)
        {
            for (int j = 0; j < bs[1]; j++)
            {
                int column = transB ? i : j;
                weights[(i * bs[1]) + j] *= alpha * (scale?[column] ?? 1f);
            }
        }

        var bias2 = new float[channels];
        for (int j = 0; j < channels; j++)
        {
            bias2[j] = (beta * c0[j] * (scale?[j] ?? 1f)) + shift[j];
        }

        node.Attributes["alpha"] = NodeAttribute.FromFloat("alpha", 1f);
        node.Attributes["beta"] = NodeAttribute.FromFloat("beta", 1f);
        SetInput(node, 1, GraphEdits.NewConstant(w.Name + "/folded", new TensorData(DataType.Float32, bs, weights)));
        SetInput(node, 2, GraphEdits.NewConstant(node.Name + "/bias", TensorData.FromFloats(new[] { channels }, bias2)));
    }

    private static void SetInput(Node node, int i, Value v)
    {
        while (node.Inputs.Count <= i)
        {
            node.Inputs.Add(null);
        }

        node.Inputs[i] = v;
    }

    /// <summary>Makes <paramref name="node"/> compute <paramref name="absorbed"/>'s output, which is removed.</summary>
    public static void Replace(Graph graph, Node node, Node absorbed)
    {
        Value result = absorbed.Output(0)!;
        GraphEdits.TakeOverOutput(node, result);
        graph.Nodes.Remove(absorbed);
        node.Absorb(new[] { absorbed });
    }
}
