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

    /// <summary>How many outputs share their input's memory.</summary>
    public int InPlaceCount { get; init; }
}

/// <summary>
/// Gives every arena tensor a 64-byte-aligned offset so that tensors whose lifetimes overlap never
/// overlap in memory. Lifetimes run from the first step that touches a tensor to the last; the
/// placement is greedy by size (largest first, lowest offset that fits among the already placed
/// tensors it overlaps in time), which TFLite found within a few percent of optimal on real networks.
/// </summary>
public static class ArenaPlanner
{
    public const int Alignment = 64;

    public static ArenaPlan Plan(LoweringContext program)
    {
        List<LStep> steps = program.Steps;
        var first = new Dictionary<LTensor, int>();
        var last = new Dictionary<LTensor, int>();

        // In place: an output takes its input's storage when the input is an arena tensor that dies at
        // this step, has the same size, and has no other views. The bookkeeping (last use per root, first
        // use per tensor, which tensors have views) is updated as outputs become views rather than
        // recomputed, so planning stays fast on graphs of tens of thousands of nodes (a model file of a
        // few hundred kilobytes can hold that many, and the build must not hang on it).
        int inPlace = 0;
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

        List<LTensor> tensors = first.Keys.ToList();
        // Largest first; ties by first use then id, so the plan is deterministic.
        tensors.Sort((a, b) =>
        {
            int c = b.ByteLength.CompareTo(a.ByteLength);
            if (c != 0)
            {
                return c;
            }

            c = first[a].CompareTo(first[b]);
            return c != 0 ? c : string.CompareOrdinal(a.Id, b.Id);
        });

        // Placed tensors are kept sorted by offset (ties in placement order), so the ones a tensor
        // overlaps in time come out in address order without a sort per tensor.
        int n = tensors.Count;
        var firstOf = new int[n];
        var lastOf = new int[n];
        var sizeOf = new long[n];
        var offsetOf = new long[n];
        for (int i = 0; i < n; i++)
        {
            firstOf[i] = first[tensors[i]];
            lastOf[i] = last[tensors[i]];
            sizeOf[i] = Align(Math.Max(tensors[i].ByteLength, 1));
        }

        var byOffset = new List<int>(n);
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
            tensors[i].Offset = offsetOf[i];
            byOffset.Insert(UpperBound(byOffset, offsetOf, offsetOf[i]), i);
            arena = Math.Max(arena, offsetOf[i] + size);
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
