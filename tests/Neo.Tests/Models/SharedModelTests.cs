using System;
using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Options;
using Neo.Hosting;
using Neo.Runtime;
using Neo.Tests.Infrastructure;
using Xunit;

namespace Neo.Tests.Models;

/// <summary>Every shared ONNX case compiles through the real compiler and generator and matches its stored outputs.</summary>
public sealed class SharedModelTests
{
    public static IEnumerable<object[]> Cases() => ModelCase.SharedOnnxCases().SelectMany(c => new[] { new object[] { c, "default" }, new object[] { c, "none" } });

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesReferenceOutputs(string name, string optimize)
    {
        ModelCase c = ModelCase.Load(System.IO.Path.Combine(TestPaths.SharedModels, name));
        InMemoryModel built = InMemoryModel.Build(new CompileRequest { ModelPath = c.ModelPath, Shapes = c.Shapes, Optimize = optimize, ClassName = "Model", Namespace = "Neo.Tests.Shared" });
        using INeoModel model = built.Create();
        Array[] inputs = c.Inputs.Select(i => i.Value.Data).ToArray();
        Array[] outputs = model.Signature.Outputs.Select(o => Array.CreateInstance(o.ElementType, o.Length)).ToArray();
        model.Run(inputs, outputs);
        for (int i = 0; i < c.Outputs.Count; i++)
        {
            TensorData expected = c.Outputs[i].Value;
            Tolerance.AssertClose((float[])outputs[i], expected.As<float>(), 1e-4, $"{name} output {i} ({optimize})");
        }
    }
}
