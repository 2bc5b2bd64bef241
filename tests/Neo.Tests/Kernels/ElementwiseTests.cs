using System;
using System.Runtime.Intrinsics;
using Neo.Runtime.Kernels;
using Neo.Tests.Infrastructure;
using Xunit;

namespace Neo.Tests.Kernels;

/// <summary>
/// Elementwise loops over every length from 1 to 256 (every vector tail of every width) against the operators'
/// own scalar form, and the vector math against System.Math.
/// </summary>
public sealed class ElementwiseTests
{
    private static void CheckUnary<TOp>(TOp op, float scale, double tolerance)
        where TOp : struct, IUnaryOperator
    {
        for (int n = 1; n <= 256; n++)
        {
            float[] x = KernelReference.Random(n, n, scale);
            var expected = new float[n];
            for (int i = 0; i < n; i++)
            {
                expected[i] = op.Invoke(x[i]);
            }

            var y = new float[n];
            Elementwise.Unary(x, y, op);
            Tolerance.AssertClose(y, expected, tolerance, $"{typeof(TOp).Name} length {n}");
            Elementwise.Unary(x, x, op);
            Tolerance.AssertClose(x, expected, tolerance, $"{typeof(TOp).Name} in place, length {n}");
        }
    }

    [Fact]
    public void UnaryOperatorsEveryLength()
    {
        CheckUnary(default(Relu), 3f, 0);
        CheckUnary(new Clip(-0.5f, 0.5f), 3f, 0);
        CheckUnary(new LeakyRelu(0.1f), 3f, 1e-7);
        CheckUnary(default(Sigmoid), 20f, 1e-6);
        CheckUnary(default(Tanh), 10f, 1e-6);
        CheckUnary(default(Exp), 80f, 1e-6);
        CheckUnary(default(Erf), 3f, 0);
        CheckUnary(default(Gelu), 6f, 0);
        CheckUnary(default(GeluTanh), 6f, 0);
        CheckUnary(default(Reciprocal), 5f, 0);
        CheckUnary(default(Ceil), 5f, 0);
        CheckUnary(default(Floor), 5f, 0);
        CheckUnary(default(Softsign), 5f, 0);
        CheckUnary(default(Sign), 5f, 0);
        CheckUnary(new ThresholdedRelu(0.5f), 5f, 0);
        CheckUnary(new Shrink(0.25f, 0.5f), 5f, 0);
        CheckUnary(new Scale(1.5f, -0.25f), 5f, 0);
        CheckUnary(new Elu(0.7f), 10f, 1e-6);
        CheckUnary(new Selu(1.67f, 1.05f), 10f, 1e-6);
        CheckUnary(new Celu(0.8f), 10f, 1e-6);
        CheckUnary(new HardSigmoid(0.2f, 0.5f), 5f, 1e-7);
        CheckUnary(default(HardSwish), 5f, 1e-6);
        CheckUnary(default(Abs), 5f, 0);
        CheckUnary(default(Neg), 5f, 0);
        CheckUnary(new Chain<Relu, Chain<Clip, Sigmoid>>(default, new Chain<Clip, Sigmoid>(new Clip(0f, 6f), default)), 10f, 1e-6);
    }

    [Fact]
    public void LogEveryLengthAndSpecialValues()
    {
        // Positive inputs over many octaves (the log-mel case), each vector tail, against double precision.
        for (int n = 1; n <= 256; n++)
        {
            float[] x = KernelReference.Random(n, n, 1f);
            var expected = new float[n];
            for (int i = 0; i < n; i++)
            {
                x[i] = MathF.Pow(10f, 8f * x[i]);
                expected[i] = (float)Math.Log(x[i]);
            }

            var y = new float[n];
            Elementwise.Unary(x, y, default(Log));
            for (int i = 0; i < n; i++)
            {
                Assert.True(Math.Abs(y[i] - expected[i]) <= 2e-6 * Math.Max(1.0, Math.Abs(expected[i])), $"log({x[i]}) = {y[i]}, expected {expected[i]}");
            }
        }

        float[] special = { 0f, -0f, -1f, float.NaN, float.PositiveInfinity, 1f, float.Epsilon, 1e-30f, 16f };
        var ys = new float[special.Length];
        Elementwise.Unary(special, ys, default(Log));
        for (int i = 0; i < special.Length; i++)
        {
            float e = MathF.Log(special[i]);
            Assert.True(float.IsNaN(e) ? float.IsNaN(ys[i]) : ys[i] == e || Math.Abs(ys[i] - e) <= 2e-6 * Math.Max(1.0, Math.Abs(e)), $"log({special[i]}) = {ys[i]}, expected {e}");
        }
    }

