using System;
using System.Runtime.CompilerServices;

namespace Neo.Runtime.Kernels;

/// <summary>
/// Discrete Fourier transforms (ONNX DFT and STFT). Complex values are pairs (real, imaginary) in the
/// last dim; real inputs have one element there. Sums run in double over a twiddle table of the
/// transform length, so results are exact to float precision for any length (no power-of-two limit).
/// </summary>
public static class Signal
{
    /// <summary>
    /// DFT along an axis: the input is viewed as [outer, length, inner, 1 or 2], the output as [outer,
    /// bins, inner, 2]. X[k] = Σ_{n &lt; min(length, dftLength)} x[n]·e^(∓2πi·kn/dftLength) for k &lt; bins
    /// (the signal is zero-padded or truncated to dftLength); <paramref name="inverse"/> takes the + sign and
    /// divides by dftLength. <paramref name="twiddles"/> is scratch of 2·dftLength elements.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dft(
        ReadOnlySpan<float> input,
        Span<float> output,
        Span<double> twiddles,
        int outer,
        int length,
        int inner,
        bool complexInput,
        int dftLength,
        int bins,
        bool inverse)
    {
        FillTwiddles(twiddles, dftLength, inverse);
        int c = complexInput ? 2 : 1;
        int used = Math.Min(length, dftLength);
        double norm = inverse ? 1.0 / dftLength : 1.0;
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                for (int k = 0; k < bins; k++)
                {
                    double re = 0, im = 0;
                    for (int n = 0; n < used; n++)
                    {
                        int at = ((((o * length) + n) * inner) + i) * c;
                        int t = (int)((long)k * n % dftLength);
                        double cos = twiddles[2 * t], sin = twiddles[(2 * t) + 1];
                        double xr = input[at], xi = complexInput ? input[at + 1] : 0;
                        re += (xr * cos) - (xi * sin);
                        im += (xr * sin) + (xi * cos);
                    }

                    int y = ((((o * bins) + k) * inner) + i) * 2;
                    output[y] = (float)(re * norm);
                    output[y + 1] = (float)(im * norm);
                }
            }
        }
    }

    /// <summary>
    /// STFT: the DFT of frames of <paramref name="frameLength"/> samples every <paramref name="frameStep"/>,
    /// each multiplied by <paramref name="window"/> (empty: none). The signal is [batch, length, 1 or 2], the
    /// output [batch, frames, bins, 2]. <paramref name="twiddles"/> is scratch of 2·frameLength elements.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Stft(
        ReadOnlySpan<float> signal,
        ReadOnlySpan<float> window,
        Span<float> output,
        Span<double> twiddles,
        int batch,
        int length,
        bool complexInput,
        int frameStep,
        int frameLength,
        int frames,
        int bins)
    {
        FillTwiddles(twiddles, frameLength, inverse: false);
        int c = complexInput ? 2 : 1;
        for (int b = 0; b < batch; b++)
        {
            for (int f = 0; f < frames; f++)
            {
                int start = f * frameStep;
                for (int k = 0; k < bins; k++)
                {
                    double re = 0, im = 0;
                    for (int n = 0; n < frameLength; n++)
                    {
                        int at = ((b * length) + start + n) * c;
                        double w = window.IsEmpty ? 1 : window[n];
                        int t = (int)((long)k * n % frameLength);
                        double cos = twiddles[2 * t], sin = twiddles[(2 * t) + 1];
                        double xr = signal[at] * w, xi = complexInput ? signal[at + 1] * w : 0;
                        re += (xr * cos) - (xi * sin);
                        im += (xr * sin) + (xi * cos);
                    }

                    int y = (((b * frames) + f) * bins + k) * 2;
                    output[y] = (float)re;
                    output[y + 1] = (float)im;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FillTwiddles(Span<double> twiddles, int n, bool inverse)
    {
        double sign = inverse ? 1 : -1;
        for (int t = 0; t < n; t++)
        {
            double angle = sign * 2 * Math.PI * t / n;
            twiddles[2 * t] = Math.Cos(angle);
            twiddles[(2 * t) + 1] = Math.Sin(angle);
        }
    }
}
