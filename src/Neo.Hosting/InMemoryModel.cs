using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Neo.Compiler;
using Neo.Compiler.Options;
using Neo.Runtime;

namespace Neo.Hosting;

/// <summary>A compiled model loaded into this process, ready to instantiate.</summary>
public sealed class InMemoryModel
{
    internal static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(LoadReferences, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Type _type;

    internal InMemoryModel(CompileResult result, string source, Type type)
    {
        Result = result;
        Source = source;
        _type = type;
    }

    /// <summary>The compiler's result (plan, weights, report, diagnostics).</summary>
    public CompileResult Result { get; }

    /// <summary>The C# the generator produced.</summary>
    public string Source { get; }

    /// <summary>A new instance of the generated class.</summary>
    public INeoModel Create(ModelOptions? options = null) =>
        (INeoModel)Activator.CreateInstance(_type, options ?? ModelOptions.Default)!;

    /// <summary>
    /// Compiles <paramref name="request"/> through the compiler, the real generator and Roslyn.
    /// Throws <see cref="ModelBuildException"/> with the diagnostics when any step fails.
    /// </summary>
    public static InMemoryModel Build(CompileRequest request)
    {
        CompileResult result = NeoCompiler.Compile(request);
        if (!result.Success)
        {
            throw new ModelBuildException(result.Diagnostics.Select(d => d.ToString()).ToList());
        }

        string planPath = Path.Combine("neo", result.Plan!.ClassName + ".neoplan");
        (string source, IReadOnlyList<string> generatorErrors) = Generate(planPath, result.PlanText!);
        if (generatorErrors.Count > 0)
        {
            throw new ModelBuildException(generatorErrors);
        }

        Type type = CompileAndLoad(result, source);
        return new InMemoryModel(result, source, type);
    }

    /// <summary>Runs the generator over one plan, as the build does, and returns the source it adds.</summary>
    public static (string Source, IReadOnlyList<string> Errors) Generate(string planPath, string planText)
    {
        CSharpCompilation empty = CSharpCompilation.Create("NeoGeneratorHost", references: References.Value, options: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new ISourceGenerator[] { new Neo.Generators.NeoModelGenerator().AsSourceGenerator() },
            additionalTexts: new AdditionalText[] { new PlanText(planPath, planText) });
        driver = driver.RunGenerators(empty);
        GeneratorDriverRunResult run = driver.GetRunResult();
        var errors = run.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.GetMessage()).ToList();
        string source = string.Concat(run.GeneratedTrees.Select(t => t.ToString()));
        return (source, errors);
    }

    private static Type CompileAndLoad(CompileResult result, string source)
    {
        string className = result.Plan!.Namespace + "." + result.Plan.ClassName;
        var tree = CSharpSyntaxTree.ParseText(SourceText.From(source), new CSharpParseOptions(LanguageVersion.CSharp12), path: className + ".g.cs");
        var compilation = CSharpCompilation.Create(
            "Neo.InMemory." + className + "." + Guid.NewGuid().ToString("N"),
            new[] { tree },
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable));
        using var pe = new MemoryStream();
        byte[] weights = result.Weights!;
        var resources = new[] { new ResourceDescription(result.Plan.WeightsResource, () => new MemoryStream(weights), isPublic: true) };
        Microsoft.CodeAnalysis.Emit.EmitResult emitted = compilation.Emit(pe, manifestResources: resources);
        if (!emitted.Success)
        {
            throw new ModelBuildException(emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList());
        }

        pe.Position = 0;
        var context = new AssemblyLoadContext("Neo model " + className, isCollectible: true);
        Assembly assembly = context.LoadFromStream(pe);
        return assembly.GetType(className, throwOnError: true)!;
    }

    private static IReadOnlyList<MetadataReference> LoadReferences()
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is { } f && (f.StartsWith("System.", StringComparison.Ordinal) || f is "mscorlib.dll" or "netstandard.dll"))
            .ToList();
        paths.Add(typeof(INeoModel).Assembly.Location);
        return paths.Distinct(StringComparer.Ordinal).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
    }

    private sealed class PlanText : AdditionalText
    {
        private readonly string _text;

        public PlanText(string path, string text)
        {
            Path = path;
            _text = text;
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(_text);
    }
}

/// <summary>A model that did not build: the diagnostics of whichever step failed.</summary>
public sealed class ModelBuildException : Exception
{
    /// <summary>Creates the exception from the failing step's diagnostics.</summary>
    public ModelBuildException(IReadOnlyList<string> diagnostics)
        : base(string.Join(Environment.NewLine, diagnostics))
    {
        Diagnostics = diagnostics;
    }

    /// <summary>The diagnostics, one per line of the message.</summary>
    public IReadOnlyList<string> Diagnostics { get; }
}
