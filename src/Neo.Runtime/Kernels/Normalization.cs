using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.InteropServices;
using Neo.Runtime.Threading;

namespace Neo.Runtime.Kernels;

/// <summary>Normalization kernels over NC… tensors (<c>spatial</c> = the product of the dims after C).</summary>
public static class Normalization
{
    /// <summary>
    /// y = x·scale[c] + shift[c] per channel: BatchNormalization at inference once its statistics are
    /// folded into a scale and a shift at build time.
    /// </summary>
    public static void ChannelAffine(ThreadTeam team, ReadOnlySpan<float> input, ReadOnlySpan<float> scale, ReadOnlySpan<float> shift, Span<float> output, int batch, int channels, int spatial) =>
        ChannelAffine(team, input, scale, shift, output, batch, channels, spatial, default(Identity));

    /// <summary>
    /// y = epilogue(x·scale[c] + shift[c]) per channel: a BatchNormalization folded at build time with the elementwise chain
    /// after it (DenseNet's Relu), in one vector pass. The planes are split across <paramref name="team"/> (tensors of at
    /// least <see cref="ThreadTeam.ParallelElements"/> elements).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void ChannelAffine<TEpilogue>(ThreadTeam team, ReadOnlySpan<float> input, ReadOnlySpan<float> scale, ReadOnlySpan<float> shift, Span<float> output, int batch, int channels, int spatial, TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        long total = (long)batch * channels * spatial;
        if (input.Length < total || output.Length < total || scale.Length < channels || shift.Length < channels)
        {
            throw new ArgumentException("NEO3020: a BatchNormalization operand is shorter than its shape needs.");
        }

