using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Neo.Runtime.Threading;

/// <summary>
/// The threads one model instance computes with: the calling thread plus <c>Threads - 1</c> persistent
/// workers, created with the instance and ended by <see cref="Dispose"/>. Work is split statically into
/// one contiguous range per thread; a range whose worker has not started when the caller finishes its own is run
/// by the caller. After a job a worker watches for the next one for a short window
/// (<see cref="SpinMicroseconds"/>: the gap between two kernels of one prediction), then sleeps on a
/// semaphore, so an idle model burns no core between calls.
/// </summary>
public sealed class ThreadTeam : IDisposable
{
    private readonly Worker[] _workers;
    private readonly SemaphoreSlim[] _done;
    private bool _disposed;

    private ThreadTeam(int threads)
    {
        Threads = threads;
        _workers = new Worker[threads - 1];
        _done = new SemaphoreSlim[threads - 1];
        for (int i = 0; i < _workers.Length; i++)
        {
            // One release per job. SemaphoreSlim spins briefly before it blocks (the caller usually finishes its own
            // share at about the same time), and, unlike ManualResetEventSlim, allocates nothing the first time it blocks.
            _done[i] = new SemaphoreSlim(0);
            _workers[i] = new Worker(_done[i], i + 1);
        }
    }

    /// <summary>How long a worker watches for the next job before it sleeps.</summary>
    public const int SpinMicroseconds = 50;

    /// <summary>A team that runs everything on the calling thread.</summary>
    public static ThreadTeam Serial { get; } = new(1);

    /// <summary>The number of threads, the caller included.</summary>
    public int Threads { get; }

    /// <summary>Creates a team of <paramref name="threads"/> threads (1 returns <see cref="Serial"/>).</summary>
    public static ThreadTeam Create(int threads)
    {
        if (threads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "NEO3003: a model needs at least one thread.");
        }

