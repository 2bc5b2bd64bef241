using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Neo.Compiler;
using Neo.Compiler.Options;
using Neo.Generators;
using Neo.Tests.Infrastructure;
using Xunit;

namespace Neo.Tests.Generator;

/// <summary>The generator reuses its output when only C# changes, and regenerates when the plan changes.</summary>
public sealed class IncrementalGeneratorTests
{
    private static string Plan(string shapes)
    {
        CompileResult result = NeoCompiler.Compile(new CompileRequest
        {
            ModelPath = Path.Combine(TestPaths.SharedModels, "mlp_tabular", "model.onnx"),
            ClassName = "Mlp",
            Namespace = "Test",
            Shapes = shapes,
        });
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return result.PlanText!;
    }

    [Fact]
    public void EditingUnrelatedCodeReusesCachedOutput()
    {
        var plan = new TextFile("obj/neo/Mlp.neoplan", Plan("features=4x20"));
        CSharpCompilation compilation = CSharpCompilation.Create("App", new[] { CSharpSyntaxTree.ParseText("class A { }") });
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new NeoModelGenerator().AsSourceGenerator() },
            additionalTexts: new AdditionalText[] { plan },
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGenerators(compilation);
        Assert.Single(driver.GetRunResult().GeneratedTrees);

        // An unrelated edit: the plan step and the spec are cached, the output is not regenerated.
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.First(), CSharpSyntaxTree.ParseText("class A { int x; }"));
        driver = driver.RunGenerators(edited);
        GeneratorRunResult run = driver.GetRunResult().Results.Single();
        Assert.All(run.TrackedSteps[NeoModelGenerator.TrackingNames.Specs].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.All(run.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));

        // A new plan (other shapes) regenerates.
        driver = driver.ReplaceAdditionalText(plan, new TextFile(plan.Path, Plan("features=8x20")));
        driver = driver.RunGenerators(edited);
        run = driver.GetRunResult().Results.Single();
        Assert.Contains(run.TrackedSteps[NeoModelGenerator.TrackingNames.Specs].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("FeaturesLength = 160", run.GeneratedSources.Single().SourceText.ToString());
    }

    private sealed class TextFile : AdditionalText
    {
        private readonly string _text;

        public TextFile(string path, string text)
        {
            Path = path;
            _text = text;
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(_text);
    }
}
