using System;
using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.Lowering;
using Neo.Plan;

namespace Neo.Compiler.Planning;

/// <summary>The memory plan's outcome.</summary>
public sealed class ArenaPlan
{
    /// <summary>Bytes of the arena: the end of the highest placed tensor.</summary>
    public long ArenaBytes { get; init; }

    /// <summary>The largest total size of tensors live at the same step: no plan can use less.</summary>
    public long LowerBoundBytes { get; init; }

    /// <summary>How many outputs share their input's memory, and how many Concat inputs were written straight into the result.</summary>
    public int InPlaceCount { get; init; }
}

/// <summary>
/// Gives every arena tensor a 64-byte-aligned offset so that tensors whose lifetimes overlap never
/// overlap in memory. Lifetimes run from the first step that touches a tensor to the last; the
/// placement is greedy by size (largest first, lowest offset that fits among the already placed
/// tensors it overlaps in time, in the smallest gap that holds it: best fit), which TFLite found within a
/// few percent of optimal on real networks; a few other orders are tried too and the smallest arena kept.
/// The plan records the lower bound next to the arena, so the build report shows how close it came.
/// </summary>
public static class ArenaPlanner
{
    public const int Alignment = 64;

    public static ArenaPlan Plan(LoweringContext program)
    {
        List<LStep> steps = program.Steps;
        var first = new Dictionary<LTensor, int>();
        var last = new Dictionary<LTensor, int>();

        int inPlace = ConcatenateInPlace(program);

        // In place: an output takes its input's storage when the input is an arena tensor that dies at
        // this step, has the same size, and has no other views. The bookkeeping (last use per root, first
        // use per tensor, which tensors have views) is updated as outputs become views rather than
        // recomputed, so planning stays fast on graphs of tens of thousands of nodes (a model file of a
        // few hundred kilobytes can hold that many, and the build must not hang on it).
        Dictionary<LTensor, int> lastUse = LastUses(steps);
        Dictionary<LTensor, int> firstTouch = FirstTouches(steps);
        var viewed = new HashSet<LTensor>(program.Tensors.Where(t => t.ViewOf is not null).Select(t => t.ViewOf!));
        for (int s = 0; s < steps.Count; s++)
        {
            foreach ((LTensor output, LTensor input) in steps[s].InPlaceCandidates)
            {
                LTensor inRoot = input.Root;
                if (output.Storage != TensorStorage.Arena || output.IsScratch || inRoot.Storage != TensorStorage.Arena || inRoot.IsScratch
                    || input.ViewOf is not null || output.ByteLength != inRoot.ByteLength
                    || !lastUse.TryGetValue(inRoot, out int lu) || lu != s
                    || viewed.Contains(output)
                    || (firstTouch.TryGetValue(output, out int touched) && touched < s))
                {
                    continue;
                }

                output.Storage = TensorStorage.View;
                output.ViewOf = inRoot;
                output.ViewOffset = 0;
                viewed.Add(inRoot);
                inPlace++;

                // The output's uses now extend its new root's life; it is no longer a root itself.
                if (lastUse.Remove(output, out int outputLast) && outputLast > lastUse[inRoot])
                {
                    lastUse[inRoot] = outputLast;
                }
            }
        }

        for (int s = 0; s < steps.Count; s++)
        {
            foreach (LTensor t in steps[s].Reads.Concat(steps[s].Writes))
            {
                LTensor root = t.Root;
                if (root.Storage != TensorStorage.Arena)
                {
                    continue;
                }

                if (!first.ContainsKey(root))
                {
                    first[root] = s;
                }

                last[root] = s;
            }
        }

        List<LTensor> tensors = first.Keys.OrderBy(t => t.Id, StringComparer.Ordinal).ToList();
        long Life(LTensor t) => last[t] - first[t] + 1;

        // Best-fit placement in several orders; the smallest arena wins (ties: the earlier order). Largest
        // first is usually best; longest-lived first or by size × lifetime wins on networks whose long-lived
        // skip connections are small; first-use order, on chains. Each order sorts fully, ties by id, so the
        // plan is deterministic.
        var orders = new List<Func<LTensor, LTensor, int>>
        {
            (a, b) => Compare(b.ByteLength, a.ByteLength, first[a], first[b]),
            (a, b) => Compare(b.ByteLength * Life(b), a.ByteLength * Life(a), first[a], first[b]),
            (a, b) => Compare(Life(b), Life(a), b.ByteLength, a.ByteLength),
            (a, b) => Compare(first[a], first[b], b.ByteLength, a.ByteLength),
        };

        Dictionary<LTensor, long>? best = null;
        long arena = long.MaxValue;
        foreach (Func<LTensor, LTensor, int> order in orders)
        {
            var sorted = new List<LTensor>(tensors);
            sorted.Sort((a, b) =>
            {
                int c = order(a, b);
                return c != 0 ? c : string.CompareOrdinal(a.Id, b.Id);
            });
            (Dictionary<LTensor, long> offsets, long size) = BestFit(sorted, first, last);
            if (size < arena)
            {
                (best, arena) = (offsets, size);
            }
        }

        arena = best is null ? 0 : arena;
        foreach (LTensor t in tensors)
        {
            t.Offset = best![t];
        }

        // The lower bound by a sweep over the steps: each tensor is live from its first to its last step.
        var delta = new long[steps.Count + 1];
        foreach (LTensor t in tensors)
        {
            delta[first[t]] += t.ByteLength;
            delta[last[t] + 1] -= t.ByteLength;
        }

        long lower = 0, running = 0;
        for (int s = 0; s < steps.Count; s++)
        {
            running += delta[s];
            lower = Math.Max(lower, running);
        }

        return new ArenaPlan { ArenaBytes = arena, LowerBoundBytes = lower, InPlaceCount = inPlace };
    }

