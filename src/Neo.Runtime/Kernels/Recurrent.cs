using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using Neo.Runtime.Threading;

namespace Neo.Runtime.Kernels;

/// <summary>
/// Recurrent layers (ONNX LSTM, GRU, RNN), one direction per call: a bidirectional layer is two calls
/// writing the two halves of the outputs. The input projection of every time step is one matrix product
/// up front; each step then multiplies the previous hidden state by the recurrence weights.
/// </summary>
/// <remarks>
/// Shapes follow ONNX. With <c>batchFirst</c> (layout 1) the input is [batch, sequence, input] and the
/// outputs [batch, sequence, directions, hidden] and [batch, directions, hidden]; otherwise
/// [sequence, batch, input], [sequence, directions, batch, hidden] and [directions, batch, hidden].
/// Weights, recurrence, bias and peepholes are the full ONNX tensors; <c>direction</c> picks the slice.
/// Steps past a batch row's sequence length leave zeros in the output and do not change its state.
/// Optional inputs and outputs may be empty spans.
/// </remarks>
public static class Recurrent
{
    /// <summary>LSTM gates sixteen units at a time on AVX-512; a switch for same-process comparisons.</summary>
    internal static bool WideGates = true;

    /// <summary>Recurrence panels read in alternating order from step to step; a switch for same-process comparisons.</summary>
    internal static bool AlternateOrder = true;

