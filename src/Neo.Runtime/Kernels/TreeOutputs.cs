using System;
using System.Runtime.CompilerServices;

namespace Neo.Runtime.Kernels;

/// <summary>
/// What a tree ensemble's <c>predict</c> returns, computed from one row's raw scores (the margin). Each
/// library has its own formula and precision (XGBoost in float32 with <c>expf</c>, LightGBM in float64,
/// ONNX Runtime in float32), so each is its own struct; <see cref="Trees"/> takes one as a generic
/// argument and the JIT specializes the row loop for it.
/// </summary>
public interface ITreeOutput
{
    /// <summary>One row's prediction from its float32 scores.</summary>
    void Predict(ReadOnlySpan<float> margin, Span<float> prediction);

    /// <summary>One row's prediction from its float64 scores (LightGBM sums in float64).</summary>
    void Predict(ReadOnlySpan<double> margin, Span<float> prediction);
}

/// <summary>The prediction is the raw score (regression, <c>binary:logitraw</c>, ranking).</summary>
public readonly struct RawScore : ITreeOutput
{
    /// <inheritdoc />
    public void Predict(ReadOnlySpan<float> margin, Span<float> prediction) => margin.CopyTo(prediction);

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<double> margin, Span<float> prediction)
    {
        for (int i = 0; i < margin.Length; i++)
        {
            prediction[i] = (float)margin[i];
        }
    }
}

/// <summary>XGBoost's logistic: 1 / (expf(min(-x, 88.7)) + 1 + 1e-16), as <c>common::Sigmoid</c> computes it.</summary>
public readonly struct XGBoostSigmoid : ITreeOutput
{
    /// <inheritdoc />
    public void Predict(ReadOnlySpan<float> margin, Span<float> prediction)
    {
        for (int i = 0; i < margin.Length; i++)
        {
            prediction[i] = Sigmoid(margin[i]);
        }
    }

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<double> margin, Span<float> prediction)
    {
        for (int i = 0; i < margin.Length; i++)
        {
            prediction[i] = Sigmoid((float)margin[i]);
        }
    }

    /// <summary>The clamp keeps expf finite; the epsilon cannot change a float32 sum of at least 1 but is kept as written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float Sigmoid(float x)
    {
        float v = -x;
        v = 88.7f < v ? 88.7f : v; // std::min(-x, 88.7f): NaN stays NaN
        return 1f / (MathF.Exp(v) + 1f + 1e-16f);
    }
}

/// <summary>XGBoost's softmax (<c>multi:softprob</c>): float32 exponentials, a float64 sum, float32 division.</summary>
public readonly struct XGBoostSoftmax : ITreeOutput
{
    /// <inheritdoc />
    public void Predict(ReadOnlySpan<float> margin, Span<float> prediction)
    {
        float max = margin[0];
        for (int i = 1; i < margin.Length; i++)
        {
            max = MaxIgnoringNaN(margin[i], max);
        }

        double sum = 0;
        for (int i = 0; i < margin.Length; i++)
        {
            float e = MathF.Exp(margin[i] - max);
            prediction[i] = e;
            sum += e;
        }

        float total = (float)sum;
        for (int i = 0; i < margin.Length; i++)
        {
            prediction[i] /= total;
        }
    }

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<double> margin, Span<float> prediction)
    {
        Span<float> m = margin.Length <= 256 ? stackalloc float[margin.Length] : new float[margin.Length];
        for (int i = 0; i < margin.Length; i++)
        {
            m[i] = (float)margin[i];
        }

        Predict(m, prediction);
    }

    /// <summary>C's fmaxf: a NaN operand loses.</summary>
    private static float MaxIgnoringNaN(float a, float b) => float.IsNaN(a) ? b : float.IsNaN(b) ? a : a > b ? a : b;
}

/// <summary>XGBoost's <c>multi:softmax</c>: the index of the first largest score, as a float.</summary>
public readonly struct XGBoostArgMax : ITreeOutput
{
    /// <inheritdoc />
    public void Predict(ReadOnlySpan<float> margin, Span<float> prediction)
    {
        int best = 0;
        for (int i = 1; i < margin.Length; i++)
        {
            if (margin[best] < margin[i])
            {
                best = i;
            }
        }

        prediction[0] = best;
    }

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<double> margin, Span<float> prediction)
    {
        int best = 0;
        for (int i = 1; i < margin.Length; i++)
        {
            if (margin[best] < margin[i])
            {
                best = i;
            }
        }

        prediction[0] = best;
    }
}

