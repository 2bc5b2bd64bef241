using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Options;
using Neo.Hosting;
using Neo.Runtime;
using Neo.Tests.Infrastructure;
using Xunit;

namespace Neo.Tests.Trees;

/// <summary>The shared XGBoost cases, from both file formats, match XGBoost's stored prediction and margin bit for bit.</summary>
public sealed class SharedXGBoostCaseTests
{
    public static IEnumerable<object[]> Cases() =>
        new[] { "xgb_diabetes_reg", "xgb_breast_cancer_bin", "xgb_iris_multi" }
            .SelectMany(c => new[] { new object[] { c, "model.json" }, new object[] { c, "model.ubj" } });

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesXGBoostBitForBit(string name, string file)
    {
        ModelCase c = ModelCase.Load(Path.Combine(TestPaths.SharedModels, name));
        InMemoryModel built = InMemoryModel.Build(new CompileRequest { ModelPath = Path.Combine(c.Directory, file), Shapes = c.Shapes, ClassName = "Model", Namespace = "Neo.Tests.Trees" });
        using INeoModel model = built.Create();
        Assert.Equal(new[] { "prediction", "margin" }, model.Signature.Outputs.Select(o => o.Name));
        float[] features = c.Inputs[0].Value.As<float>();
        var prediction = new float[model.Signature.Outputs[0].Length];
        var margin = new float[model.Signature.Outputs[1].Length];
        model.Run(new Array[] { features }, new Array[] { prediction, margin });
        TreeAssert.BitEqual(c.Outputs[0].Value.As<float>(), prediction, $"{name}/{file} prediction");
        TreeAssert.BitEqual(c.Outputs[1].Value.As<float>(), margin, $"{name}/{file} margin");
    }
}
