using System;
using System.Linq;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Signal;

/// <summary>
/// MelWeightMatrix: the [dft_length/2 + 1, num_mel_bins] matrix of triangular mel filters that turns a
/// one-sided spectrum into mel bands (audio front ends). Every input is a scalar that fixes the output's
/// shape, so the matrix is computed at build time, as the ONNX reference computes it.
/// </summary>
public sealed class MelWeightMatrix : Operator
{
    public override string OpType => "MelWeightMatrix";

    /// <summary>Reads every input (they fix the output's shape) at build time.</summary>
    public override bool NeedsConstantInput(Node node, int index) => true;

    public override OpKind Kind => OpKind.Injective;

    public override string Notes => "inputs known at build time (computed as a constant)";

    public override void InferShapes(Node node)
    {
        Value[] inputs = Enumerable.Range(0, 5).Select(node.RequireInput).ToArray();
        if (inputs.Where(i => i.Constant is null).Select(i => "'" + i.Name + "'").ToList() is { Count: > 0 } unknown)
        {
            throw new CompileErrorException(DiagnosticCodes.DynamicShape, $"node {node.Display} reads {string.Join(", ", unknown)} at run time; Neo needs every MelWeightMatrix input at build time, since they fix its shape.", node.Name);
        }

        double[] v = inputs.Select(i => i.Constant!.GetDouble(0)).ToArray();
        int mels = checked((int)v[0]), dftLength = checked((int)v[1]), sampleRate = checked((int)v[2]);
        float lower = (float)v[3], upper = (float)v[4];
        if (mels <= 0 || dftLength <= 0 || sampleRate <= 0 || lower < 0 || upper <= lower || mels > 1 << 16 || dftLength > 1 << 24)
        {
            throw Invalid(node, $"has num_mel_bins {mels}, dft_length {dftLength}, sample_rate {sampleRate} and edges {lower}..{upper} Hz, which do not make a filter bank.");
        }

        int spectrum = (dftLength / 2) + 1;
        float lowMel = 2595f * MathF.Log10(1 + (lower / 700f));
        float highMel = 2595f * MathF.Log10(1 + (upper / 700f));
        float step = (highMel - lowMel) / (mels + 2);
        var bins = new int[mels + 2];
        for (int i = 0; i < bins.Length; i++)
        {
            double mel = (i * (double)step) + lowMel;
            double hz = 700 * (Math.Pow(10, mel / 2595) - 1);
            bins[i] = (int)Math.Floor((dftLength + 1) * hz / sampleRate);
        }

        if ((long)spectrum * mels > SizeLimits.MaxElements)
        {
            throw new CompileErrorException(DiagnosticCodes.TensorTooLarge, $"node {node.Display} makes a {spectrum}×{mels} filter bank, more than the {SizeLimits.MaxElements} elements Neo can hold in one tensor. Use a smaller dft_length or fewer mel bins.", node.Name);
        }

        var output = new float[spectrum * mels];
        for (int m = 0; m < mels; m++)
        {
            int left = bins[m], center = bins[m + 1], right = bins[m + 2];
            if (center - left == 0)
            {
                Set(output, spectrum, mels, center, m, 1f);
            }
            else
            {
                for (int j = left; j <= center; j++)
                {
                    Set(output, spectrum, mels, j, m, (float)((double)(j - left) / (center - left)));
                }
            }

            for (int j = center; j < right; j++)
            {
                Set(output, spectrum, mels, j, m, (float)((double)(right - j) / (right - center)));
            }
        }

        var type = DataTypes.FromOnnx(node.GetInt("output_datatype", (long)DataType.Float32));
        Value y = node.Output(0)!;
        y.Shape = new[] { spectrum, mels };
        y.Type = type;
        y.Constant = type switch
        {
            DataType.Float32 => TensorData.FromFloats(y.Shape, output),
            DataType.Float64 => new TensorData(type, y.Shape, Array.ConvertAll(output, f => (double)f)),
            _ => throw new CompileErrorException(DiagnosticCodes.UnsupportedElementType, $"node {node.Display} asks for output_datatype {DataTypes.Name(type)}; Neo makes float32 and float64 matrices.", node.Name),
        };
    }

    private static void Set(float[] output, int spectrum, int mels, int row, int column, float value)
    {
        if ((uint)row < (uint)spectrum)
        {
            output[(row * mels) + column] = value;
        }
    }

    public override void Lower(Node node, LoweringContext context)
    {
        // Never reached: the output is a constant.
    }
}