/// <summary>XGBoost's exponential (<c>count:poisson</c>, <c>reg:gamma</c>, <c>reg:tweedie</c>, survival): expf(x).</summary>
public readonly struct XGBoostExp : ITreeOutput
{
    /// <inheritdoc />
    public void Predict(ReadOnlySpan<float> margin, Span<float> prediction)
    {
        for (int i = 0; i < margin.Length; i++)
        {
            prediction[i] = MathF.Exp(margin[i]);
        }
    }

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<double> margin, Span<float> prediction)
    {
        for (int i = 0; i < margin.Length; i++)
        {
            prediction[i] = MathF.Exp((float)margin[i]);
        }
    }
}

/// <summary>XGBoost's <c>binary:hinge</c>: 1 when the score is positive, else 0.</summary>
public readonly struct XGBoostHinge : ITreeOutput
{
    /// <inheritdoc />
    public void Predict(ReadOnlySpan<float> margin, Span<float> prediction)
    {
        for (int i = 0; i < margin.Length; i++)
        {
            prediction[i] = margin[i] > 0f ? 1f : 0f;
        }
    }

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<double> margin, Span<float> prediction)
    {
        for (int i = 0; i < margin.Length; i++)
        {
            prediction[i] = margin[i] > 0 ? 1f : 0f;
        }
    }
}

/// <summary>LightGBM's logistic (<c>binary</c>, <c>cross_entropy</c>, and per class for <c>multiclassova</c>): 1 / (1 + exp(-scale·x)) in float64.</summary>
public readonly struct LightGbmSigmoid : ITreeOutput
{
    private readonly double _scale;

    /// <summary>Creates the transform with LightGBM's <c>sigmoid</c> parameter.</summary>
    public LightGbmSigmoid(double scale)
    {
        _scale = scale;
    }

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<float> margin, Span<float> prediction)
    {
        for (int i = 0; i < margin.Length; i++)
        {
            prediction[i] = (float)(1.0 / (1.0 + Math.Exp(-_scale * margin[i])));
        }
    }

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<double> margin, Span<float> prediction)
    {
        for (int i = 0; i < margin.Length; i++)
        {
            prediction[i] = (float)(1.0 / (1.0 + Math.Exp(-_scale * margin[i])));
        }
    }
}

/// <summary>LightGBM's softmax (<c>multiclass</c>), in float64.</summary>
public readonly struct LightGbmSoftmax : ITreeOutput
{
    /// <inheritdoc />
    public void Predict(ReadOnlySpan<float> margin, Span<float> prediction)
    {
        Span<double> m = margin.Length <= 256 ? stackalloc double[margin.Length] : new double[margin.Length];
        for (int i = 0; i < margin.Length; i++)
        {
            m[i] = margin[i];
        }

        Predict(m, prediction);
    }

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<double> margin, Span<float> prediction)
    {
        double max = margin[0];
        for (int i = 1; i < margin.Length; i++)
        {
            max = Math.Max(margin[i], max);
        }

        Span<double> e = margin.Length <= 256 ? stackalloc double[margin.Length] : new double[margin.Length];
        double sum = 0;
        for (int i = 0; i < margin.Length; i++)
        {
            e[i] = Math.Exp(margin[i] - max);
            sum += e[i];
        }

        for (int i = 0; i < margin.Length; i++)
        {
            prediction[i] = (float)(e[i] / sum);
        }
    }
}

/// <summary>LightGBM's exponential (<c>poisson</c>, <c>gamma</c>, <c>tweedie</c>): exp(x) in float64.</summary>
public readonly struct LightGbmExp : ITreeOutput
{
    /// <inheritdoc />
    public void Predict(ReadOnlySpan<float> margin, Span<float> prediction)
    {
        for (int i = 0; i < margin.Length; i++)
        {
            prediction[i] = (float)Math.Exp(margin[i]);
        }
    }

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<double> margin, Span<float> prediction)
    {
        for (int i = 0; i < margin.Length; i++)
        {
            prediction[i] = (float)Math.Exp(margin[i]);
        }
    }
}

/// <summary>LightGBM's <c>cross_entropy_lambda</c>: log(1 + exp(x)) in float64.</summary>
public readonly struct LightGbmSoftplus : ITreeOutput
{
    /// <inheritdoc />
    public void Predict(ReadOnlySpan<float> margin, Span<float> prediction)
    {
        for (int i = 0; i < margin.Length; i++)
        {
            prediction[i] = (float)Softplus(margin[i]);
        }
    }

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<double> margin, Span<float> prediction)
    {
        for (int i = 0; i < margin.Length; i++)
        {
            prediction[i] = (float)Softplus(margin[i]);
        }
    }

    /// <summary>log1p(exp(x)); .NET has no log1p, so the small-argument case is corrected (Goldberg's trick).</summary>
    private static double Softplus(double x)
    {
        double y = Math.Exp(x);
        double u = 1.0 + y;
        return u == 1.0 ? y : Math.Log(u) * (y / (u - 1.0));
    }
}

