using System;
using System.IO;
using System.Linq;
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
}
