using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Neo.Compiler;
using Neo.Compiler.Options;
using Neo.Hosting;
using Neo.Runtime;

namespace Neo.Tests.Trees;

/// <summary>
/// Compiles a tree model's generated class together with a small C# harness that calls its typed overloads
/// (which take spans, so reflection cannot), as an application's code would. The harness is the static
/// class <c>Harness</c>; its methods are found by name.
/// </summary>
public sealed class RowwiseHarness
{
    private readonly Type _harness;

    private RowwiseHarness(CompileResult result, string source, Type harness)
    {
        Result = result;
        Source = source;
        _harness = harness;
    }

    public CompileResult Result { get; }

    /// <summary>The generated source (every generated file).</summary>
    public string Source { get; }

    public static RowwiseHarness Build(CompileRequest request, string harness)
    {
        CompileResult result = NeoCompiler.Compile(request);
        if (!result.Success)
        {
            throw new ModelBuildException(result.Diagnostics.Select(d => d.ToString()).ToList());
        }

        (string source, IReadOnlyList<string> errors) = InMemoryModel.Generate(Path.Combine("neo", result.Plan!.ClassName + ".neoplan"), result.PlanText!);
        if (errors.Count > 0)
        {
            throw new ModelBuildException(errors);
        }

        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is { } f && (f.StartsWith("System.", StringComparison.Ordinal) || f is "mscorlib.dll" or "netstandard.dll"))
            .Append(typeof(INeoModel).Assembly.Location)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(
            "Harness" + Guid.NewGuid().ToString("N"),
            new[] { CSharpSyntaxTree.ParseText(source, path: "Model.g.cs"), CSharpSyntaxTree.ParseText(harness, path: "Harness.cs") },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable));
        using var pe = new MemoryStream();
        byte[] weights = result.Weights!;
        var emitted = compilation.Emit(pe, manifestResources: new[] { new ResourceDescription(result.Plan.WeightsResource, () => new MemoryStream(weights), true) });
        if (!emitted.Success)
        {
            throw new ModelBuildException(emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList());
        }

        pe.Position = 0;
        Assembly assembly = new AssemblyLoadContext("tree harness", isCollectible: true).LoadFromStream(pe);
        return new RowwiseHarness(result, source, assembly.GetType("Harness", throwOnError: true)!);
    }

    public object? Call(string method, params object[] args)
    {
        try
        {
            return _harness.GetMethod(method)!.Invoke(null, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }
}
