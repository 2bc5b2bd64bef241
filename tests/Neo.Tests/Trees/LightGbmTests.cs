using System.Collections.Generic;
using System.IO;
using Neo.Tests.Infrastructure;
using Xunit;

namespace Neo.Tests.Trees;

/// <summary>
/// Hand-written LightGBM text models (make_cases.py: leaf-wise trees, every missing type, categorical
/// bitsets, inputs on and beside the thresholds) against the float64 reference predictor: the margins,
/// pure float64 sums, agree bit for bit once rounded to float32; the transformed predictions within 1e-6.
/// </summary>
public sealed class LightGbmTests
{
    public static IEnumerable<object[]> Cases() => TreeCases.Named("lgb_");

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesReferencePredictor(string name)
    {
        ModelCase c = ModelCase.Load(Path.Combine(TreeCases.Root, name));
        System.Array[] outputs = TreeCases.Run(c, Path.Combine(c.Directory, "model.txt"));
        TreeAssert.BitEqual(c.Outputs[1].Value.As<float>(), (float[])outputs[1], $"{name} margin");
        TreeAssert.Close(c.Outputs[0].Value.As<float>(), (float[])outputs[0], 1e-6, $"{name} prediction");
    }
}
