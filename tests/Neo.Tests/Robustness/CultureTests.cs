using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Neo.Compiler;
using Neo.Compiler.Options;
using Neo.Hosting;
using Neo.Tests.Infrastructure;
using Xunit;

namespace Neo.Tests.Robustness;

/// <summary>
/// The build runs in the user's culture (MSBuild and the compiler server do not run invariant), so plans,
/// weights and generated sources must not depend on it: not on the decimal separator (de-DE), the minus
/// sign (sv-SE writes U+2212), casing rules (tr-TR's dotless i), or the digits and calendar (ar-SA, th-TH).
/// The tests set the process-wide default culture (for threads the compiler starts), which every thread that
/// never set its own culture also reads, so they run alone: in parallel they changed how other tests format
/// numbers (an sv-SE minus sign in another test's JSON).
/// </summary>
[Collection(ProcessCultureCollection.Name)]
public sealed class CultureTests
{
    private static readonly string[] Cultures = { "de-DE", "sv-SE", "tr-TR", "ar-SA", "th-TH" };

    public static IEnumerable<object[]> Models() =>
        new[] { "mlp_tabular", "lenet_mnist", "squeezenet1_1", "mobilenet_v2", "tiny_bert", "lstm_text" }.Select(m => new object[] { m });

    [Theory]
    [MemberData(nameof(Models))]
    public void PlansWeightsAndSourcesDoNotDependOnTheCulture(string name)
    {
        ModelCase c = ModelCase.Load(Path.Combine(TestPaths.SharedModels, name));
        var request = new CompileRequest { ModelPath = c.ModelPath, Shapes = c.Shapes, Namespace = "App.Models" };
        (CompileResult reference, string? referenceSource) = CompileIn(CultureInfo.InvariantCulture, request);
        foreach (string culture in Cultures)
        {
            (CompileResult result, string? source) = CompileIn(CultureInfo.GetCultureInfo(culture), request);
            Assert.Equal(reference.Success, result.Success);
            Assert.Equal(reference.Diagnostics.Select(d => d.Code), result.Diagnostics.Select(d => d.Code));
            Assert.Equal(reference.PlanText, result.PlanText);
            Assert.Equal(reference.Weights, result.Weights);
            Assert.Equal(referenceSource, source);
        }
    }

    [Fact]
    public void HostileNamesAndFloatAttributesDoNotDependOnTheCulture()
    {
        byte[] model = new OnnxBuilder()
            .Input("Iıİi", Neo.Compiler.IR.DataType.Float32, 2, 3)
            .Node("LeakyRelu", new[] { "Iıİi" }, new[] { "a" }, "leaky", ("alpha", -0.125f))
            .Node("Clip", new[] { "a" }, new[] { "größe −1,5" }, "clip")
            .Edit(m => m.OpsetImport[0].Version = 10)
            .Edit(m => m.Graph.Node[1].Attribute.Add(new Neo.Compiler.Onnx.Proto.AttributeProto { Name = "min", F = -1.5f, Type = Neo.Compiler.Onnx.Proto.AttributeProto.Types.AttributeType.Float }))
            .Output("größe −1,5", Neo.Compiler.IR.DataType.Float32, 2, 3)
            .ToBytes();
        var request = new CompileRequest { ModelPath = "culture.onnx", ModelBytes = model, ClassName = "İstanbul", Namespace = "Tests" };
        (CompileResult reference, string? referenceSource) = CompileIn(CultureInfo.InvariantCulture, request);
        Assert.True(reference.Success, string.Join("\n", reference.Diagnostics));
        Assert.Contains("-0.125f", reference.PlanText!, StringComparison.Ordinal);
        Assert.Contains("-1.5f", reference.PlanText!, StringComparison.Ordinal);
        foreach (string culture in Cultures)
        {
            (CompileResult result, string? source) = CompileIn(CultureInfo.GetCultureInfo(culture), request);
            Assert.Equal(reference.PlanText, result.PlanText);
            Assert.Equal(referenceSource, source);
        }
    }

    /// <summary>Compiles and generates with every culture setting of the thread (and of threads it starts) set to <paramref name="culture"/>.</summary>
    private static (CompileResult Result, string? Source) CompileIn(CultureInfo culture, CompileRequest request)
    {
        CultureInfo culture0 = CultureInfo.CurrentCulture, ui0 = CultureInfo.CurrentUICulture;
        CultureInfo? default0 = CultureInfo.DefaultThreadCurrentCulture, defaultUi0 = CultureInfo.DefaultThreadCurrentUICulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
            CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = culture;
            CompileResult result = NeoCompiler.Compile(request);
            string? source = result.Success ? InMemoryModel.Generate("obj/neo/" + result.Plan!.ClassName + ".neoplan", result.PlanText!).Source : null;
            return (result, source);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture0;
            CultureInfo.CurrentUICulture = ui0;
            CultureInfo.DefaultThreadCurrentCulture = default0;
            CultureInfo.DefaultThreadCurrentUICulture = defaultUi0;
        }
    }
}

/// <summary>Tests that change <see cref="CultureInfo.DefaultThreadCurrentCulture"/> run one at a time, with no other test beside them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessCultureCollection
{
    public const string Name = "Process culture";
}
