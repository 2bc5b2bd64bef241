using System;
using System.Runtime.CompilerServices;

namespace Neo.Runtime.Kernels;

/// <summary>
/// Separable resampling (ONNX Resize, Upsample, and the sampling of RoiAlign's kind): every output
/// coordinate along every dim reads a few input positions with weights, computed at build time into
/// tables, so one kernel serves nearest, linear and cubic interpolation with any coordinate mapping.
/// </summary>
public static class Resize
{
    /// <summary>
    /// y[o] = Σ over tap combinations of Π_d weight_d · x[index_d], or <paramref name="extrapolation"/>
    /// when any dim of o maps outside the input (an index of -1). For dim d, output coordinate j, the taps
    /// are entries <c>offsets[d] + j·taps[d] … + taps[d] - 1</c> of <paramref name="indices"/> and
    /// <paramref name="weights"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(
        ReadOnlySpan<float> input,
        Span<float> output,
        ReadOnlySpan<int> inShape,
        ReadOnlySpan<int> outShape,
        ReadOnlySpan<int> taps,
        ReadOnlySpan<int> offsets,
        ReadOnlySpan<int> indices,
        ReadOnlySpan<float> weights,
        float extrapolation)
    {
        int rank = inShape.Length;
        if (rank >= 2 && LeadingDimsAreIdentity(inShape, outShape, taps, offsets, indices, weights))
        {
            Planes(input, output, inShape, outShape, taps, offsets, indices, weights, extrapolation);
            return;
        }

        Span<int> inStrides = stackalloc int[rank];
        int stride = 1;
        for (int d = rank - 1; d >= 0; d--)
        {
            inStrides[d] = stride;
            stride *= inShape[d];
        }

        Span<int> position = stackalloc int[rank];
        Span<int> tap = stackalloc int[rank];
        position.Clear();
        for (int o = 0; o < output.Length; o++)
        {
            bool outside = false;
            for (int d = 0; d < rank && !outside; d++)
            {
                outside = indices[offsets[d] + (position[d] * taps[d])] < 0;
            }

            float sum = 0f;
            if (!outside)
            {
                tap.Clear();
                while (true)
                {
                    float w = 1f;
                    int at = 0;
                    for (int d = 0; d < rank; d++)
                    {
                        int e = offsets[d] + (position[d] * taps[d]) + tap[d];
                        w *= weights[e];
                        at += indices[e] * inStrides[d];
                    }

                    if (w != 0f)
                    {
                        sum += w * input[at];
                    }

                    int k = rank - 1;
                    while (k >= 0 && ++tap[k] == taps[k])
                    {
                        tap[k] = 0;
                        k--;
                    }

                    if (k < 0)
                    {
                        break;
                    }
                }
            }

            output[o] = outside ? extrapolation : sum;
            for (int d = rank - 1; d >= 0; d--)
            {
                if (++position[d] < outShape[d])
                {
                    break;
                }

                position[d] = 0;
            }
        }
    }

    /// <summary>Whether every dim but the last two maps each output coordinate to the same input coordinate with weight 1.</summary>
    private static bool LeadingDimsAreIdentity(ReadOnlySpan<int> inShape, ReadOnlySpan<int> outShape, ReadOnlySpan<int> taps, ReadOnlySpan<int> offsets, ReadOnlySpan<int> indices, ReadOnlySpan<float> weights)
    {
        for (int d = 0; d < inShape.Length - 2; d++)
        {
            if (taps[d] != 1 || inShape[d] != outShape[d])
            {
                return false;
            }

            for (int j = 0; j < outShape[d]; j++)
            {
                if (indices[offsets[d] + j] != j || weights[offsets[d] + j] != 1f)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>One tap of weight 1 inside the input for each of <paramref name="count"/> coordinates: nearest-neighbour sampling.</summary>
    private static bool Nearest(ReadOnlySpan<int> indices, ReadOnlySpan<float> weights, int offset, int count, int size)
    {
        for (int j = offset; j < offset + count; j++)
        {
            if (weights[j] != 1f || (uint)indices[j] >= (uint)size)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Nearest-neighbour planes (FPN and U-Net upsampling): each output row gathers its input row's columns once, and
    /// an output row that reads the same input row as the one before is a copy of it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void NearestPlanes(ReadOnlySpan<float> input, Span<float> output, int planes, int ih, int iw, int oh, int ow, ReadOnlySpan<int> rowsY, ReadOnlySpan<int> columnsX)
    {
        if (input.Length < (long)planes * ih * iw || output.Length < (long)planes * oh * ow)
        {
            throw new ArgumentException("NEO3020: a Resize operand is shorter than its shape needs.");
        }

        fixed (float* px = input, py = output)
        fixed (int* iy = rowsY, ix = columnsX)
        {
            for (int p = 0; p < planes; p++)
            {
                float* x = px + ((long)p * ih * iw), y = py + ((long)p * oh * ow);
                for (int oy = 0; oy < oh; oy++)
                {
                    float* yr = y + ((long)oy * ow);
                    if (oy > 0 && iy[oy] == iy[oy - 1])
                    {
                        new ReadOnlySpan<float>(yr - ow, ow).CopyTo(new Span<float>(yr, ow));
                        continue;
                    }

                    float* xr = x + ((long)iy[oy] * iw);
                    for (int ox = 0; ox < ow; ox++)
                    {
                        yr[ox] = xr[ix[ox]];
                    }
                }
            }
        }
    }

    /// <summary>
    /// The usual image case: each (H, W) plane resampled separably, every input row along W once into a buffer,
    /// then each output row as a weighted sum of buffered rows (whole vectors across W).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Planes(
        ReadOnlySpan<float> input,
        Span<float> output,
        ReadOnlySpan<int> inShape,
        ReadOnlySpan<int> outShape,
        ReadOnlySpan<int> taps,
        ReadOnlySpan<int> offsets,
        ReadOnlySpan<int> indices,
        ReadOnlySpan<float> weights,
        float extrapolation)
    {
        int rank = inShape.Length, dy = rank - 2, dx = rank - 1;
        int ih = inShape[dy], iw = inShape[dx], oh = outShape[dy], ow = outShape[dx];
        int ty = taps[dy], tx = taps[dx], offY = offsets[dy], offX = offsets[dx];
        int planes = output.Length / Math.Max(1, oh * ow);
        if (tx == 1 && ty == 1 && Nearest(indices, weights, offX, ow, iw) && Nearest(indices, weights, offY, oh, ih))
        {
            NearestPlanes(input, output, planes, ih, iw, oh, ow, indices.Slice(offY, oh), indices.Slice(offX, ow));
            return;
        }

        float* rows = Threading.Workspace.Get(2, (long)ih * ow);
        for (int p = 0; p < planes; p++)
        {
            ReadOnlySpan<float> x = input.Slice(p * ih * iw, ih * iw);
            Span<float> y = output.Slice(p * oh * ow, oh * ow);

            // Along W: rows[iy, ox] = Σ_s wx·x[iy, ix_s]; a column that maps outside gets the extrapolation value.
            for (int iy = 0; iy < ih; iy++)
            {
                ReadOnlySpan<float> xr = x.Slice(iy * iw, iw);
                float* r = rows + ((long)iy * ow);
                for (int ox = 0; ox < ow; ox++)
                {
                    int e0 = offX + (ox * tx);
                    float sum = 0f;
                    for (int s = indices[e0] < 0 ? tx : 0; s < tx; s++)
                    {
                        float w = weights[e0 + s];
                        if (w != 0f)
                        {
                            sum += w * xr[indices[e0 + s]];
                        }
                    }

                    r[ox] = sum;
                }
            }

            // Along H: whole output rows.
            for (int oy = 0; oy < oh; oy++)
            {
                int e0 = offY + (oy * ty);
                Span<float> yr = y.Slice(oy * ow, ow);
                if (indices[e0] < 0)
                {
                    yr.Fill(extrapolation);
                    continue;
                }

                fixed (float* py = yr)
                {
                    bool first = true;
                    for (int t = 0; t < ty; t++)
                    {
                        float w = weights[e0 + t];
                        if (w == 0f)
                        {
                            continue;
                        }

                        float* src = rows + ((long)indices[e0 + t] * ow);
                        int ox = 0;
                        if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated)
                        {
                            var vw = System.Runtime.Intrinsics.Vector256.Create(w);
                            for (; ox + 8 <= ow; ox += 8)
                            {
                                var v = vw * System.Runtime.Intrinsics.Vector256.Load(src + ox);
                                System.Runtime.Intrinsics.Vector256.Store(first ? v : v + System.Runtime.Intrinsics.Vector256.Load(py + ox), py + ox);
                            }
                        }

                        for (; ox < ow; ox++)
                        {
                            py[ox] = first ? w * src[ox] : py[ox] + (w * src[ox]);
                        }

                        first = false;
                    }

                    if (first)
                    {
                        yr.Clear();
                    }
                }

                for (int ox = 0; ox < ow; ox++)
                {
                    if (indices[offX + (ox * tx)] < 0)
                    {
                        yr[ox] = extrapolation;
                    }
                }
            }
        }
    }
}
