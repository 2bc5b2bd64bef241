using System;
using System.Collections.Generic;
using System.Linq;

namespace Neo.Compiler.Operators.Nn;

/// <summary>The interpolation of Resize and Upsample.</summary>
public enum ResampleMode
{
    Nearest,
    Linear,
    Cubic,
}

/// <summary>
/// Builds, at build time, the tables of the runtime's <c>Resize.Run</c>: for every dim and output
/// coordinate, the input positions it reads and their weights. The coordinate mappings and the
/// neighbour weights follow the ONNX reference implementation (onnx/backend/test/case/node/resize.py).
/// </summary>
public sealed class ResamplingTable
{
    /// <summary>Taps per output coordinate, per dim.</summary>
    public List<int> Taps { get; } = new();

    /// <summary>Where each dim's entries start in <see cref="Indices"/> and <see cref="Weights"/>.</summary>
    public List<int> Offsets { get; } = new();

    /// <summary>Input positions; -1 in a coordinate's first tap means it maps outside the input (extrapolation).</summary>
    public List<int> Indices { get; } = new();

    public List<float> Weights { get; } = new();

    /// <summary>The settings of one resampling.</summary>
    public sealed record Settings(
        ResampleMode Mode,
        string CoordinateMode,
        string NearestMode,
        float CubicA,
        bool ExcludeOutside);

    /// <summary>Adds the table of one dim: <paramref name="inSize"/> → <paramref name="outSize"/> at <paramref name="scale"/>.</summary>
    public void AddDim(int inSize, int outSize, double scale, Settings s, double roiStart, double roiEnd)
    {
        int n = s.Mode switch { ResampleMode.Nearest => 2, ResampleMode.Linear => 2, _ => 4 };
        if ((long)outSize * n > Diagnostics.SizeLimits.MaxElements)
        {
            // The table holds n taps per output position; a dim this long would need gigabytes of weights.
            throw new Diagnostics.CompileErrorException(Diagnostics.DiagnosticCodes.TensorTooLarge, $"resamples to {outSize} positions along one axis, which needs a table larger than Neo can hold. Use smaller output sizes or scales.");
        }

        var idx = new int[outSize * n];
        var w = new double[outSize * n];
        double outWidth = scale * inSize;
        for (int x = 0; x < outSize; x++)
        {
            double xo;
            bool outside = false;
            switch (s.CoordinateMode)
            {
                case "align_corners":
                    xo = outWidth == 1 ? 0 : x * (inSize - 1) / (outWidth - 1);
                    break;
                case "asymmetric":
                    xo = x / scale;
                    break;
                case "tf_crop_and_resize":
                    xo = outWidth == 1 ? (roiEnd - roiStart) * (inSize - 1) / 2 : x * (roiEnd - roiStart) * (inSize - 1) / (outWidth - 1);
                    xo += roiStart * (inSize - 1);
                    outside = xo < 0 || xo > inSize - 1;
                    break;
                case "pytorch_half_pixel":
                    xo = outWidth == 1 ? -0.5 : ((x + 0.5) / scale) - 0.5;
                    break;
                case "half_pixel_symmetric":
                    // Opset 19: half_pixel, re-centred when the output size was rounded from scale·input.
                    xo = (inSize / 2.0 * (1 - (outSize / outWidth))) + ((x + 0.5) / scale) - 0.5;
                    break;
                case "tf_half_pixel_for_nn":
                    xo = (x + 0.5) / scale;
                    break;
                default:
                    xo = ((x + 0.5) / scale) - 0.5;
                    break;
            }

            // The reference prefers the pixel left of the coordinate: ratio is in (0, 1].
            bool integer = xo == Math.Floor(xo);
            int baseIndex = integer ? (int)xo - 1 : (int)Math.Floor(xo);
            double ratio = integer ? 1 : xo - baseIndex;
            double[] coeffs = s.Mode switch
            {
                ResampleMode.Nearest => Nearest(ratio, integer, s.NearestMode, scale),
                ResampleMode.Linear => new[] { 1 - ratio, ratio },
                _ => Cubic(ratio, s.CubicA),
            };
            int first = s.Mode == ResampleMode.Cubic ? baseIndex - 1 : baseIndex;
            double total = 0;
            for (int k = 0; k < n; k++)
            {
                int i = first + k;
                if (s.ExcludeOutside && (i < 0 || i >= inSize))
                {
                    coeffs[k] = 0;
                }

                total += coeffs[k];
            }

            for (int k = 0; k < n; k++)
            {
                idx[(x * n) + k] = outside ? -1 : Math.Clamp(first + k, 0, inSize - 1);
                w[(x * n) + k] = s.ExcludeOutside && total != 0 ? coeffs[k] / total : coeffs[k];
            }
        }

        Append(idx, w, outSize, n);
    }

    /// <summary>A dim that is copied as it is.</summary>
    public void AddIdentity(int size) =>
        Append(Enumerable.Range(0, size).ToArray(), Enumerable.Repeat(1.0, size).ToArray(), size, 1);

    private void Append(int[] idx, double[] w, int outSize, int n)
    {
        // Where every coordinate has one non-zero weight (nearest, or exact positions), keep only that tap.
        bool single = Enumerable.Range(0, outSize).All(x => Enumerable.Range(0, n).Count(k => w[(x * n) + k] != 0) <= 1);
        Offsets.Add(Indices.Count);
        if (single && n > 1)
        {
            for (int x = 0; x < outSize; x++)
            {
                int k = Enumerable.Range(0, n).FirstOrDefault(k => w[(x * n) + k] != 0);
                Indices.Add(idx[x * n] < 0 ? -1 : idx[(x * n) + k]);
                Weights.Add((float)w[(x * n) + k]);
            }

            Taps.Add(1);
            return;
        }

        Indices.AddRange(idx);
        Weights.AddRange(w.Select(v => (float)v));
        Taps.Add(n);
    }

    private static double[] Nearest(double ratio, bool integer, string mode, double scale)
    {
        if (integer)
        {
            return new[] { 0.0, 1.0 };
        }

        bool ceil = mode switch
        {
            "round_prefer_floor" => ratio > 0.5,
            "round_prefer_ceil" => ratio >= 0.5,
            "floor" => false,
            "ceil" => true,

            // Opset 7-10 (Upsample, Resize-10), as ONNX Runtime computes them: truncate when enlarging, ceil when shrinking.
            _ => scale < 1,
        };
        return ceil ? new[] { 0.0, 1.0 } : new[] { 1.0, 0.0 };
    }

    private static double[] Cubic(double r, double a) => new[]
    {
        ((((a * (r + 1)) - (5 * a)) * (r + 1)) + (8 * a)) * (r + 1) - (4 * a),
        ((((a + 2) * r) - (a + 3)) * r * r) + 1,
        ((((a + 2) * (1 - r)) - (a + 3)) * (1 - r) * (1 - r)) + 1,
        ((((a * ((1 - r) + 1)) - (5 * a)) * ((1 - r) + 1)) + (8 * a)) * ((1 - r) + 1) - (4 * a),
    };
}
