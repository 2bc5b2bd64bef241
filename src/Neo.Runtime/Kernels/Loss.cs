using System;
using System.Runtime.CompilerServices;

namespace Neo.Runtime.Kernels;

/// <summary>How a loss combines its per-element values (ONNX's <c>reduction</c> attribute).</summary>
public enum LossReduction
{
    /// <summary>One loss per element: the output has the target's shape.</summary>
    None = 0,

    /// <summary>The sum of the losses: a scalar.</summary>
    Sum = 1,

    /// <summary>The weighted mean: the sum of the losses over the sum of the weights of the elements not ignored.</summary>
    Mean = 2,
}

/// <summary>Loss functions over [N, C, d…] scores and [N, d…] integer targets (<c>inner</c> = the product of d…).</summary>
public static class Loss
{
    /// <summary>
    /// NegativeLogLikelihoodLoss: loss = -input[n, target, d] · weight[target]; elements whose target is
    /// <paramref name="ignoreIndex"/> (when <paramref name="ignore"/>) count 0 and weigh nothing.
    /// <paramref name="weight"/> may be empty (all 1).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void NegativeLogLikelihood(
        ReadOnlySpan<float> input,
        ReadOnlySpan<long> target,
        ReadOnlySpan<float> weight,
        Span<float> output,
        int batch,
        int classes,
        int inner,
        bool ignore,
        long ignoreIndex,
        LossReduction reduction)
    {
        double sum = 0, weights = 0;
        for (int n = 0; n < batch; n++)
        {
            for (int d = 0; d < inner; d++)
            {
                int e = (n * inner) + d;
                long t = target[e];
                float loss = 0f, w = 0f;
                if (!ignore || t != ignoreIndex)
                {
                    if ((ulong)t >= (ulong)classes)
                    {
                        throw new ArgumentOutOfRangeException(nameof(target), t, $"NEO3004: target {t} is not a class index in [0, {classes - 1}] (and not the ignore_index).");
                    }

                    w = weight.IsEmpty ? 1f : weight[(int)t];
                    loss = -input[(((n * classes) + (int)t) * inner) + d] * w;
                }

                if (reduction == LossReduction.None)
                {
                    output[e] = loss;
                }

                sum += loss;
                weights += w;
            }
        }

        if (reduction == LossReduction.Sum)
        {
            output[0] = (float)sum;
        }
        else if (reduction == LossReduction.Mean)
        {
            output[0] = weights == 0 ? 0f : (float)(sum / weights);
        }
    }

    /// <summary>
    /// SoftmaxCrossEntropyLoss: <paramref name="logProbability"/> = log-softmax of the scores over the class
    /// axis, then the negative log-likelihood of the labels, as <see cref="NegativeLogLikelihood"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SoftmaxCrossEntropy(
        ReadOnlySpan<float> scores,
        ReadOnlySpan<long> labels,
        ReadOnlySpan<float> weight,
        Span<float> output,
        Span<float> logProbability,
        int batch,
        int classes,
        int inner,
        bool ignore,
        long ignoreIndex,
        LossReduction reduction)
    {
        Softmax.Run(scores, logProbability, batch, classes, inner, log: true);
        NegativeLogLikelihood(logProbability, labels, weight, output, batch, classes, inner, ignore, ignoreIndex, reduction);
    }
}