    /// <summary>
    /// LSTM (gates i, o, f, c): i = f(…), f = f(…) (or 1 - i when <paramref name="inputForget"/>),
    /// c̃ = g(…), C = f⊙C' + i⊙c̃, o = f(… + P_o⊙C), H = o⊙h(C); peepholes P (i, o, f) may be empty.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Lstm<TF, TG, TH>(
        ThreadTeam team,
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> weights,
        ReadOnlySpan<float> recurrence,
        ReadOnlySpan<float> bias,
        ReadOnlySpan<int> sequenceLengths,
        ReadOnlySpan<float> initialHidden,
        ReadOnlySpan<float> initialCell,
        ReadOnlySpan<float> peepholes,
        Span<float> output,
        Span<float> finalHidden,
        Span<float> finalCell,
        Span<float> scratch,
        int sequence,
        int batch,
        int inputSize,
        int hiddenSize,
        int direction,
        int directions,
        bool reverse,
        bool batchFirst,
        float clip,
        bool inputForget,
        TF f,
        TG g,
        TH h,
        bool packed = false,
        bool projectedInput = false)
        where TF : struct, IUnaryOperator
        where TG : struct, IUnaryOperator
        where TH : struct, IUnaryOperator
    {
        const int Gates = 4;
        int hs = hiddenSize, gh = Gates * hs;
        var geometry = new Geometry(sequence, batch, hs, direction, directions, batchFirst);
        Span<float> projected = scratch.Slice(0, projectedInput ? 0 : sequence * batch * gh);
        Span<float> gates = scratch.Slice(projected.Length, batch * gh);
        Span<float> hidden = scratch.Slice(projected.Length + gates.Length, batch * hs);
        Span<float> cell = scratch.Slice(projected.Length + gates.Length + hidden.Length, batch * hs);
        ReadOnlySpan<float> r = packed ? recurrence.Slice(direction * Gemm.PackedBLength(hs, gh), Gemm.PackedBLength(hs, gh)) : recurrence.Slice(direction * gh * hs, gh * hs);
        var xs = new InputRows(
            team, input, weights, projected, packed, projectedInput, sequence * batch, inputSize, gh, direction, directions,
            bias.IsEmpty ? default : bias.Slice(direction * 2 * gh, gh),
            bias.IsEmpty ? default : bias.Slice((direction * 2 * gh) + gh, gh));

        ReadOnlySpan<float> p = peepholes.IsEmpty ? default : peepholes.Slice(direction * 3 * hs, 3 * hs);

        // The biases are in the projection now.
        ReadOnlySpan<float> wb = default, rb = default;
        geometry.LoadState(initialHidden, hidden);
        geometry.LoadState(initialCell, cell);
        geometry.ClearOutput(output);
        for (int step = 0; step < sequence; step++)
        {
            int t = reverse ? sequence - 1 - step : step;
            if (packed)
            {
                RecurPacked(team, hidden, r, gates, batch, gh, hs, reverse: (step & 1) != 0);
            }
            else
            {
                Recur(team, hidden, r, gates, batch, gh, hs);
            }

            for (int b = 0; b < batch; b++)
            {
                int length = sequenceLengths.IsEmpty ? sequence : sequenceLengths[b];
                int tb = reverse ? t - (sequence - length) : t;
                if (reverse ? tb < 0 : t >= length)
                {
                    continue;
                }

                ReadOnlySpan<float> x = xs.Row(geometry.Row(tb, b), gh);
                Span<float> gate = gates.Slice(b * gh, gh);
                Span<float> hRow = hidden.Slice(b * hs, hs), cRow = cell.Slice(b * hs, hs);
                int start = 0;
                if (Vector256.IsHardwareAccelerated && p.IsEmpty && !inputForget)
                {
                    start = LstmGatesVector(x, gate, wb, rb, hRow, cRow, hs, clip, f, g, h);
                }

                for (int j = start; j < hs; j++)
                {
                    float cPrev = cRow[j];
                    float gi = Pre(gate[j] + x[j] + Bias(wb, rb, j) + (p.IsEmpty ? 0f : p[j] * cPrev), clip);
                    float go = gate[hs + j] + x[hs + j] + Bias(wb, rb, hs + j);
                    float gf = Pre(gate[(2 * hs) + j] + x[(2 * hs) + j] + Bias(wb, rb, (2 * hs) + j) + (p.IsEmpty ? 0f : p[(2 * hs) + j] * cPrev), clip);
                    float gc = Pre(gate[(3 * hs) + j] + x[(3 * hs) + j] + Bias(wb, rb, (3 * hs) + j), clip);
                    float i = f.Invoke(gi);
                    float fo = inputForget ? 1f - i : f.Invoke(gf);
                    float c = (fo * cPrev) + (i * g.Invoke(gc));
                    float o = f.Invoke(Pre(go + (p.IsEmpty ? 0f : p[hs + j] * c), clip));
                    cRow[j] = c;
                    hRow[j] = o * h.Invoke(c);
                }

                geometry.StoreOutput(output, hRow, tb, b);
            }
        }

        geometry.StoreState(finalHidden, hidden);
        geometry.StoreState(finalCell, cell);
    }

    /// <summary>
    /// GRU (gates z, r, h): z = f(…), r = f(…), h̃ = g(X·Wh + (r⊙H')·Rh + Rbh + Wbh), or with
    /// <paramref name="linearBeforeReset"/> g(X·Wh + r⊙(H'·Rh + Rbh) + Wbh); H = (1 - z)⊙h̃ + z⊙H'.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Gru<TF, TG>(
        ThreadTeam team,
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> weights,
        ReadOnlySpan<float> recurrence,
        ReadOnlySpan<float> bias,
        ReadOnlySpan<int> sequenceLengths,
        ReadOnlySpan<float> initialHidden,
        Span<float> output,
        Span<float> finalHidden,
        Span<float> scratch,
        int sequence,
        int batch,
        int inputSize,
        int hiddenSize,
        int direction,
        int directions,
        bool reverse,
        bool batchFirst,
        float clip,
        bool linearBeforeReset,
        TF f,
        TG g,
        bool packed = false,
        bool projectedInput = false)
        where TF : struct, IUnaryOperator
        where TG : struct, IUnaryOperator
    {
        const int Gates = 3;
        int hs = hiddenSize, gh = Gates * hs;
        var geometry = new Geometry(sequence, batch, hs, direction, directions, batchFirst);
        Span<float> projected = scratch.Slice(0, projectedInput ? 0 : sequence * batch * gh);
        Span<float> gates = scratch.Slice(projected.Length, batch * gh);
        Span<float> hidden = scratch.Slice(projected.Length + gates.Length, batch * hs);
        Span<float> reset = scratch.Slice(projected.Length + gates.Length + hidden.Length, batch * hs);
        ReadOnlySpan<float> r, rh;
        if (packed)
        {
            // Per direction: the z and r gates' recurrence (H×2H) packed, then the h gate's (H×H).
            int zrLength = Gemm.PackedBLength(hs, 2 * hs), hLength = Gemm.PackedBLength(hs, hs);
            r = recurrence.Slice(direction * (zrLength + hLength), zrLength);
            rh = recurrence.Slice((direction * (zrLength + hLength)) + zrLength, hLength);
        }
        else
        {
            r = recurrence.Slice(direction * gh * hs, gh * hs);
            rh = r.Slice(2 * hs * hs, hs * hs);
        }

        // Every bias but the h gate's recurrence bias (which the reset gate scales with linear_before_reset) goes
        // into the projection once.
        ReadOnlySpan<float> wb = bias.IsEmpty ? default : bias.Slice(direction * 2 * gh, gh);
        ReadOnlySpan<float> rzr = bias.IsEmpty ? default : bias.Slice((direction * 2 * gh) + gh, 2 * hs);
        ReadOnlySpan<float> rbh = bias.IsEmpty ? default : bias.Slice((direction * 2 * gh) + gh + (2 * hs), hs);
        var xs = new InputRows(team, input, weights, projected, packed, projectedInput, sequence * batch, inputSize, gh, direction, directions, wb, rzr);

        geometry.LoadState(initialHidden, hidden);
        geometry.ClearOutput(output);
        for (int step = 0; step < sequence; step++)
        {
            int t = reverse ? sequence - 1 - step : step;

            // z and r (and, before reset, the h gate's recurrence) from the previous hidden state.
            if (packed)
            {
                RecurPacked(team, hidden, r, gates, batch, 2 * hs, hs, reverse: (step & 1) != 0);
                if (linearBeforeReset)
                {
                    // The gates buffer is [batch, 2H] now: spread the rows to [batch, 3H] and add the h gate's column.
                    for (int b = batch - 1; b >= 0; b--)
                    {
                        gates.Slice(b * 2 * hs, 2 * hs).CopyTo(gates.Slice(b * gh, 2 * hs));
                        RecurPacked(team, hidden.Slice(b * hs, hs), rh, gates.Slice((b * gh) + (2 * hs), hs), 1, hs, hs);
                    }
                }
            }
            else
            {
                Recur(team, hidden, r, gates, batch, linearBeforeReset ? gh : 2 * hs, hs);
            }

            if (!linearBeforeReset)
            {
                // The h gate multiplies (r ⊙ H') by Rh, so it waits for r; the gates buffer is [batch, 2H] here.
                for (int b = batch - 1; b >= 0; b--)
                {
                    gates.Slice(b * 2 * hs, 2 * hs).CopyTo(gates.Slice(b * gh, 2 * hs));
                }
            }

            for (int b = 0; b < batch; b++)
            {
                int length = sequenceLengths.IsEmpty ? sequence : sequenceLengths[b];
                int tb = reverse ? t - (sequence - length) : t;
                bool active = reverse ? tb >= 0 : t < length;
                Span<float> gate = gates.Slice(b * gh, gh);
                Span<float> hRow = hidden.Slice(b * hs, hs), rRow = reset.Slice(b * hs, hs);
                if (!active)
                {
                    continue;
                }

                ReadOnlySpan<float> x = xs.Row(geometry.Row(tb, b), gh);
                int start = Vector256.IsHardwareAccelerated ? GruResetVector(x, gate, hRow, rRow, hs, clip, linearBeforeReset, f) : 0;
                for (int j = start; j < hs; j++)
                {
                    float rv = f.Invoke(Pre(gate[hs + j] + x[hs + j], clip));
                    rRow[j] = linearBeforeReset ? rv : rv * hRow[j];
                    gate[hs + j] = rv;
                }
            }

            if (!linearBeforeReset)
            {
                // (r ⊙ H')·Rhᵀ into the h gate's slot.
                for (int b = 0; b < batch; b++)
                {
                    Span<float> gate = gates.Slice((b * gh) + (2 * hs), hs);
                    if (packed)
                    {
                        RecurPacked(team, reset.Slice(b * hs, hs), rh, gate, 1, hs, hs);
                    }
                    else
                    {
                        Recur(team, reset.Slice(b * hs, hs), rh, gate, 1, hs, hs);
                    }
                }
            }

            for (int b = 0; b < batch; b++)
            {
                int length = sequenceLengths.IsEmpty ? sequence : sequenceLengths[b];
                int tb = reverse ? t - (sequence - length) : t;
                if (reverse ? tb < 0 : t >= length)
                {
                    continue;
                }

                ReadOnlySpan<float> x = xs.Row(geometry.Row(tb, b), gh);
                Span<float> gate = gates.Slice(b * gh, gh);
                Span<float> hRow = hidden.Slice(b * hs, hs);
                int start = Vector256.IsHardwareAccelerated ? GruUpdateVector(x, gate, rbh, hRow, hs, clip, linearBeforeReset, f, g) : 0;
                for (int j = start; j < hs; j++)
                {
                    float z = f.Invoke(Pre(gate[j] + x[j], clip));
                    float rec = gate[(2 * hs) + j];
                    float hb = rbh.IsEmpty ? 0f : rbh[j];
                    float pre = linearBeforeReset
                        ? x[(2 * hs) + j] + (gate[hs + j] * (rec + hb))
                        : x[(2 * hs) + j] + rec + hb;
                    float candidate = g.Invoke(Pre(pre, clip));
                    hRow[j] = ((1f - z) * candidate) + (z * hRow[j]);
                }

                geometry.StoreOutput(output, hRow, tb, b);
            }
        }

        geometry.StoreState(finalHidden, hidden);
    }

    /// <summary>RNN: H = f(X·Wᵀ + H'·Rᵀ + Wb + Rb).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Rnn<TF>(
        ThreadTeam team,
        ReadOnlySpan<float> input,
        ReadOnlySpan<float> weights,
        ReadOnlySpan<float> recurrence,
        ReadOnlySpan<float> bias,
        ReadOnlySpan<int> sequenceLengths,
        ReadOnlySpan<float> initialHidden,
        Span<float> output,
        Span<float> finalHidden,
        Span<float> scratch,
        int sequence,
        int batch,
        int inputSize,
        int hiddenSize,
        int direction,
        int directions,
        bool reverse,
        bool batchFirst,
        float clip,
        TF f)
        where TF : struct, IUnaryOperator
    {
        int hs = hiddenSize;
        var geometry = new Geometry(sequence, batch, hs, direction, directions, batchFirst);
        Span<float> projected = scratch.Slice(0, sequence * batch * hs);
        Span<float> gates = scratch.Slice(projected.Length, batch * hs);
        Span<float> hidden = scratch.Slice(projected.Length + gates.Length, batch * hs);
        Project(team, input, weights, projected, sequence * batch, inputSize, hs, direction);
        ReadOnlySpan<float> r = recurrence.Slice(direction * hs * hs, hs * hs);
        ReadOnlySpan<float> wb = bias.IsEmpty ? default : bias.Slice(direction * 2 * hs, hs);
        ReadOnlySpan<float> rb = bias.IsEmpty ? default : bias.Slice((direction * 2 * hs) + hs, hs);
        geometry.LoadState(initialHidden, hidden);
        geometry.ClearOutput(output);
        for (int step = 0; step < sequence; step++)
        {
            int t = reverse ? sequence - 1 - step : step;
            Recur(team, hidden, r, gates, batch, hs, hs);
            for (int b = 0; b < batch; b++)
            {
                int length = sequenceLengths.IsEmpty ? sequence : sequenceLengths[b];
                int tb = reverse ? t - (sequence - length) : t;
                if (reverse ? tb < 0 : t >= length)
                {
                    continue;
                }

                ReadOnlySpan<float> x = projected.Slice(geometry.Row(tb, b) * hs, hs);
                Span<float> hRow = hidden.Slice(b * hs, hs);
                for (int j = 0; j < hs; j++)
                {
                    hRow[j] = f.Invoke(Pre(gates[(b * hs) + j] + x[j] + Bias(wb, rb, j), clip));
                }

                geometry.StoreOutput(output, hRow, tb, b);
            }
        }

        geometry.StoreState(finalHidden, hidden);
    }

    /// <summary>
    /// The LSTM cell update of <see cref="Lstm"/> without peepholes or coupled gates, eight hidden units at a time
    /// through the activations' vector forms. Returns how many units it did (the rest run scalar).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int LstmGatesVector<TF, TG, TH>(
        ReadOnlySpan<float> x, ReadOnlySpan<float> gate, ReadOnlySpan<float> wb, ReadOnlySpan<float> rb, Span<float> hRow, Span<float> cRow, int hs, float clip, TF f, TG g, TH h)
        where TF : struct, IUnaryOperator
        where TG : struct, IUnaryOperator
        where TH : struct, IUnaryOperator
    {
        ref float ph = ref MemoryMarshal.GetReference(hRow);
        ref float pc = ref MemoryMarshal.GetReference(cRow);
        bool clipped = float.IsFinite(clip);
        int j = 0;
        if (Vector512.IsHardwareAccelerated && WideGates)
        {
            ref float px = ref MemoryMarshal.GetReference(x);
            ref float pg = ref MemoryMarshal.GetReference(gate);
            Vector512<float> hi512 = Vector512.Create(clip), lo512 = -hi512;
            for (; j + 16 <= hs; j += 16)
            {
                Vector512<float> i = f.Invoke(GatePre(ref pg, ref px, wb, rb, j, lo512, hi512, clipped));
                Vector512<float> o = f.Invoke(GatePre(ref pg, ref px, wb, rb, hs + j, lo512, hi512, clipped));
                Vector512<float> fo = f.Invoke(GatePre(ref pg, ref px, wb, rb, (2 * hs) + j, lo512, hi512, clipped));
                Vector512<float> cand = g.Invoke(GatePre(ref pg, ref px, wb, rb, (3 * hs) + j, lo512, hi512, clipped));
                Vector512<float> c = (fo * Vector512.LoadUnsafe(ref pc, (nuint)j)) + (i * cand);
                c.StoreUnsafe(ref pc, (nuint)j);
                (o * h.Invoke(c)).StoreUnsafe(ref ph, (nuint)j);
            }
        }

        Vector256<float> hi = Vector256.Create(clip), lo = -hi;
        for (; j + 8 <= hs; j += 8)
        {
            Vector256<float> i = f.Invoke(GatePre(gate, x, wb, rb, j, lo, hi, clipped));
            Vector256<float> o = f.Invoke(GatePre(gate, x, wb, rb, hs + j, lo, hi, clipped));
            Vector256<float> fo = f.Invoke(GatePre(gate, x, wb, rb, (2 * hs) + j, lo, hi, clipped));
            Vector256<float> cand = g.Invoke(GatePre(gate, x, wb, rb, (3 * hs) + j, lo, hi, clipped));
            Vector256<float> c = (fo * Vector256.LoadUnsafe(ref pc, (nuint)j)) + (i * cand);
            c.StoreUnsafe(ref pc, (nuint)j);
            (o * h.Invoke(c)).StoreUnsafe(ref ph, (nuint)j);
        }

        return j;
    }

    /// <summary>The GRU reset gate for eight units at a time (biases already in <paramref name="x"/>). Returns how many units it did.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int GruResetVector<TF>(ReadOnlySpan<float> x, Span<float> gate, ReadOnlySpan<float> hRow, Span<float> rRow, int hs, float clip, bool linearBeforeReset, TF f)
        where TF : struct, IUnaryOperator
    {
        Vector256<float> hi = Vector256.Create(clip), lo = -hi;
        bool clipped = float.IsFinite(clip);
        int j = 0;
        for (; j + 8 <= hs; j += 8)
        {
            Vector256<float> pre = Vector256.Create(gate.Slice(hs + j, 8)) + Vector256.Create(x.Slice(hs + j, 8));
            Vector256<float> rv = f.Invoke(clipped ? Vector256.Min(Vector256.Max(pre, lo), hi) : pre);
            (linearBeforeReset ? rv : rv * Vector256.Create(hRow.Slice(j, 8))).CopyTo(rRow.Slice(j, 8));
            rv.CopyTo(gate.Slice(hs + j, 8));
        }

        return j;
    }

    /// <summary>The GRU update (z, candidate, new hidden state) for eight units at a time. Returns how many units it did.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int GruUpdateVector<TF, TG>(ReadOnlySpan<float> x, ReadOnlySpan<float> gate, ReadOnlySpan<float> rbh, Span<float> hRow, int hs, float clip, bool linearBeforeReset, TF f, TG g)
        where TF : struct, IUnaryOperator
        where TG : struct, IUnaryOperator
    {
        Vector256<float> hi = Vector256.Create(clip), lo = -hi;
        bool clipped = float.IsFinite(clip);
        int j = 0;
        for (; j + 8 <= hs; j += 8)
        {
            Vector256<float> zp = Vector256.Create(gate.Slice(j, 8)) + Vector256.Create(x.Slice(j, 8));
            Vector256<float> z = f.Invoke(clipped ? Vector256.Min(Vector256.Max(zp, lo), hi) : zp);
            Vector256<float> rec = Vector256.Create(gate.Slice((2 * hs) + j, 8));
            Vector256<float> hb = rbh.IsEmpty ? Vector256<float>.Zero : Vector256.Create(rbh.Slice(j, 8));
            Vector256<float> xh = Vector256.Create(x.Slice((2 * hs) + j, 8));
            Vector256<float> pre = linearBeforeReset ? xh + (Vector256.Create(gate.Slice(hs + j, 8)) * (rec + hb)) : xh + rec + hb;
            Vector256<float> candidate = g.Invoke(clipped ? Vector256.Min(Vector256.Max(pre, lo), hi) : pre);
            Vector256<float> h = Vector256.Create(hRow.Slice(j, 8));
            (((Vector256<float>.One - z) * candidate) + (z * h)).CopyTo(hRow.Slice(j, 8));
        }

        return j;
    }

    /// <summary>A gate's pre-activation for sixteen units from <paramref name="at"/>, as the 256-bit form below (the spans' lengths checked by the caller's loop bound).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> GatePre(ref float gate, ref float x, ReadOnlySpan<float> wb, ReadOnlySpan<float> rb, int at, Vector512<float> lo, Vector512<float> hi, bool clipped)
    {
        Vector512<float> v = Vector512.LoadUnsafe(ref gate, (nuint)at) + Vector512.LoadUnsafe(ref x, (nuint)at);
        if (!wb.IsEmpty)
        {
            v += Vector512.Create(wb.Slice(at, 16)) + Vector512.Create(rb.Slice(at, 16));
        }

        return clipped ? Vector512.Min(Vector512.Max(v, lo), hi) : v;
    }

    /// <summary>A gate's pre-activation for eight units from <paramref name="at"/>: recurrence + input projection + biases, clipped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> GatePre(ReadOnlySpan<float> gate, ReadOnlySpan<float> x, ReadOnlySpan<float> wb, ReadOnlySpan<float> rb, int at, Vector256<float> lo, Vector256<float> hi, bool clipped)
    {
        Vector256<float> v = Vector256.Create(gate.Slice(at, 8)) + Vector256.Create(x.Slice(at, 8));
        if (!wb.IsEmpty)
        {
            v += Vector256.Create(wb.Slice(at, 8)) + Vector256.Create(rb.Slice(at, 8));
        }

        return clipped ? Vector256.Min(Vector256.Max(v, lo), hi) : v;
    }

    /// <summary>
    /// c[m, n] = a[m, k]·B for one time step's recurrence, B (k×n) packed at build time in 16-column GEMM panels: each
    /// value of the hidden state is broadcast against whole rows of B, so there is no horizontal reduction per
    /// output (the dot-product form spent half its time reducing 48-long dot products).
    /// </summary>
    private static unsafe void RecurPacked(ThreadTeam team, ReadOnlySpan<float> a, ReadOnlySpan<float> packedB, Span<float> c, int m, int n, int k, bool reverse = false)
    {
        if (m == 1 && GemmRowVector.Applies && n % GemmTiles.PanelWidth == 0 && (team.Threads == 1 || (long)n * k < Gemm.ParallelMacs))
        {
            fixed (float* pa = a, pb = packedB, pc = c)
            {
                GemmRowVector.MultiplyInto(pa, pb, n, k, pc, reverse && AlternateOrder);
            }

            return;
        }

        Gemm.RunPacked(team, a, packedB, default, c, m, n, k, false, 1f, 0f, GemmBias.None, default, default(Identity));
    }

    /// <summary>
    /// The input projection of one direction, X·Wᵀ + Wb + Rb per (time, batch) row: computed into the scratch, or, with
    /// <c>projectedInput</c>, the input itself (EmbeddingProjectionFolding's table rows, every direction side by side).
    /// </summary>
    private readonly ref struct InputRows
    {
        private readonly ReadOnlySpan<float> _rows;
        private readonly int _stride, _offset;

        public InputRows(ThreadTeam team, ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> projected, bool packed, bool projectedInput, int rows, int inputSize, int gateWidth, int direction, int directions, ReadOnlySpan<float> wb, ReadOnlySpan<float> rb)
        {
            if (projectedInput)
            {
                _rows = input;
                _stride = directions * gateWidth;
                _offset = direction * gateWidth;
                return;
            }

            if (packed)
            {
                ProjectPacked(team, input, weights, projected, rows, inputSize, gateWidth, direction);
            }
            else
            {
                Project(team, input, weights, projected, rows, inputSize, gateWidth, direction);
            }

            if (!wb.IsEmpty)
            {
                AddBiases(projected, wb, rb, gateWidth);
            }

            _rows = projected;
            _stride = gateWidth;
            _offset = 0;
        }

        /// <summary>The gate pre-activations of input row <paramref name="row"/>.</summary>
        public ReadOnlySpan<float> Row(int row, int gateWidth) => _rows.Slice((row * _stride) + _offset, gateWidth);
    }

    /// <summary>projected[row] = input[row]·W[direction]ᵀ for every (time, batch) row, W packed at build time (k = input, n = gates).</summary>
    private static void ProjectPacked(ThreadTeam team, ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> projected, int rows, int inputSize, int gateWidth, int direction)
    {
        int length = Gemm.PackedBLength(inputSize, gateWidth);
        Gemm.RunPacked(team, input.Slice(0, rows * inputSize), weights.Slice(direction * length, length), default, projected.Slice(0, rows * gateWidth), rows, gateWidth, inputSize, false, 1f, 0f, GemmBias.None, default, default(Identity));
    }

    /// <summary>
    /// The layout <c>packed: true</c> expects, made at build time from the ONNX weights W ([directions, gates·H, I])
    /// and recurrence R ([directions, gates·H, H]): per direction Wᵀ in GEMM panels, and Rᵀ in GEMM panels (for a
    /// GRU, the z and r gates' H×2H block, then the h gate's H×H block).
    /// </summary>
    public static (float[] Weights, float[] Recurrence) PackWeights(ReadOnlySpan<float> weights, ReadOnlySpan<float> recurrence, int directions, int gates, int inputSize, int hiddenSize, bool gru)
    {
        int gh = gates * hiddenSize;
        int wLength = Gemm.PackedBLength(inputSize, gh);
        var w = new float[directions * wLength];
        int zrLength = gru ? Gemm.PackedBLength(hiddenSize, 2 * hiddenSize) : 0;
        int rLength = gru ? zrLength + Gemm.PackedBLength(hiddenSize, hiddenSize) : Gemm.PackedBLength(hiddenSize, gh);
        var r = new float[directions * rLength];
        for (int d = 0; d < directions; d++)
        {
            Gemm.PackB(weights.Slice(d * gh * inputSize, gh * inputSize), w.AsSpan(d * wLength, wLength), inputSize, gh, transB: true);
            ReadOnlySpan<float> rd = recurrence.Slice(d * gh * hiddenSize, gh * hiddenSize);
            if (gru)
            {
                Gemm.PackB(rd.Slice(0, 2 * hiddenSize * hiddenSize), r.AsSpan(d * rLength, zrLength), hiddenSize, 2 * hiddenSize, transB: true);
                Gemm.PackB(rd.Slice(2 * hiddenSize * hiddenSize), r.AsSpan((d * rLength) + zrLength, rLength - zrLength), hiddenSize, hiddenSize, transB: true);
            }
            else
            {
                Gemm.PackB(rd, r.AsSpan(d * rLength, rLength), hiddenSize, gh, transB: true);
            }
        }

        return (w, r);
    }

    /// <summary>
    /// c[m, n] = a[m, k]·b[n, k]ᵀ for one time step's recurrence. A few rows (the usual batch) are dot products
    /// over contiguous rows of b, with no packing; the packed GEMM would repack b at every step.
    /// </summary>
    private static void Recur(ThreadTeam team, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k)
    {
        if (m > 4)
        {
            Gemm.Run(team, a, b, default, c, m, n, k, false, true, 1f, 0f, GemmBias.None, default, default(Identity));
            return;
        }

        DotRows(a, b, c, m, n, k);
    }

    /// <summary>
    /// c[i, j] = a[i, ·]·b[j, ·] for every i &lt; m, j &lt; n, eight (four on NEON) rows of b at a time: their
    /// independent accumulators hide the multiply-add latency, and one horizontal-add tree reduces all of them
    /// at once instead of one reduction per dot product. Nothing is packed, so it suits products whose b is
    /// read a few times only (a recurrence step, a short sequence's input projection).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void DotRows(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k)
    {
        fixed (float* pa = a, pb = b, pc = c)
        {
            int j = 0;
            if (Avx.IsSupported && Fma.IsSupported && k >= 8)
            {
                for (; j + 8 <= n; j += 8)
                {
                    float* b0 = pb + ((nint)j * k);
                    for (int i = 0; i < m; i++)
                    {
                        Dot8Avx(pa + ((nint)i * k), b0, k).Store(pc + ((nint)i * n) + j);
                    }
                }
            }
            else if (AdvSimd.Arm64.IsSupported && k >= 4)
            {
                for (; j + 4 <= n; j += 4)
                {
                    float* b0 = pb + ((nint)j * k);
                    for (int i = 0; i < m; i++)
                    {
                        Dot4Neon(pa + ((nint)i * k), b0, k).Store(pc + ((nint)i * n) + j);
                    }
                }
            }

            for (; j < n; j++)
            {
                ReadOnlySpan<float> row = b.Slice(j * k, k);
                for (int i = 0; i < m; i++)
                {
                    c[(i * n) + j] = Dot(a.Slice(i * k, k), row);
                }
            }
        }
    }

    /// <summary>The eight dot products of x[k] with the rows b[0..8, k] (row stride k), as one vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector256<float> Dot8Avx(float* x, float* b, int k)
    {
        Vector256<float> s0 = Vector256<float>.Zero, s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        nint stride = k;
        int t = 0;
        for (; t + 8 <= k; t += 8)
        {
            Vector256<float> v = Avx.LoadVector256(x + t);
            float* r = b + t;
            s0 = Fma.MultiplyAdd(Avx.LoadVector256(r), v, s0);
            s1 = Fma.MultiplyAdd(Avx.LoadVector256(r + stride), v, s1);
            s2 = Fma.MultiplyAdd(Avx.LoadVector256(r + (2 * stride)), v, s2);
            s3 = Fma.MultiplyAdd(Avx.LoadVector256(r + (3 * stride)), v, s3);
            s4 = Fma.MultiplyAdd(Avx.LoadVector256(r + (4 * stride)), v, s4);
            s5 = Fma.MultiplyAdd(Avx.LoadVector256(r + (5 * stride)), v, s5);
            s6 = Fma.MultiplyAdd(Avx.LoadVector256(r + (6 * stride)), v, s6);
            s7 = Fma.MultiplyAdd(Avx.LoadVector256(r + (7 * stride)), v, s7);
        }

        // hadd pairs within each 128-bit half, twice, then add the halves: lane r holds row r's sum.
        Vector256<float> q0 = Avx.HorizontalAdd(Avx.HorizontalAdd(s0, s1), Avx.HorizontalAdd(s2, s3));
        Vector256<float> q1 = Avx.HorizontalAdd(Avx.HorizontalAdd(s4, s5), Avx.HorizontalAdd(s6, s7));
        Vector256<float> sum = Avx.Permute2x128(q0, q1, 0x20) + Avx.Permute2x128(q0, q1, 0x31);
        if (t < k)
        {
            sum += Tail(x, b, k, t, 8);
        }

        return sum;
    }

    /// <summary>The four dot products of x[k] with the rows b[0..4, k] (row stride k), as one vector (NEON).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector128<float> Dot4Neon(float* x, float* b, int k)
    {
        Vector128<float> s0 = Vector128<float>.Zero, s1 = s0, s2 = s0, s3 = s0;
        nint stride = k;
        int t = 0;
        for (; t + 4 <= k; t += 4)
        {
            Vector128<float> v = AdvSimd.LoadVector128(x + t);
            float* r = b + t;
            s0 = AdvSimd.FusedMultiplyAdd(s0, AdvSimd.LoadVector128(r), v);
            s1 = AdvSimd.FusedMultiplyAdd(s1, AdvSimd.LoadVector128(r + stride), v);
            s2 = AdvSimd.FusedMultiplyAdd(s2, AdvSimd.LoadVector128(r + (2 * stride)), v);
            s3 = AdvSimd.FusedMultiplyAdd(s3, AdvSimd.LoadVector128(r + (3 * stride)), v);
        }

        Vector128<float> sum = AdvSimd.Arm64.AddPairwise(AdvSimd.Arm64.AddPairwise(s0, s1), AdvSimd.Arm64.AddPairwise(s2, s3));
        if (t < k)
        {
            sum += Tail(x, b, k, t, 4).GetLower();
        }

        return sum;
    }

    /// <summary>The leftover products x[t..k]·b[r, t..k] of <paramref name="rows"/> rows, as a vector (zeros past the rows).</summary>
    private static unsafe Vector256<float> Tail(float* x, float* b, int k, int t, int rows)
    {
        float* sums = stackalloc float[8];
        for (int r = 0; r < 8; r++)
        {
            float s = 0f;
            if (r < rows)
            {
                float* row = b + ((nint)r * k);
                for (int u = t; u < k; u++)
                {
                    s += x[u] * row[u];
                }
            }

            sums[r] = s;
        }

        return Vector256.Load(sums);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float py = ref MemoryMarshal.GetReference(y);
        int length = x.Length, i = 0;
        float sum = 0f;
        if (Vector256.IsHardwareAccelerated && length >= 8)
        {
            Vector256<float> a0 = Vector256<float>.Zero, a1 = a0;
            for (; i + 16 <= length; i += 16)
            {
                a0 = VectorMath.MultiplyAdd(Vector256.LoadUnsafe(ref px, (nuint)i), Vector256.LoadUnsafe(ref py, (nuint)i), a0);
                a1 = VectorMath.MultiplyAdd(Vector256.LoadUnsafe(ref px, (nuint)(i + 8)), Vector256.LoadUnsafe(ref py, (nuint)(i + 8)), a1);
            }

            for (; i + 8 <= length; i += 8)
            {
                a0 = VectorMath.MultiplyAdd(Vector256.LoadUnsafe(ref px, (nuint)i), Vector256.LoadUnsafe(ref py, (nuint)i), a0);
            }

            sum = Vector256.Sum(a0 + a1);
        }
        else if (Vector128.IsHardwareAccelerated && length >= 4)
        {
            Vector128<float> a0 = Vector128<float>.Zero, a1 = a0;
            for (; i + 8 <= length; i += 8)
            {
                a0 = VectorMath.MultiplyAdd(Vector128.LoadUnsafe(ref px, (nuint)i), Vector128.LoadUnsafe(ref py, (nuint)i), a0);
                a1 = VectorMath.MultiplyAdd(Vector128.LoadUnsafe(ref px, (nuint)(i + 4)), Vector128.LoadUnsafe(ref py, (nuint)(i + 4)), a1);
            }

            for (; i + 4 <= length; i += 4)
            {
                a0 = VectorMath.MultiplyAdd(Vector128.LoadUnsafe(ref px, (nuint)i), Vector128.LoadUnsafe(ref py, (nuint)i), a0);
            }

            sum = Vector128.Sum(a0 + a1);
        }

        for (; i < length; i++)
        {
            sum += Unsafe.Add(ref px, i) * Unsafe.Add(ref py, i);
        }

        return sum;
    }

    /// <summary>projected[row] = input[row]·W[direction]ᵀ for every (time, batch) row.</summary>
    /// <remarks>
    /// A short sequence reads the weights a few times only, so dot products over them beat packing them for the
    /// GEMM on every call.
    /// </remarks>
    private static void Project(ThreadTeam team, ReadOnlySpan<float> input, ReadOnlySpan<float> weights, Span<float> projected, int rows, int inputSize, int gateWidth, int direction)
    {
        ReadOnlySpan<float> w = weights.Slice(direction * gateWidth * inputSize, gateWidth * inputSize);
        if (rows <= ShortSequenceRows)
        {
            DotRows(input, w, projected, rows, gateWidth, inputSize);
        }
        else
        {
            Gemm.Run(team, input, w, default, projected, rows, gateWidth, inputSize, false, true, 1f, 0f, GemmBias.None, default, default(Identity));
        }
    }

    /// <summary>
    /// Adds the input bias (all <paramref name="gateWidth"/> columns) and the recurrence bias (its first
    /// <c>rb.Length</c> columns) to every projected row once, instead of at every gate of every step.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddBiases(Span<float> projected, ReadOnlySpan<float> wb, ReadOnlySpan<float> rb, int gateWidth)
    {
        for (int row = 0; row < projected.Length; row += gateWidth)
        {
            Span<float> r = projected.Slice(row, gateWidth);
            int j = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; j + 8 <= rb.Length; j += 8)
                {
                    (Vector256.Create(r.Slice(j, 8)) + Vector256.Create(wb.Slice(j, 8)) + Vector256.Create(rb.Slice(j, 8))).CopyTo(r.Slice(j, 8));
                }

                for (; j + 8 <= gateWidth && j >= rb.Length; j += 8)
                {
                    (Vector256.Create(r.Slice(j, 8)) + Vector256.Create(wb.Slice(j, 8))).CopyTo(r.Slice(j, 8));
                }
            }

            for (; j < gateWidth; j++)
            {
                r[j] += j < rb.Length ? wb[j] + rb[j] : wb[j];
            }
        }
    }

    /// <summary>Input projections of at most this many (time, batch) rows use <see cref="DotRows"/> rather than the packed GEMM.</summary>
    private const int ShortSequenceRows = 32;

    private static float Bias(ReadOnlySpan<float> wb, ReadOnlySpan<float> rb, int j) => wb.IsEmpty ? 0f : wb[j] + rb[j];

    /// <summary>The clip attribute bounds every activation's input to [-clip, clip]; infinity when absent.</summary>
    private static float Pre(float v, float clip) => v < -clip ? -clip : v > clip ? clip : v;

    /// <summary>Where one direction's rows and states live in ONNX's tensors, for either layout.</summary>
    private readonly ref struct Geometry
    {
        private readonly int _sequence, _batch, _hidden, _direction, _directions;
        private readonly bool _batchFirst;

        public Geometry(int sequence, int batch, int hidden, int direction, int directions, bool batchFirst)
        {
            _sequence = sequence;
            _batch = batch;
            _hidden = hidden;
            _direction = direction;
            _directions = directions;
            _batchFirst = batchFirst;
        }

        /// <summary>The input row of time step <paramref name="t"/> for batch row <paramref name="b"/>.</summary>
        public int Row(int t, int b) => _batchFirst ? (b * _sequence) + t : (t * _batch) + b;

        private int StateOffset(int b) => (_batchFirst ? (b * _directions) + _direction : (_direction * _batch) + b) * _hidden;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void LoadState(ReadOnlySpan<float> initial, Span<float> state)
        {
            for (int b = 0; b < _batch; b++)
            {
                Span<float> row = state.Slice(b * _hidden, _hidden);
                if (initial.IsEmpty)
                {
                    row.Clear();
                }
                else
                {
                    initial.Slice(StateOffset(b), _hidden).CopyTo(row);
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void StoreState(Span<float> final, ReadOnlySpan<float> state)
        {
            if (final.IsEmpty)
            {
                return;
            }

            for (int b = 0; b < _batch; b++)
            {
                state.Slice(b * _hidden, _hidden).CopyTo(final.Slice(StateOffset(b), _hidden));
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void ClearOutput(Span<float> output)
        {
            if (output.IsEmpty)
            {
                return;
            }

            for (int t = 0; t < _sequence; t++)
            {
                for (int b = 0; b < _batch; b++)
                {
                    output.Slice(OutputOffset(t, b), _hidden).Clear();
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void StoreOutput(Span<float> output, ReadOnlySpan<float> hidden, int t, int b)
        {
            if (!output.IsEmpty)
            {
                hidden.CopyTo(output.Slice(OutputOffset(t, b), _hidden));
            }
        }

        private int OutputOffset(int t, int b) =>
            (_batchFirst ? (((b * _sequence) + t) * _directions) + _direction : (((t * _directions) + _direction) * _batch) + b) * _hidden;
    }
}