    [Fact]
    public void BinaryEveryLengthAndForm()
    {
        for (int n = 1; n <= 256; n++)
        {
            float[] a = KernelReference.Random(n, n), b = KernelReference.Random(n, n + 1000);
            var y = new float[n];
            Elementwise.Binary(a, b, y, default(Mul));
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(a[i] * b[i], y[i]);
            }

            Elementwise.Binary(a, b, y, default(Add));
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(a[i] + b[i], y[i]);
            }

            Elementwise.BinaryScalarLeft(a, b, y, default(Mul));
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(a[0] * b[i], y[i]);
            }

            Elementwise.BinaryScalarRight(a, b, y, default(Sub));
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(a[i] - b[0], y[i]);
            }

            Elementwise.BinaryScalarLeft(a, b, y, default(Div));
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(a[0] / b[i], y[i]);
            }

            long[] la = new long[n], lb = new long[n], ly = new long[n];
            for (int i = 0; i < n; i++)
            {
                la[i] = (i * 7) - 50;
                lb[i] = i % 5;
            }

            Elementwise.Binary<long, Div>(la, lb, ly, default);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(lb[i] == 0 ? 0 : la[i] / lb[i], ly[i]);
            }
        }
    }

    [Fact]
    public void BroadcastRowsAndColumns()
    {
        // [3, 37] + [37] and [3, 37] * [3, 1].
        float[] a = KernelReference.Random(3 * 37, 1), row = KernelReference.Random(37, 2), col = KernelReference.Random(3, 3);
        var y = new float[3 * 37];
        Elementwise.BinaryBroadcast(a, row, y, new[] { 3, 37 }, new[] { 37, 1 }, new[] { 0, 1 }, default(Add));
        for (int i = 0; i < y.Length; i++)
        {
            Assert.Equal(a[i] + row[i % 37], y[i]);
        }

        Elementwise.BinaryBroadcast(a, col, y, new[] { 3, 37 }, new[] { 37, 1 }, new[] { 1, 0 }, default(Mul));
        for (int i = 0; i < y.Length; i++)
        {
            Assert.Equal(a[i] * col[i / 37], y[i]);
        }
    }

    [Theory]
    [InlineData(1, 96, 12544)]
    [InlineData(3, 37, 1001)]
    [InlineData(2, 672, 196)]
    public void BroadcastOnTwoThreadsMatchesOneElementAtATime(int batch, int channels, int spatial)
    {
        // A squeeze-and-excitation scaling, [N, C, HW] * [N, C, 1], and a per-position row, [N, C, HW] - [1, 1, HW]:
        // rows split across two threads, starting mid-image and mid-channel.
        using var team = Neo.Runtime.Threading.ThreadTeam.Create(2);
        int total = batch * channels * spatial;
        float[] a = KernelReference.Random(total, 4), scale = KernelReference.Random(batch * channels, 5), row = KernelReference.Random(spatial, 6);
        var y = new float[total + 1];
        y[^1] = 42f;
        Elementwise.BinaryBroadcast(team, a, scale, y.AsSpan(0, total), new[] { batch, channels, spatial }, new[] { channels * spatial, spatial, 1 }, new[] { channels, 1, 0 }, default(Mul));
        for (int i = 0; i < total; i++)
        {
            Assert.Equal(a[i] * scale[i / spatial], y[i]);
        }

        Elementwise.BinaryBroadcast(team, a, row, y.AsSpan(0, total), new[] { batch, channels, spatial }, new[] { channels * spatial, spatial, 1 }, new[] { 0, 0, 1 }, default(Sub));
        for (int i = 0; i < total; i++)
        {
            Assert.Equal(a[i] - row[i % spatial], y[i]);
        }

        Assert.Equal(42f, y[^1]);
        Assert.Throws<ArgumentException>(() => Elementwise.BinaryBroadcast(team, a.AsSpan(1), scale, y.AsSpan(0, total), new[] { batch, channels, spatial }, new[] { channels * spatial, spatial, 1 }, new[] { channels, 1, 0 }, default(Mul)));
    }

    [Theory]
    [InlineData(1, 3, 1)]
    [InlineData(1, 96, 12544)]
    [InlineData(2, 37, 1001)]
    public void GlobalAverageMatchesTheMean(int threads, int planes, int spatial)
    {
        using var team = Neo.Runtime.Threading.ThreadTeam.Create(threads);
        float[] x = KernelReference.Random(planes * spatial, 7);
        var y = new float[planes + 1];
        y[^1] = 42f;
        Pool.GlobalAverage(team, x, y, planes, spatial);
        for (int p = 0; p < planes; p++)
        {
            double mean = 0;
            for (int i = 0; i < spatial; i++)
            {
                mean += x[(p * spatial) + i];
            }

            mean /= spatial;
            Assert.True(Math.Abs(y[p] - mean) <= 1e-5 * (1 + Math.Abs(mean)), $"plane {p}: got {y[p]}, expected {mean}");
        }

        Assert.Equal(42f, y[^1]);
    }

    [Fact]
    public void VectorExpMatchesMath()
    {
        // Every width, densely over the whole finite range: within 2 ulp of the double-precision value, including the
        // top (88.38-88.72), where 2^n alone would overflow although e^x does not.
        double worst = 0;
        float worstAt = 0;
        for (float x = -87.33f; x <= 88.7228f; x += 0.0007f)
        {
            double expected = Math.Exp(x);
            double ulp = MathF.BitIncrement((float)expected) - (float)expected;
            foreach (float got in new[] { VectorMath.Exp(Vector128.Create(x)).GetElement(0), VectorMath.Exp(Vector256.Create(x)).GetElement(3), VectorMath.Exp(Vector512.Create(x)).GetElement(15) })
            {
                double error = Math.Abs(got - expected) / ulp;
                if (!(error <= worst))
                {
                    (worst, worstAt) = (error, x);
                }
            }
        }

        Assert.True(worst <= 2, $"{worst:F2} ulp at {worstAt:R}");

        // Lanes of one vector on either side of the overflow fix-up, and the ends.
        var lanes = Vector512.Create(88.5f, 1f, -1f, 88.72f, 0f, -87f, 10f, 88.3f, -20f, 50f, 2f, -2f, 88.376f, 88.377f, 80f, 1e-3f);
        Vector512<float> exp = VectorMath.Exp(lanes);
        for (int i = 0; i < 16; i++)
        {
            double expected = Math.Exp(lanes.GetElement(i));
            Assert.True(Math.Abs(exp.GetElement(i) - expected) <= 2.5e-7 * expected, $"e^{lanes.GetElement(i)}: {exp.GetElement(i)}, expected {expected}");
        }

        Assert.Equal(0f, VectorMath.Exp(Vector128.Create(-1000f)).GetElement(0));
        Assert.Equal(float.PositiveInfinity, VectorMath.Exp(Vector512.Create(1000f)).GetElement(0));
        Assert.Equal(float.PositiveInfinity, VectorMath.Exp(Vector256.Create(88.73f)).GetElement(0));
        Assert.True(float.IsNaN(VectorMath.Exp(Vector256.Create(float.NaN)).GetElement(0)));
    }
}
