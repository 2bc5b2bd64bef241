using System;
using System.Linq;
using FusedPlan = Neo.Compiler.Operators.Fused.FusedElementwise;
using Neo.Runtime.Kernels;
using Neo.Tests.Infrastructure;
using Xunit;

namespace Neo.Tests.Kernels;

/// <summary>The kernels the optimizer's fused operators lower to, against straightforward references.</summary>
public sealed class FusedKernelTests
{
    private static float[] Random(int seed, int n)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)((r.NextDouble() * 6) - 3)).ToArray();
    }

    [Fact]
    public void FusedElementwiseBroadcastsEveryLengthFrom1To256()
    {
        // y = relu(x0 · x1[row] + x2) - 0.5 over [3, n], x1 broadcast along the rows, x2 a scalar tensor.
        var expression = new Combine<Sub, Apply<Relu, Combine<Add, Combine<Mul, Arg0, Arg1>, Arg2>>, Literal>(
            default, new Apply<Relu, Combine<Add, Combine<Mul, Arg0, Arg1>, Arg2>>(default, new Combine<Add, Combine<Mul, Arg0, Arg1>, Arg2>(default, default, default)), new Literal(0.5f));
        for (int n = 1; n <= 256; n++)
        {
            float[] x0 = Random(n, 3 * n), x1 = Random(n + 1, 3), x2 = Random(n + 2, 1);
            (int[] shape, int[][] strides) = FusedPlan.Plan(new[] { 3, n }, new[] { new[] { 3, n }, new[] { 3, 1 }, new[] { 1 } });
            int[] flat = strides.SelectMany(s => s).Concat(new int[shape.Length]).ToArray();
            var y = new float[3 * n];
            Neo.Runtime.Kernels.FusedElementwise.Run(x0, x1, x2, default, y, shape, flat, expression);
            for (int i = 0; i < y.Length; i++)
            {
                float expected = MathF.Max(0f, (x0[i] * x1[i / n]) + x2[0]) - 0.5f;
                Assert.Equal(expected, y[i]);
            }
        }
    }

    [Fact]
    public void FusedElementwiseWithALaneWiseOperatorEveryLength()
    {
        // y = pow(max(x0, x1), 2) / x2 over [n]: Max and Pow have no vector form and run lane by lane inside the vector loop.
        var expression = new Combine<Div, Combine<Pow, Combine<Max, Arg0, Arg1>, Literal>, Arg2>(
            default, new Combine<Pow, Combine<Max, Arg0, Arg1>, Literal>(default, new Combine<Max, Arg0, Arg1>(default, default, default), new Literal(2f)), default);
        for (int n = 1; n <= 40; n++)
        {
            float[] x0 = Random(n, 5 * n), x1 = Random(n, 7 * n), x2 = Random(n, 11 * n).Select(v => v + 4f).ToArray();
            var y = new float[n];
            Neo.Runtime.Kernels.FusedElementwise.Run(x0, x1, x2, default, y, new[] { n }, new[] { 1, 1, 1, 0 }, expression);
            for (int i = 0; i < n; i++)
            {
                float m = MathF.Max(x0[i], x1[i]);
                Assert.Equal(MathF.Pow(m, 2f) / x2[i], y[i], 6);
            }
        }
    }

    [Fact]
    public void FusedElementwiseMayWriteOverItsInput()
    {
        float[] x = Random(3, 100);
        float[] copy = (float[])x.Clone();
        (int[] shape, int[][] strides) = FusedPlan.Plan(new[] { 100 }, new[] { new[] { 100 } });
        Neo.Runtime.Kernels.FusedElementwise.Run(x, default, default, default, x, shape, strides[0].Concat(new int[3]).ToArray(), new Apply<Neg, Arg0>(default, default));
        Assert.Equal(copy.Select(v => -v), x);
    }

    [Fact]
    public void BroadcastPlanMergesContiguousDimensions()
    {
        (int[] shape, int[][] strides) = FusedPlan.Plan(new[] { 2, 3, 4, 5 }, new[] { new[] { 2, 3, 4, 5 }, new[] { 3, 1, 1 }, new[] { 1 } });
        Assert.Equal(new[] { 2, 3, 20 }, shape);
        Assert.Equal(new[] { 60, 20, 1 }, strides[0]);
        Assert.Equal(new[] { 0, 1, 0 }, strides[1]);
        Assert.Equal(new[] { 0, 0, 0 }, strides[2]);
    }

    [Fact]
    public void MaskedSoftmaxMatchesSoftmaxOfScaledScoresPlusMask()
    {
        // scores [2, 3, 5], mask [2, 1, 5] (a padding mask per batch).
        float[] scores = Random(1, 30), mask = Random(2, 10);
        mask[3] = float.NegativeInfinity;
        int[] strides = Neo.Compiler.Operators.Fused.MaskedSoftmax.MaskStrides(new[] { 2, 3, 5 }, new[] { 2, 1, 5 });
        var y = new float[30];
        Neo.Runtime.Kernels.MaskedSoftmax.Run(scores, mask, y, new[] { 2, 3 }, strides[..2], 5, strides[2], 0.25f);
        for (int b = 0; b < 2; b++)
        {
            for (int q = 0; q < 3; q++)
            {
                double[] logits = Enumerable.Range(0, 5).Select(k => (scores[(((b * 3) + q) * 5) + k] * 0.25) + mask[(b * 5) + k]).ToArray();
                double max = logits.Max();
                double sum = logits.Sum(l => Math.Exp(l - max));
                for (int k = 0; k < 5; k++)
                {
                    Assert.Equal(Math.Exp(logits[k] - max) / sum, y[(((b * 3) + q) * 5) + k], 6);
                }
            }
        }

        Assert.Equal(0f, y[3]);
    }

    [Fact]
    public void RecognizedActivationsMatchTheirDefinitions()
    {
        foreach (float x in Random(9, 200).Append(0f).Append(-20f).Append(20f))
        {
            Close(x / (1 + Math.Exp(-x)), default(Neo.Runtime.Kernels.Silu).Invoke(x));
            Assert.Equal(x * 2.5f, new BindRight<Mul>(2.5f).Invoke(x));
            Assert.Equal(1f - x, new BindLeft<Sub>(1f).Invoke(x));
        }
    }

    [Fact]
    public void VectorFormsAgreeWithTheScalarForm()
    {
        float[] x = Random(10, 16);
        var v = System.Runtime.Intrinsics.Vector512.Create<float>(x);
        Check(default(Neo.Runtime.Kernels.Silu).Invoke(v), x, default(Neo.Runtime.Kernels.Silu));
        Check(new BindRight<Div>(3f).Invoke(v), x, new BindRight<Div>(3f));
        Check(new BindLeft<Sub>(3f).Invoke(v), x, new BindLeft<Sub>(3f));
        Assert.Equal(new BindLeft<Sub>(3f).Invoke(x[5]), new BindLeft<Sub>(3f).Invoke(System.Runtime.Intrinsics.Vector128.Create(x[4], x[5], x[6], x[7]))[1]);
        Close(default(Neo.Runtime.Kernels.Silu).Invoke(x[9]), default(Neo.Runtime.Kernels.Silu).Invoke(System.Runtime.Intrinsics.Vector256.Create<float>(x.AsSpan(8)))[1]);

        static void Check<T>(System.Runtime.Intrinsics.Vector512<float> got, float[] x, T op)
            where T : struct, IUnaryOperator
        {
            for (int i = 0; i < x.Length; i++)
            {
                Close(op.Invoke(x[i]), got[i]);
            }
        }
    }

    private static void Close(double expected, float actual) =>
        Assert.True(Math.Abs(expected - actual) <= 2e-6 * Math.Max(1, Math.Abs(expected)), $"expected {expected}, got {actual}");
}