    /// <summary>
    /// Concatenation without copies: when a Concat's row copy moves a whole tensor into a contiguous block of
    /// the result (outer = 1: the axis is the outermost non-unit dimension, as channels are for a batch of 1),
    /// the tensor becomes a view of that block, so its producer writes straight into the result and the copy
    /// step goes. SqueezeNet's and GoogLeNet's Fire and Inception modules are the common case.
    /// </summary>
    private static int ConcatenateInPlace(LoweringContext program)
    {
        List<LStep> steps = program.Steps;
        int aliased = NestConcatenations(steps);

        // Results that only a Concat's copies write (decided before any source becomes a view of one).
        var copiedOnly = new HashSet<LTensor>(steps.Where(o => o.Call == "Tensor.CopyRows").SelectMany(o => o.Writes).Select(w => w.Root));
        copiedOnly.ExceptWith(steps.Where(o => o.Call != "Tensor.CopyRows").SelectMany(o => o.Writes).Select(w => w.Root));
        for (int s = steps.Count - 1; s >= 0; s--)
        {
            LStep step = steps[s];
            if (step.Call != "Tensor.CopyRows" || step.Reads.Count != 1 || step.Writes.Count != 1
                || Arg(step, "outer") != 1 || Arg(step, "destinationOffset") is not long offset)
            {
                continue;
            }

            LTensor source = step.Reads[0], destination = step.Writes[0];
            LTensor root = destination.Root;
            bool sourceIsPlain = source.Storage == TensorStorage.Arena && source.ViewOf is null && !source.IsScratch && source.Type == destination.Type;
            bool destinationIsWritable = root.Storage is TensorStorage.Arena or TensorStorage.Output && !root.IsScratch;

            // Only this Concat's copies write the result, and the source is complete before this copy.
            bool onlyCopiesWriteDestination = copiedOnly.Contains(root);
            bool writtenBefore = steps.Skip(s).All(o => !o.Writes.Any(w => w.Root == source));
            if (!sourceIsPlain || !destinationIsWritable || !onlyCopiesWriteDestination || !writtenBefore
                || offset + source.Length > destination.Length)
            {
                continue;
            }

            source.Storage = TensorStorage.View;
            source.ViewOf = destination;
            source.ViewOffset = offset;
            steps.RemoveAt(s);
            aliased++;
        }

        // A nested Concat's copy of a source that is now a view of the outer result copies that memory onto itself.
        aliased += steps.RemoveAll(step => WholeCopy(step) is { } c && c.Source.Root == c.Destination.Root
            && c.Source.RootOffset == c.Destination.RootOffset + c.Offset);
        return aliased;
    }

    /// <summary>
    /// DenseNet's concatenations: each layer of a block concatenates every feature map before it, so Concat i's
    /// inputs are the first inputs of Concat i + 1, at the same offsets. A Concat whose every input is copied to the
    /// same place in a longer Concat's result becomes a view of that result's start (the longest such result, so a
    /// block's concatenations all share its last one's memory), and the sources, written straight into it by the
    /// loop after this, are copied nowhere: a block of n layers made n(n + 1)/2 copies. The nested Concat's own
    /// copies stay until then (they write the same memory), so the result is right even where a source cannot
    /// become a view.
    /// </summary>
    private static int NestConcatenations(List<LStep> steps)
    {
        // Each Concat result's whole-tensor copies (outer = 1): source and offset.
        var groups = new Dictionary<LTensor, List<(LTensor Source, long Offset)>>();
        var otherWrites = new HashSet<LTensor>();
        foreach (LStep step in steps)
        {
            if (WholeCopy(step) is { } c && c.Destination.ViewOf is null)
            {
                if (!groups.TryGetValue(c.Destination, out List<(LTensor, long)>? list))
                {
                    groups[c.Destination] = list = new List<(LTensor, long)>();
                }

                list.Add((c.Source, c.Offset));
            }
            else
            {
                otherWrites.UnionWith(step.Writes.Select(w => w.Root));
            }
        }

        List<LTensor> results = groups.Keys
            .Where(t => !otherWrites.Contains(t) && !t.IsScratch && (t.Storage is TensorStorage.Arena or TensorStorage.Output) && groups[t].Sum(g => g.Source.Length) == t.Length)
            .OrderByDescending(t => t.Length).ThenBy(t => t.Id, StringComparer.Ordinal).ToList();
        int nested = 0;
        for (int i = 0; i < results.Count; i++)
        {
            LTensor inner = results[i];
            if (inner.Storage != TensorStorage.Arena)
            {
                continue;
            }

            var places = new HashSet<(LTensor, long)>(groups[inner]);
            for (int j = 0; j < i; j++)
            {
                LTensor outer = results[j];
                if (outer.ViewOf is null && outer.Length > inner.Length && outer.Type == inner.Type && places.IsSubsetOf(groups[outer]))
                {
                    inner.Storage = TensorStorage.View;
                    inner.ViewOf = outer;
                    inner.ViewOffset = 0;
                    nested++;
                    break;
                }
            }
        }

        return nested;
    }

