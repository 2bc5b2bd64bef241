using System;
using System.Linq;
using Neo.Runtime.Kernels;
using Neo.Tests.Infrastructure;
using Xunit;

namespace Neo.Tests.Kernels;

/// <summary>
/// The recurrent layers' unpacked product (rows of a against rows of b, eight or four rows of b per pass with one
/// horizontal reduction) against a double-precision reference, over row counts and depths that leave every tail:
/// fewer than a block of b's rows, a partial block, and a depth that is not a multiple of the vector width.
/// </summary>
public sealed class RecurrentKernelTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(1, 7, 8)]
    [InlineData(1, 8, 7)]
    [InlineData(1, 192, 48)]
    [InlineData(2, 17, 33)]
    [InlineData(4, 40, 64)]
    [InlineData(3, 9, 3)]
    [InlineData(20, 192, 32)]
    [InlineData(5, 24, 131)]
    public void DotRowsMatchesReference(int m, int n, int k)
    {
        float[] a = KernelReference.Random(m * k, 11), b = KernelReference.Random(n * k, 12);
        var c = new float[m * n];
        Recurrent.DotRows(a, b, c, m, n, k);
        var expected = new float[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int t = 0; t < k; t++)
                {
                    s += (double)a[(i * k) + t] * b[(j * k) + t];
                }

                expected[(i * n) + j] = (float)s;
            }
        }

        Tolerance.AssertClose(c, expected, 1e-5, $"DotRows {m}x{n}x{k}");
    }

    /// <summary>
    /// GRU against a double-precision transcription of the ONNX definition, with hidden sizes that run the vector
    /// gate loops and their scalar tails, both reset placements, clipping, biases and a batch of two.
    /// </summary>
    [Theory]
    [InlineData(19, false, float.PositiveInfinity)]
    [InlineData(19, true, float.PositiveInfinity)]
    [InlineData(16, true, 0.7f)]
    [InlineData(8, false, 0.5f)]
    [InlineData(5, true, float.PositiveInfinity)]
    public void GruMatchesTheOnnxDefinition(int hs, bool linearBeforeReset, float clip)
    {
        const int sequence = 4, batch = 2, inputSize = 11;
        int gh = 3 * hs;
        float[] x = KernelReference.Random(sequence * batch * inputSize, 21);
        float[] w = KernelReference.Random(gh * inputSize, 22, 0.5f);
        float[] r = KernelReference.Random(gh * hs, 23, 0.5f);
        float[] bias = KernelReference.Random(2 * gh, 24);
        float[] h0 = KernelReference.Random(batch * hs, 25);
        var output = new float[sequence * batch * hs];
        var final = new float[batch * hs];
        var scratch = new float[(sequence * batch * gh) + (batch * gh) + (2 * batch * hs)];
        Recurrent.Gru(
            Neo.Runtime.Threading.ThreadTeam.Serial, x, w, r, bias, default, h0, output, final, scratch,
            sequence, batch, inputSize, hs, 0, 1, false, false, clip, linearBeforeReset, default(Sigmoid), default(Tanh));

        var h = h0.Select(v => (double)v).ToArray();
        var expected = new float[output.Length];
        double Clip(double v) => Math.Clamp(v, -clip, clip);
        double Sig(double v) => 1 / (1 + Math.Exp(-Clip(v)));
        for (int t = 0; t < sequence; t++)
        {
            var next = new double[batch * hs];
            for (int b = 0; b < batch; b++)
            {
                double Xw(int row)
                {
                    double s = bias[row];
                    for (int i = 0; i < inputSize; i++)
                    {
                        s += x[(((t * batch) + b) * inputSize) + i] * (double)w[(row * inputSize) + i];
                    }

                    return s;
                }

                double Hr(int row, Func<int, double> state)
                {
                    double s = 0;
                    for (int i = 0; i < hs; i++)
                    {
                        s += state(i) * r[(row * hs) + i];
                    }

                    return s;
                }

                double[] rGate = Enumerable.Range(0, hs).Select(j => Sig(Xw(hs + j) + Hr(hs + j, i => h[(b * hs) + i]) + bias[gh + hs + j])).ToArray();
                for (int j = 0; j < hs; j++)
                {
                    double z = Sig(Xw(j) + Hr(j, i => h[(b * hs) + i]) + bias[gh + j]);
                    double rbh = bias[gh + (2 * hs) + j];
                    double pre = linearBeforeReset
                        ? Xw((2 * hs) + j) + (rGate[j] * (Hr((2 * hs) + j, i => h[(b * hs) + i]) + rbh))
                        : Xw((2 * hs) + j) + Hr((2 * hs) + j, i => rGate[i] * h[(b * hs) + i]) + rbh;
                    double candidate = Math.Tanh(Clip(pre));
                    next[(b * hs) + j] = ((1 - z) * candidate) + (z * h[(b * hs) + j]);
                }
            }

            h = next;
            for (int i = 0; i < batch * hs; i++)
            {
                expected[(t * batch * hs) + i] = (float)h[i];
            }
        }

        Tolerance.AssertClose(output, expected, 1e-5, $"GRU hidden {hs}, linear_before_reset {linearBeforeReset}, clip {clip}");
        Tolerance.AssertClose(final, expected.AsSpan((sequence - 1) * batch * hs).ToArray(), 1e-5, "GRU final state");
    }
}
