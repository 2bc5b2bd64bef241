using System;

namespace Neo.Runtime.Kernels;

/// <summary>
/// The labels and scores of an ONNX-ML TreeEnsembleClassifier from its summed class scores, following
/// ONNX Runtime's rules: more than two classes add the base values, take the first largest score as the
/// label and apply the post-transform to every score; two classes follow ONNX Runtime's binary cases (one
/// scored class: [1 − p, p] for all-positive weights, [logistic(−s), logistic(s)] or [−s, s] otherwise).
/// </summary>
public static class TreeClassifier
{
    /// <summary>Flag: two classes and the weights name one class only (ONNX Runtime's binary case).</summary>
    public const int BinaryCase = 1;

    /// <summary>Flag: every class weight is ≥ 0 (the scores are probabilities: the threshold is 0.5).</summary>
    public const int AllPositive = 2;

    /// <summary>Flag: some leaf weight names class 0.</summary>
    public const int HasScore0 = 4;

    /// <summary>Flag: some leaf weight names class 1.</summary>
    public const int HasScore1 = 8;

    /// <summary>Post-transform codes: NONE, LOGISTIC, SOFTMAX, SOFTMAX_ZERO, PROBIT.</summary>
    public const int None = 0, Logistic = 1, Softmax = 2, SoftmaxZero = 3, Probit = 4;

    /// <summary>Computes <paramref name="labels"/> and <paramref name="probabilities"/> of <paramref name="rows"/> rows.</summary>
    /// <param name="scores">The summed leaf weights, rows × classes, without base values.</param>
    /// <param name="labels">Receives one class label per row.</param>
    /// <param name="probabilities">Receives rows × classes scores.</param>
    /// <param name="rows">The number of rows.</param>
    /// <param name="classes">The number of class labels.</param>
    /// <param name="baseValues">The node's base_values (any length, as ONNX Runtime reads them), or empty.</param>
    /// <param name="classLabels">The node's classlabels_int64s.</param>
    /// <param name="flags">A combination of <see cref="BinaryCase"/>, <see cref="AllPositive"/>, <see cref="HasScore0"/>, <see cref="HasScore1"/>.</param>
    /// <param name="transform">The post-transform code.</param>
    public static void Run(ReadOnlySpan<float> scores, Span<long> labels, Span<float> probabilities, int rows, int classes, ReadOnlySpan<float> baseValues, ReadOnlySpan<long> classLabels, int flags, int transform)
    {
        if (scores.Length != rows * classes || labels.Length != rows || probabilities.Length != rows * classes || classLabels.Length != classes || classes < 2)
        {
            throw new ArgumentException("NEO3020: the classifier's scores, labels and probabilities do not fit its rows and classes.", nameof(scores));
        }

        Span<float> row = classes <= 256 ? stackalloc float[classes] : new float[classes];
        for (int r = 0; r < rows; r++)
        {
            scores.Slice(r * classes, classes).CopyTo(row);
            Span<float> z = probabilities.Slice(r * classes, classes);
            labels[r] = classes > 2 ? Multiclass(row, z, baseValues, classLabels, transform) : Binary(row, z, baseValues, classLabels, flags, transform);
        }
    }

    private static long Multiclass(Span<float> s, Span<float> z, ReadOnlySpan<float> baseValues, ReadOnlySpan<long> classLabels, int transform)
    {
        for (int k = 0; k < baseValues.Length && k < s.Length; k++)
        {
            s[k] += baseValues[k];
        }

        int best = 0;
        for (int k = 1; k < s.Length; k++)
        {
            if (s[k] > s[best])
            {
                best = k;
            }
        }

        Transform(s, z, transform);
        return classLabels[best];
    }

    private static long Binary(Span<float> s, Span<float> z, ReadOnlySpan<float> baseValues, ReadOnlySpan<long> classLabels, int flags, int transform)
    {
        bool has0 = (flags & HasScore0) != 0, has1 = (flags & HasScore1) != 0;
        int size = 2;
        int extra = -1;
        if (baseValues.Length == 2)
        {
            if (has1)
            {
                // ONNX Runtime uses only base_values[1] here and mirrors the score.
                s[1] = baseValues[1] + s[0];
                s[0] = -s[1];
            }
            else
            {
                s[1] += baseValues[1];
                s[0] += baseValues[0];
            }
        }
        else if (baseValues.Length == 1)
        {
            s[0] += baseValues[0];
            size = has1 ? 2 : 1;
        }
        else if (baseValues.Length == 0)
        {
            extra = 3;
            size = has1 ? 2 : 1;
        }

        float positive = size == 2 && has1 ? s[1] : has0 ? s[0] : 0f;
        long label;
        if ((flags & BinaryCase) != 0)
        {
            bool allPositive = (flags & AllPositive) != 0;
            bool isPositive = allPositive ? positive > 0.5f : positive > 0f;
            extra = allPositive ? (isPositive ? 0 : 1) : (isPositive ? 2 : 3);
            label = isPositive ? classLabels[1] : classLabels[0];
        }
        else
        {
            label = positive > 0f ? 1 : 0;
        }

        if (size == 2)
        {
            Transform(s, z, transform);
            return label;
        }

        float p = s[0];
        if (transform == Probit)
        {
            z[0] = OnnxProbit.Probit(p);
            z[1] = 0f;
            return label;
        }

        switch (extra)
        {
            case 0:
            case 1:
                z[0] = 1f - p;
                z[1] = p;
                break;
            case 2:
            case 3 when transform == Logistic:
                z[0] = transform == Logistic ? OnnxLogistic.Logistic(-p) : -p;
                z[1] = transform == Logistic ? OnnxLogistic.Logistic(p) : p;
                break;
            case 3:
                z[0] = p;
                z[1] = -p;
                break;
            default:
                z[0] = p;
                z[1] = 0f;
                break;
        }

        return label;
    }

    private static void Transform(Span<float> s, Span<float> z, int transform)
    {
        switch (transform)
        {
            case Logistic:
                default(OnnxLogistic).Predict(s, z);
                break;
            case Softmax:
                default(OnnxSoftmax).Predict(s, z);
                break;
            case SoftmaxZero:
                default(OnnxSoftmaxZero).Predict(s, z);
                break;
            case Probit:
                default(OnnxProbit).Predict(s, z);
                break;
            default:
                s.CopyTo(z);
                break;
        }
    }
}
