using System.Collections.Generic;
using System.IO;
using Neo.Tests.Infrastructure;
using Xunit;

namespace Neo.Tests.Trees;

/// <summary>
/// XGBoost models Neo was not developed against (other objectives, DART, random forests, categorical
/// splits, deep trees, the 2.x schema), from JSON and UBJSON: prediction and margin equal XGBoost 1.7's bit
/// for bit.
/// </summary>
public sealed class XGBoostHeldOutTests
{
    public static IEnumerable<object[]> Cases() => TreeCases.Named("xgb_");

    [Theory]
    [MemberData(nameof(Cases))]
    public void JsonMatchesXGBoost(string name) => Check(name, "model.json");

    [Theory]
    [MemberData(nameof(Cases))]
    public void UbjsonMatchesXGBoost(string name) => Check(name, "model.ubj");

    private static void Check(string name, string file)
    {
        ModelCase c = ModelCase.Load(Path.Combine(TreeCases.Root, name));
        System.Array[] outputs = TreeCases.Run(c, Path.Combine(c.Directory, file));
        TreeAssert.BitEqual(c.Outputs[0].Value.As<float>(), (float[])outputs[0], $"{name}/{file} prediction");
        TreeAssert.BitEqual(c.Outputs[1].Value.As<float>(), (float[])outputs[1], $"{name}/{file} margin");
    }
}