        fixed (float* x = input, y = output, a = scale, b = shift)
        {
            var job = new AffineJob<TEpilogue> { X = x, Y = y, Scale = a, Shift = b, Channels = channels, Spatial = spatial, Epilogue = epilogue };
            team.Run(batch * channels, total, ref job);
        }
    }

    private unsafe struct AffineJob<TEpilogue> : IParallelJob
        where TEpilogue : struct, IUnaryOperator
    {
        public float* X, Y, Scale, Shift;
        public int Channels, Spatial;
        public TEpilogue Epilogue;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Execute(int start, int end)
        {
            TEpilogue epilogue = Epilogue;
            nuint count = (nuint)Spatial;
            for (int p = start; p < end; p++)
            {
                float* x = X + ((nuint)p * count), y = Y + ((nuint)p * count);
                int c = p % Channels;
                float a = Scale[c], b = Shift[c];
                nuint i = 0;
                if (Vector512.IsHardwareAccelerated)
                {
                    Vector512<float> va = Vector512.Create(a), vb = Vector512.Create(b);
                    for (; i + 16 <= count; i += 16)
                    {
                        epilogue.Invoke(VectorMath.MultiplyAdd(Vector512.Load(x + i), va, vb)).Store(y + i);
                    }
                }

                if (Vector256.IsHardwareAccelerated)
                {
                    Vector256<float> va = Vector256.Create(a), vb = Vector256.Create(b);
                    for (; i + 8 <= count; i += 8)
                    {
                        epilogue.Invoke(VectorMath.MultiplyAdd(Vector256.Load(x + i), va, vb)).Store(y + i);
                    }
                }

                if (Vector128.IsHardwareAccelerated)
                {
                    Vector128<float> va = Vector128.Create(a), vb = Vector128.Create(b);
                    for (; i + 4 <= count; i += 4)
                    {
                        epilogue.Invoke(VectorMath.MultiplyAdd(Vector128.Load(x + i), va, vb)).Store(y + i);
                    }
                }

                for (; i < count; i++)
                {
                    y[i] = epilogue.Invoke((x[i] * a) + b);
                }
            }
        }
    }

    /// <summary>
    /// BatchNormalization at inference: y = (x - mean[c]) / sqrt(var[c] + epsilon) · scale[c] + bias[c], for
    /// statistics known only at run time. With <paramref name="perElement"/> (opset 1-6 spatial=0) the
    /// parameters hold one value per element of a [C, spatial…] item instead of one per channel.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BatchNorm(
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> scale,
        ReadOnlySpan<float> bias,
        ReadOnlySpan<float> mean,
        ReadOnlySpan<float> variance,
        Span<float> output,
        int batch,
        int channels,
        int spatial,
        float epsilon,
        bool perElement)
    {
        for (int n = 0; n < batch; n++)
        {
            for (int c = 0; c < channels; c++)
            {
                int o = ((n * channels) + c) * spatial;
                for (int i = 0; i < spatial; i++)
                {
                    int p = perElement ? (c * spatial) + i : c;
                    float a = scale[p] / MathF.Sqrt(variance[p] + epsilon);
                    output[o + i] = ((input[o + i] - mean[p]) * a) + bias[p];
                }
            }
        }
    }

    /// <summary>
    /// BatchNormalization in training mode: normalizes with the batch's own mean and (biased) variance per
    /// channel and updates the running statistics: running = given·momentum + batch·(1 - momentum).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BatchNormTraining(
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> scale,
        ReadOnlySpan<float> bias,
        ReadOnlySpan<float> mean,
        ReadOnlySpan<float> variance,
        Span<float> output,
        Span<float> runningMean,
        Span<float> runningVariance,
        int batch,
        int channels,
        int spatial,
        float epsilon,
        float momentum)
    {
        for (int c = 0; c < channels; c++)
        {
            double sum = 0, squares = 0;
            for (int n = 0; n < batch; n++)
            {
                ReadOnlySpan<float> x = input.Slice(((n * channels) + c) * spatial, spatial);
                foreach (float v in x)
                {
                    sum += v;
                    squares += (double)v * v;
                }
            }

            double count = (double)batch * spatial;
            double m = sum / count;
            double var = Math.Max(0, (squares / count) - (m * m));
            float a = (float)(scale[c] / Math.Sqrt(var + epsilon));
            for (int n = 0; n < batch; n++)
            {
                int o = ((n * channels) + c) * spatial;
                for (int i = 0; i < spatial; i++)
                {
                    output[o + i] = ((input[o + i] - (float)m) * a) + bias[c];
                }
            }

            if (!runningMean.IsEmpty)
            {
                runningMean[c] = (mean[c] * momentum) + ((float)m * (1 - momentum));
            }

            if (!runningVariance.IsEmpty)
            {
                runningVariance[c] = (variance[c] * momentum) + ((float)var * (1 - momentum));
            }
        }
    }

    /// <summary>InstanceNormalization: each (n, c) plane normalized by its own mean and variance, then scale[c]·x̂ + bias[c].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Instance(ReadOnlySpan<float> input, ReadOnlySpan<float> scale, ReadOnlySpan<float> bias, Span<float> output, int batch, int channels, int spatial, float epsilon)
    {
        for (int n = 0; n < batch; n++)
        {
            for (int c = 0; c < channels; c++)
            {
                int o = ((n * channels) + c) * spatial;
                ReadOnlySpan<float> x = input.Slice(o, spatial);
                double sum = 0;
                foreach (float v in x)
                {
                    sum += v;
                }

                double m = sum / spatial, sq = 0;
                foreach (float v in x)
                {
                    sq += (v - m) * (v - m);
                }

                float a = (float)(scale[c] / Math.Sqrt((sq / spatial) + epsilon));
                for (int i = 0; i < spatial; i++)
                {
                    output[o + i] = ((x[i] - (float)m) * a) + bias[c];
                }
            }
        }
    }

    /// <summary>
    /// Local response normalization across channels: y = x / (bias + alpha/size · Σ x²)^beta, the sum over
    /// channels c - ⌊(size-1)/2⌋ … c + ⌈(size-1)/2⌉.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void LocalResponse(ReadOnlySpan<float> input, Span<float> output, int batch, int channels, int spatial, int size, float alpha, float beta, float bias)
    {
        int before = (size - 1) / 2, after = size - 1 - before;
        for (int n = 0; n < batch; n++)
        {
            for (int c = 0; c < channels; c++)
            {
                int lo = Math.Max(0, c - before), hi = Math.Min(channels - 1, c + after);
                int o = ((n * channels) + c) * spatial;
                for (int i = 0; i < spatial; i++)
                {
                    float sum = 0f;
                    for (int k = lo; k <= hi; k++)
                    {
                        float v = input[(((n * channels) + k) * spatial) + i];
                        sum += v * v;
                    }

                    output[o + i] = input[o + i] / MathF.Pow(bias + (alpha / size * sum), beta);
                }
            }
        }
    }
}