/// <summary>LightGBM's <c>regression</c> with <c>reg_sqrt</c>: sign(x)·x².</summary>
public readonly struct LightGbmSquare : ITreeOutput
{
    /// <inheritdoc />
    public void Predict(ReadOnlySpan<float> margin, Span<float> prediction)
    {
        for (int i = 0; i < margin.Length; i++)
        {
            double x = margin[i];
            prediction[i] = (float)(Math.Sign(x) * x * x);
        }
    }

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<double> margin, Span<float> prediction)
    {
        for (int i = 0; i < margin.Length; i++)
        {
            double x = margin[i];
            prediction[i] = (float)((x > 0 ? 1.0 : x < 0 ? -1.0 : 0.0) * x * x);
        }
    }
}

/// <summary>ONNX <c>LOGISTIC</c> as ONNX Runtime computes it: 1 / (1 + exp(-|x|)), mirrored for negative x.</summary>
public readonly struct OnnxLogistic : ITreeOutput
{
    /// <inheritdoc />
    public void Predict(ReadOnlySpan<float> margin, Span<float> prediction)
    {
        for (int i = 0; i < margin.Length; i++)
        {
            prediction[i] = Logistic(margin[i]);
        }
    }

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<double> margin, Span<float> prediction)
    {
        for (int i = 0; i < margin.Length; i++)
        {
            prediction[i] = Logistic((float)margin[i]);
        }
    }

    internal static float Logistic(float x)
    {
        float v = 1f / (1f + MathF.Exp(-MathF.Abs(x)));
        return x < 0 ? 1f - v : v;
    }
}

/// <summary>ONNX <c>SOFTMAX</c> as ONNX Runtime computes it, in float32.</summary>
public readonly struct OnnxSoftmax : ITreeOutput
{
    /// <inheritdoc />
    public void Predict(ReadOnlySpan<float> margin, Span<float> prediction)
    {
        float max = -float.MaxValue;
        foreach (float v in margin)
        {
            if (v > max)
            {
                max = v;
            }
        }

        float sum = 0f;
        for (int i = 0; i < margin.Length; i++)
        {
            float e = MathF.Exp(margin[i] - max);
            prediction[i] = e;
            sum += e;
        }

        for (int i = 0; i < margin.Length; i++)
        {
            prediction[i] /= sum;
        }
    }

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<double> margin, Span<float> prediction)
    {
        for (int i = 0; i < margin.Length; i++)
        {
            prediction[i] = (float)margin[i];
        }

        Predict(prediction, prediction);
    }
}

/// <summary>ONNX <c>SOFTMAX_ZERO</c>: softmax that leaves scores within 1e-7 of zero at (nearly) zero, as ONNX Runtime does.</summary>
public readonly struct OnnxSoftmaxZero : ITreeOutput
{
    /// <inheritdoc />
    public void Predict(ReadOnlySpan<float> margin, Span<float> prediction)
    {
        float max = -float.MaxValue;
        foreach (float v in margin)
        {
            if (v > max)
            {
                max = v;
            }
        }

        float expNegMax = MathF.Exp(-max);
        float sum = 0f;
        for (int i = 0; i < margin.Length; i++)
        {
            float v = margin[i];
            if (v > 0.0000001f || v < -0.0000001f)
            {
                v = MathF.Exp(v - max);
                sum += v;
            }
            else
            {
                v *= expNegMax;
            }

            prediction[i] = v;
        }

        for (int i = 0; i < margin.Length; i++)
        {
            prediction[i] /= sum;
        }
    }

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<double> margin, Span<float> prediction)
    {
        for (int i = 0; i < margin.Length; i++)
        {
            prediction[i] = (float)margin[i];
        }

        Predict(prediction, prediction);
    }
}

/// <summary>ONNX <c>PROBIT</c> as ONNX Runtime computes it: √2·erfinv(2x − 1) with Winitzki's approximation.</summary>
public readonly struct OnnxProbit : ITreeOutput
{
    /// <inheritdoc />
    public void Predict(ReadOnlySpan<float> margin, Span<float> prediction)
    {
        for (int i = 0; i < margin.Length; i++)
        {
            prediction[i] = Probit(margin[i]);
        }
    }

    /// <inheritdoc />
    public void Predict(ReadOnlySpan<double> margin, Span<float> prediction)
    {
        for (int i = 0; i < margin.Length; i++)
        {
            prediction[i] = Probit((float)margin[i]);
        }
    }

    internal static float Probit(float x) => 1.41421356f * ErfInv((2f * x) - 1f);

    private static float ErfInv(float x)
    {
        float sign = x < 0 ? -1f : 1f;
        x = (1 - x) * (1 + x);
        float log = MathF.Log(x);
        float v = (2 / (3.14159f * 0.147f)) + (0.5f * log);
        float v2 = 1 / 0.147f * log;
        float v3 = -v + MathF.Sqrt((v * v) - v2);
        return sign * MathF.Sqrt(v3);
    }
}