    /// <summary>A copy of a whole tensor into a contiguous block of another: a Concat input with outer = 1.</summary>
    private static (LTensor Source, LTensor Destination, long Offset)? WholeCopy(LStep step) =>
        step.Call == "Tensor.CopyRows" && step.Reads.Count == 1 && step.Writes.Count == 1 && step.Guards.Count == 0
            && Arg(step, "outer") == 1 && Arg(step, "destinationOffset") is long offset && Arg(step, "sourceRow") == step.Reads[0].Length
            && step.Reads[0].Type == step.Writes[0].Type
            ? (step.Reads[0], step.Writes[0], offset)
            : null;

    private static long? Arg(LStep step, string name) =>
        step.Args.FirstOrDefault(a => a.Name == name).Value is { } v && long.TryParse(v.TrimEnd('L'), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out long n) ? n : null;

    private static int Compare(long a1, long b1, long a2, long b2)
    {
        int c = a1.CompareTo(b1);
        return c != 0 ? c : a2.CompareTo(b2);
    }

    /// <summary>
    /// Places the tensors in the given order, each at the start of the smallest gap that holds it among the
    /// already placed tensors whose lifetimes overlap its own (or after the last of them). Placed tensors
    /// are kept sorted by offset (ties in placement order), so the ones a tensor overlaps in time come out
    /// in address order without a sort per tensor.
    /// </summary>
    private static (Dictionary<LTensor, long> Offsets, long Arena) BestFit(List<LTensor> order, Dictionary<LTensor, int> first, Dictionary<LTensor, int> last)
    {
        int n = order.Count;
        var firstOf = new int[n];
        var lastOf = new int[n];
        var sizeOf = new long[n];
        var offsetOf = new long[n];
        for (int i = 0; i < n; i++)
        {
            firstOf[i] = first[order[i]];
            lastOf[i] = last[order[i]];
            sizeOf[i] = Align(Math.Max(order[i].ByteLength, 1));
        }

        var byOffset = new List<int>(n);
        var offsets = new Dictionary<LTensor, long>(n);
        long arena = 0;
        for (int i = 0; i < n; i++)
        {
            long size = sizeOf[i];
            long offset = 0;
            long bestOffset = -1;
            long bestGap = long.MaxValue;
            foreach (int p in byOffset)
            {
                if (firstOf[p] > lastOf[i] || firstOf[i] > lastOf[p])
                {
                    continue;
                }

                long gap = offsetOf[p] - offset;
                if (gap >= size && gap < bestGap)
                {
                    bestGap = gap;
                    bestOffset = offset;
                }

                offset = Math.Max(offset, offsetOf[p] + sizeOf[p]);
            }

            offsetOf[i] = bestOffset >= 0 ? bestOffset : offset;
            offsets[order[i]] = offsetOf[i];
            byOffset.Insert(UpperBound(byOffset, offsetOf, offsetOf[i]), i);
            arena = Math.Max(arena, offsetOf[i] + size);
        }

        return (offsets, arena);
    }

    /// <summary>The position after every entry of <paramref name="sorted"/> whose offset is at most <paramref name="offset"/>.</summary>
    private static int UpperBound(List<int> sorted, long[] offsets, long offset)
    {
        int lo = 0, hi = sorted.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (offsets[sorted[mid]] <= offset)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>The first step that reads or writes each tensor itself (not its root).</summary>
    private static Dictionary<LTensor, int> FirstTouches(List<LStep> steps)
    {
        var first = new Dictionary<LTensor, int>();
        for (int s = 0; s < steps.Count; s++)
        {
            foreach (LTensor t in steps[s].Reads.Concat(steps[s].Writes))
            {
                first.TryAdd(t, s);
            }
        }

        return first;
    }

    private static Dictionary<LTensor, int> LastUses(List<LStep> steps)
    {
        var last = new Dictionary<LTensor, int>();
        for (int s = 0; s < steps.Count; s++)
        {
            foreach (LTensor t in steps[s].Reads.Concat(steps[s].Writes))
            {
                last[t.Root] = s;
            }
        }

        return last;
    }

    public static long Align(long n) => (n + Alignment - 1) / Alignment * Alignment;
}
