using System;
using System.Threading;
using Neo.Runtime.Threading;
using Xunit;

namespace Neo.Tests.Runtime;

/// <summary>
/// The thread team: every part of every job runs exactly once, whether its worker runs it or the caller takes the
/// range back (a worker that has not started when the caller finishes its own range), and failures surface.
/// </summary>
public sealed class ThreadTeamTests
{
    [Fact]
    public void EveryPartRunsExactlyOnceAcrossManyBackToBackJobs()
    {
        if (Environment.ProcessorCount < 2)
        {
            Assert.Fail("this test needs two processors to exercise the worker");
        }

        using ThreadTeam team = ThreadTeam.Create(2);
        Assert.Equal(2, team.Threads);
        var counts = new int[64];
        var rng = new Random(3);
        var tally = new Tally();
        // 20,000 jobs, and more until the worker has run a range: on a loaded machine (the test suite runs classes in
        // parallel) the caller may take back every range of the first 20,000 before the worker is scheduled at all.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int run = 0; run < 20_000 || (Volatile.Read(ref tally.WorkerParts) == 0 && clock.Elapsed < TimeSpan.FromSeconds(20)); run++)
        {
            int count = 1 + rng.Next(counts.Length);
            Array.Clear(counts);
            var job = new CountingJob { Counts = counts, CallerThread = Environment.CurrentManagedThreadId, Tally = tally };
            team.Run(count, ref job);
            for (int i = 0; i < counts.Length; i++)
            {
                Assert.True(counts[i] == (i < count ? 1 : 0), $"run {run}: part {i} of {count} ran {counts[i]} times");
            }
        }

        // Both paths are exercised: the worker ran some ranges (and the caller, by construction, its own).
        Assert.True(tally.WorkerParts > 0, "the worker never ran a range");
    }

    [Fact]
    public void AFailureInAnyRangeSurfacesAndTheTeamStaysUsable()
    {
        using ThreadTeam team = ThreadTeam.Create(2);
        for (int run = 0; run < 200; run++)
        {
            var failing = new FailingJob { FailAt = run % 10 };
            AggregateException e = Assert.Throws<AggregateException>(() => team.Run(10, ref failing));
            Assert.Contains("part " + (run % 10), e.InnerException!.Message, StringComparison.Ordinal);
        }

        var counts = new int[10];
        var job = new CountingJob { Counts = counts, CallerThread = Environment.CurrentManagedThreadId, Tally = new Tally() };
        team.Run(10, ref job);
        Assert.All(counts, c => Assert.Equal(1, c));
    }

    private sealed class Tally
    {
        public int WorkerParts;
    }

    private struct CountingJob : IParallelJob
    {
        public int[] Counts;
        public int CallerThread;
        public Tally Tally;

        public readonly void Execute(int start, int end)
        {
            if (Environment.CurrentManagedThreadId != CallerThread)
            {
                Interlocked.Add(ref Tally.WorkerParts, end - start);
            }

            for (int i = start; i < end; i++)
            {
                Interlocked.Increment(ref Counts[i]);
            }
        }
    }

    private struct FailingJob : IParallelJob
    {
        public int FailAt;

        public readonly void Execute(int start, int end)
        {
            if (FailAt >= start && FailAt < end)
            {
                throw new InvalidOperationException("part " + FailAt);
            }
        }
    }
}