        threads = Math.Min(threads, Math.Max(1, Environment.ProcessorCount));
        return threads == 1 ? Serial : new ThreadTeam(threads);
    }

    /// <summary>
    /// Models smaller than this many multiply-accumulates run on the calling thread: waking a worker
    /// costs more than it saves.
    /// </summary>
    public const long SerialMacsThreshold = 1_000_000;

    /// <summary>
    /// The team for a model instance: <paramref name="threads"/> threads (0: one per processor), or the
    /// calling thread alone for a model of fewer than <see cref="SerialMacsThreshold"/> multiply-accumulates.
    /// </summary>
    public static ThreadTeam ForModel(int threads, long macs)
    {
        if (threads <= 0)
        {
            threads = Environment.ProcessorCount;
        }

        return macs < SerialMacsThreshold ? Serial : Create(threads);
    }

    /// <summary>
    /// Runs <paramref name="job"/> over parts 0 to <paramref name="count"/>, split into one contiguous range per thread.
    /// Returns when every part is done. Runs serially when the team has one thread or there is one part.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run<TJob>(int count, ref TJob job)
        where TJob : struct, IParallelJob
    {
        int threads = Math.Min(Threads, count);
        if (threads <= 1)
        {
            if (count > 0)
            {
                job.Execute(0, count);
            }

            return;
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        var box = JobBox<TJob>.Get(this);
        box.Job = job;
        for (int t = 1; t < threads; t++)
        {
            (int s, int e) = Range(count, threads, t);
            _workers[t - 1].Post(box, s, e);
        }

        (int s0, int e0) = Range(count, threads, 0);
        Exception? error = null;
        try
        {
            box.Job.Execute(s0, e0);
        }
        catch (Exception ex)
        {
            error = ex;
        }

        // A range whose worker has not started yet (descheduled on a busy machine, or still waking up) is taken
        // back and run here: waiting for it could cost a whole scheduler time slice.
        for (int t = 1; t < threads; t++)
        {
            Worker w = _workers[t - 1];
            if (w.TryTakeBack(out int s, out int e))
            {
                try
                {
                    box.Job.Execute(s, e);
                }
                catch (Exception ex)
                {
                    error ??= ex;
                }
            }
            else
            {
                // The worker usually finishes within microseconds of the caller: spin for it (bounded) rather than
                // block at once, which paid a wake-up per kernel (resnet18 1.03x, googlenet 1.02x on 2 threads).
                w.AwaitIdle();
                _done[t - 1].Wait();
                error ??= w.TakeError();
            }
        }

        if (error is not null)
        {
            throw new AggregateException(error);
        }
    }

    /// <summary>
    /// Memory-bound work over fewer elements than this (a pool, a folded BatchNormalization) runs on the calling
    /// thread: waking a worker costs more than it saves.
    /// </summary>
    public const long ParallelElements = 32 * 1024;

    /// <summary>
    /// <see cref="Run{TJob}(int, ref TJob)"/> for memory-bound work that touches <paramref name="elements"/> elements in
    /// all: on the calling thread alone below <see cref="ParallelElements"/>.
    /// </summary>
    public void Run<TJob>(int count, long elements, ref TJob job)
        where TJob : struct, IParallelJob
    {
        if (elements < ParallelElements && count > 0)
        {
            job.Execute(0, count);
            return;
        }

        Run(count, ref job);
    }

    private static (int Start, int End) Range(int count, int threads, int t)
    {
        int q = count / threads, r = count % threads;
        int start = (t * q) + Math.Min(t, r);
        return (start, start + q + (t < r ? 1 : 0));
    }

    /// <summary>Ends the workers. Idempotent.</summary>
    public void Dispose()
    {
        if (_disposed || ReferenceEquals(this, Serial))
        {
            return;
        }

        _disposed = true;
        foreach (Worker w in _workers)
        {
            w.Stop();
        }
    }

    private abstract class JobBoxBase
    {
        public abstract void Execute(int start, int end);
    }

    private sealed class JobBox<TJob> : JobBoxBase
        where TJob : struct, IParallelJob
    {
        // One box per team and job type, made on first use, so steady-state calls allocate nothing.
        [ThreadStatic]
        private static JobBox<TJob>? t_last;
        private ThreadTeam? _owner;
        public TJob Job;

        public static JobBox<TJob> Get(ThreadTeam owner)
        {
            JobBox<TJob>? box = t_last;
            if (box is null || !ReferenceEquals(box._owner, owner))
            {
                box = new JobBox<TJob> { _owner = owner };
                t_last = box;
            }

            return box;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override void Execute(int start, int end) => Job.Execute(start, end);
    }

    private sealed class Worker
    {
        private const int Idle = 0, Posted = 1, Running = 2, TakenBack = 3;
        private static readonly long SpinTicks = System.Diagnostics.Stopwatch.Frequency * SpinMicroseconds / 1_000_000;
        private readonly SemaphoreSlim _done;
        private readonly SemaphoreSlim _wake = new(0);
        private JobBoxBase? _job;
        private int _start, _end;

        // Idle → Posted (caller) → Running (worker claims it) → Idle (worker, then releases _done),
        // or Posted → TakenBack (caller claims it) → Idle (caller). The range fields are written only while Idle
        // and read by the worker only after its claim succeeded.
        private int _state;
        private volatile int _sleeping;
        private volatile bool _stop;
        private Exception? _error;

        public Worker(SemaphoreSlim done, int index)
        {
            _done = done;
            var thread = new Thread(Loop) { IsBackground = true, Name = "Neo worker " + index };
            thread.Start();
        }

        public void Post(JobBoxBase job, int start, int end)
        {
            _job = job;
            _start = start;
            _end = end;
            // Dekker with the worker: it publishes _sleeping then reads _state; we publish _state then read _sleeping.
            Interlocked.Exchange(ref _state, Posted);
            if (_sleeping != 0)
            {
                _wake.Release();
            }
        }

        /// <summary>Claims the posted range if the worker has not: the caller runs it instead.</summary>
        public bool TryTakeBack(out int start, out int end)
        {
            start = _start;
            end = _end;
            if (Interlocked.CompareExchange(ref _state, TakenBack, Posted) == Posted)
            {
                Volatile.Write(ref _state, Idle);
                return true;
            }

            return false;
        }

        /// <summary>Spins (at most four times the workers' own spin time) until the running range is done.</summary>
        public void AwaitIdle()
        {
            long until = System.Diagnostics.Stopwatch.GetTimestamp() + (4 * SpinTicks);
            while (Volatile.Read(ref _state) != Idle && System.Diagnostics.Stopwatch.GetTimestamp() < until)
            {
                Thread.SpinWait(20);
            }
        }

        public Exception? TakeError()
        {
            Exception? e = _error;
            _error = null;
            return e;
        }

        public void Stop()
        {
            _stop = true;
            Interlocked.Exchange(ref _state, Posted);
            _wake.Release();
        }

        private void Loop()
        {
            while (true)
            {
                WaitForPost();
                if (_stop)
                {
                    return;
                }

                if (Interlocked.CompareExchange(ref _state, Running, Posted) != Posted)
                {
                    continue;
                }

                try
                {
                    _job!.Execute(_start, _end);
                }
                catch (Exception ex)
                {
                    _error = ex;
                }

                Volatile.Write(ref _state, Idle);
                _done.Release();
            }
        }

        private void WaitForPost()
        {
            long until = System.Diagnostics.Stopwatch.GetTimestamp() + SpinTicks;
            while (Volatile.Read(ref _state) != Posted)
            {
                if (System.Diagnostics.Stopwatch.GetTimestamp() < until)
                {
                    Thread.SpinWait(20);
                    continue;
                }

                _sleeping = 1;
                Interlocked.MemoryBarrier();
                if (Volatile.Read(ref _state) != Posted)
                {
                    _wake.Wait();
                }

                _sleeping = 0;
            }
        }
    }
}
