using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Neo.Runtime.Kernels;

/// <summary>Softmax and LogSoftmax over one axis: the tensor is viewed as [outer, axis, inner].</summary>
public static class Softmax
{
    /// <summary>y = exp(x - max) / Σ exp(x - max) along the axis. <paramref name="input"/> and <paramref name="output"/> may be the same memory.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ReadOnlySpan<float> input, Span<float> output, int outer, int axis, int inner, bool log)
    {
        long length = (long)outer * axis * inner;
        if (input.Length < length || output.Length < length)
        {
            throw new ArgumentException("NEO3020: a softmax operand is shorter than its shape needs.");
        }

        if (inner == 1)
        {
            for (int o = 0; o < outer; o++)
            {
                Row(input.Slice(o * axis, axis), output.Slice(o * axis, axis), log);
            }

            return;
        }

        for (int o = 0; o < outer; o++)
        {
            int baseIndex = o * axis * inner;
            for (int i = 0; i < inner; i++)
            {
                float max = float.NegativeInfinity;
                for (int a = 0; a < axis; a++)
                {
                    max = Math.Max(max, input[baseIndex + (a * inner) + i]);
                }

                float sum = 0f;
                for (int a = 0; a < axis; a++)
                {
                    int ix = baseIndex + (a * inner) + i;
                    float e = MathF.Exp(input[ix] - max);
                    sum += e;
                    if (!log)
                    {
                        output[ix] = e;
                    }
                }

                if (log)
                {
                    float ls = MathF.Log(sum);
                    for (int a = 0; a < axis; a++)
                    {
                        int ix = baseIndex + (a * inner) + i;
                        output[ix] = input[ix] - max - ls;
                    }
                }
                else
                {
                    float inv = 1f / sum;
                    for (int a = 0; a < axis; a++)
                    {
                        output[baseIndex + (a * inner) + i] *= inv;
                    }
                }
            }
        }
    }

    /// <summary>One contiguous row: max, exp and sum, then scale (or subtract the log of the sum), on 256-bit vectors where accelerated.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row(ReadOnlySpan<float> x, Span<float> y, bool log)
    {
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        nuint n = (nuint)x.Length, i = 0;
        float max = float.NegativeInfinity;
        if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            Vector256<float> m = Vector256.Create(float.NegativeInfinity);
            for (; i + 8 <= n; i += 8)
            {
                m = Vector256.Max(m, Vector256.LoadUnsafe(ref xs, i));
            }

            for (int l = 0; l < 8; l++)
            {
                max = Math.Max(max, m.GetElement(l));
            }
        }

        for (; i < n; i++)
        {
            max = Math.Max(max, Unsafe.Add(ref xs, i));
        }

        float sum = 0f;
        i = 0;
        if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            Vector256<float> mv = Vector256.Create(max), s = Vector256<float>.Zero;
            for (; i + 8 <= n; i += 8)
            {
                Vector256<float> e = VectorMath.Exp(Vector256.LoadUnsafe(ref xs, i) - mv);
                s += e;
                if (!log)
                {
                    e.StoreUnsafe(ref ys, i);
                }
            }

            sum = Vector256.Sum(s);
        }

        for (; i < n; i++)
        {
            float e = MathF.Exp(Unsafe.Add(ref xs, i) - max);
            sum += e;
            if (!log)
            {
                Unsafe.Add(ref ys, i) = e;
            }
        }

        if (log)
        {
            float shift = max + MathF.Log(sum);
            for (i = 0; i < n; i++)
            {
                Unsafe.Add(ref ys, i) = Unsafe.Add(ref xs, i) - shift;
            }
        }
        else
        {
            float inv = 1f / sum;
            i = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; i + 8 <= n; i += 8)
                {
                    (Vector256.LoadUnsafe(ref ys, i) * inv).StoreUnsafe(ref ys, i);
                }
            }

            for (; i < n; i++)
            {
                Unsafe.Add(ref ys, i) *= inv;
            }
        }
    }

    /// <summary>Hardmax: 1 at the first maximum along the axis, 0 elsewhere; the tensor viewed as [outer, axis, inner].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Hardmax(ReadOnlySpan<float> input, Span<float> output, int outer, int axis, int inner)
    {
        output.Clear();
        for (int o = 0; o < outer; o++)
        {
            int baseIndex = o * axis * inner;
            for (int i = 0; i < inner; i++)
            {
                int best = 0;
                float max = input[baseIndex + i];
                for (int a = 1; a < axis; a++)
                {
                    float v = input[baseIndex + (a * inner) + i];
                    if (v > max)
                    {
                        max = v;
                        best = a;
                    }
                }

                output[baseIndex + (best * inner) + i] = 1f;
            }
        }
    }
}
