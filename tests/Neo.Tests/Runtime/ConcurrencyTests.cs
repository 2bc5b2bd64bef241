using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Neo.Compiler.Options;
using Neo.Hosting;
using Neo.Runtime;
using Neo.Tests.Infrastructure;
using Xunit;

namespace Neo.Tests.Runtime;

/// <summary>The threading rule: one instance per thread; instances share the read-only weights.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public void ManyThreadsWithOwnInstancesGetTheSameAnswersAsOne()
    {
        ModelCase c = ModelCase.Load(Path.Combine(TestPaths.SharedModels, "lenet_mnist"));
        InMemoryModel built = InMemoryModel.Build(new CompileRequest { ModelPath = c.ModelPath, Shapes = c.Shapes, ClassName = "Lenet", Namespace = "Tests" });
        float[] input = c.Inputs[0].Value.As<float>();
        var rng = new Random(5);
        float[][] inputs = Enumerable.Range(0, 16).Select(_ => input.Select(v => v + ((float)rng.NextDouble() - 0.5f)).ToArray()).ToArray();
        float[][] expected;
        using (INeoModel one = built.Create())
        {
            expected = inputs.Select(x =>
            {
                var y = new float[10];
                one.Run(new Array[] { x }, new Array[] { y });
                return y;
            }).ToArray();
        }

        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, t =>
        {
            using INeoModel mine = built.Create();
            var y = new float[10];
            for (int round = 0; round < 20; round++)
            {
                int k = (t + round) % inputs.Length;
                mine.Run(new Array[] { inputs[k] }, new Array[] { y });
                Assert.Equal(expected[k], y);
            }
        });
    }

    /// <summary>
    /// Many threads start at once on a class whose weights were never loaded (the first instances race to
    /// load and publish them), each with its own instance, then predict for a while: every answer must be
    /// the one a single thread gets. Dedicated threads and a barrier make the start truly simultaneous.
    /// </summary>
    [Fact]
    public void ThirtyTwoThreadsRacingOnFirstLoadGetTheSameAnswersAsOne()
    {
        ModelCase c = ModelCase.Load(Path.Combine(TestPaths.SharedModels, "mlp_tabular"));
        var request = new CompileRequest { ModelPath = c.ModelPath, Shapes = "features=4x20", ClassName = "MlpRace", Namespace = "Tests" };
        float[][] inputs = Enumerable.Range(0, 8).Select(i => Enumerable.Range(0, 80).Select(j => (float)Math.Sin((i * 80) + j)).ToArray()).ToArray();
        float[][] expected;
        using (INeoModel one = InMemoryModel.Build(request).Create())
        {
            expected = inputs.Select(x =>
            {
                var y = new float[12];
                one.Run(new Array[] { x }, new Array[] { y });
                return y;
            }).ToArray();
        }

        InMemoryModel fresh = InMemoryModel.Build(request); // a new assembly: its static weights are not loaded yet
        const int threadCount = 32;
        var start = new Barrier(threadCount);
        var errors = new ConcurrentQueue<string>();
        var threads = Enumerable.Range(0, threadCount).Select(t => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                using INeoModel mine = fresh.Create();
                var y = new float[12];
                for (int round = 0; round < 50; round++)
                {
                    int k = (t + round) % inputs.Length;
                    mine.Run(new Array[] { inputs[k] }, new Array[] { y });
                    if (!y.AsSpan().SequenceEqual(expected[k]))
                    {
                        errors.Enqueue($"thread {t} round {round}: got [{string.Join(",", y)}], expected [{string.Join(",", expected[k])}]");
                    }
                }
            }
            catch (Exception e)
            {
                errors.Enqueue($"thread {t}: {e}");
            }
        })).ToList();
        threads.ForEach(th => th.Start());
        threads.ForEach(th => th.Join());
        Assert.True(errors.IsEmpty, string.Join("\n", errors.Take(10)));
    }

    /// <summary>Instances that compute with several threads each (their own worker teams), on many threads at once.</summary>
    [Fact]
    public void InstancesWithWorkerThreadsOnManyThreadsAgreeWithOneThread()
    {
        ModelCase c = ModelCase.Load(Path.Combine(TestPaths.SharedModels, "squeezenet1_1"));
        InMemoryModel built = InMemoryModel.Build(new CompileRequest { ModelPath = c.ModelPath, Shapes = c.Shapes, ClassName = "Squeeze", Namespace = "Tests" });
        float[] input = c.Inputs[0].Value.As<float>();
        int outputs = c.Outputs[0].Value.Length;
        var expected = new float[outputs];
        using (INeoModel one = built.Create(new ModelOptions { Threads = 1 }))
        {
            one.Run(new Array[] { input }, new Array[] { expected });
        }

        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, t =>
        {
            using INeoModel mine = built.Create(new ModelOptions { Threads = 2 + (t % 2) });
            var y = new float[outputs];
            for (int round = 0; round < 3; round++)
            {
                mine.Run(new Array[] { input }, new Array[] { y });
                Tolerance.AssertClose(y, expected, 1e-5, $"thread {t} round {round}");
            }
        });
    }

    [Fact]
    public void DisposeOfAnInstanceWithWorkersIsIdempotentAndRunThrowsAfterIt()
    {
        InMemoryModel built = InMemoryModel.Build(new CompileRequest { ModelPath = Path.Combine(TestPaths.SharedModels, "mlp_tabular", "model.onnx"), Shapes = "features=4x20", ClassName = "MlpDispose", Namespace = "Tests" });
        INeoModel m = built.Create(new ModelOptions { Threads = 4 });
        m.Run(new Array[] { new float[80] }, new Array[] { new float[12] });
        m.Dispose();
        m.Dispose();
        Assert.Throws<ObjectDisposedException>(() => m.Run(new Array[] { new float[80] }, new Array[] { new float[12] }));
        Assert.Equal("features", m.Signature.Inputs[0].Name); // The signature is static data: still readable.
    }
}
