using System;
using System.Linq;
using Neo.Compiler.Options;
using Neo.Hosting;
using Neo.Runtime;
using Neo.Tests.Infrastructure;
using Xunit;

namespace Neo.Tests.Models;

/// <summary>A prediction in steady state allocates nothing on the calling thread, with one thread and with two.</summary>
public sealed class SteadyStateTests
{
    [Theory]
    [InlineData("lenet_mnist", 1)]
    [InlineData("mlp_tabular", 1)]
    [InlineData("squeezenet1_1", 1)]
    [InlineData("squeezenet1_1", 2)]
    public void RunAllocatesNothing(string name, int threads)
    {
        ModelCase c = ModelCase.Load(System.IO.Path.Combine(TestPaths.SharedModels, name));
        InMemoryModel built = InMemoryModel.Build(new CompileRequest { ModelPath = c.ModelPath, Shapes = c.Shapes, ClassName = "Model", Namespace = "Neo.Tests.SteadyState" });
        using INeoModel model = built.Create(new ModelOptions { Threads = threads });
        Array[] inputs = c.Inputs.Select(i => i.Value.Data).ToArray();
        Array[] outputs = model.Signature.Outputs.Select(o => Array.CreateInstance(o.ElementType, o.Length)).ToArray();
        for (int i = 0; i < 3; i++)
        {
            model.Run(inputs, outputs);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            model.Run(inputs, outputs);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Tolerance.AssertClose((float[])outputs[0], c.Outputs[0].Value.As<float>(), 1e-4, name);
    }
}
