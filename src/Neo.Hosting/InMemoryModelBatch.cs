using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Neo.Compiler;
using Neo.Compiler.Options;

namespace Neo.Hosting;

/// <summary>The outcome of one request of a batch: a loaded model, or the errors of the step that failed.</summary>
public sealed class BatchEntry
{
    internal BatchEntry(CompileRequest request)
    {
        Request = request;
    }

    /// <summary>The request this entry answers.</summary>
    public CompileRequest Request { get; }

    /// <summary>The compiler's result (null only if the compiler was not reached).</summary>
    public CompileResult? Result { get; internal set; }

    /// <summary>The loaded model, or null when a step failed.</summary>
    public InMemoryModel? Model { get; internal set; }

    /// <summary>Which step failed: <c>compile</c> (the Neo compiler), <c>generate</c> or <c>roslyn</c>; null on success.</summary>
    public string? FailedStep { get; internal set; }

    /// <summary>The failing step's diagnostics.</summary>
    public IReadOnlyList<string> Errors { get; internal set; } = Array.Empty<string>();

    internal string? Source { get; set; }
}

/// <summary>
/// Builds many models at once: each goes through the compiler and the generator on its own, then all the
/// generated classes are compiled by one Roslyn compilation into one collectible assembly. Compiling a
/// thousand small models one assembly at a time costs minutes of Roslyn start-up; in one batch it costs
/// seconds. A model whose generated code does not compile is taken out of the batch with its errors, and
/// the rest is compiled again.
/// </summary>
public static class InMemoryModelBatch
{
    /// <summary>
    /// Builds every request. Each request must name a distinct <c>Namespace.ClassName</c>.
    /// Never throws for a bad model: failures are reported per entry.
    /// </summary>
    public static IReadOnlyList<BatchEntry> Build(IReadOnlyList<CompileRequest> requests, int maxDegreeOfParallelism = 0)
    {
        var entries = requests.Select(r => new BatchEntry(r)).ToArray();
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount };
        Parallel.ForEach(entries, options, e =>
        {
            try
            {
                e.Result = NeoCompiler.Compile(e.Request);
                if (!e.Result.Success)
                {
                    e.FailedStep = "compile";
                    e.Errors = e.Result.Diagnostics.Where(d => d.IsError).Select(d => d.ToString()).ToList();
                    return;
                }

                string planPath = Path.Combine("neo", e.Result.Plan!.ClassName + ".neoplan");
                (string source, IReadOnlyList<string> errors) = InMemoryModel.Generate(planPath, e.Result.PlanText!);
                if (errors.Count > 0)
                {
                    e.FailedStep = "generate";
                    e.Errors = errors;
                    return;
                }

                e.Source = source;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                e.FailedStep = "compile";
                e.Errors = new[] { ex.GetType().Name + ": " + ex.Message };
            }
        });

        bool timing = Environment.GetEnvironmentVariable("NEO_CONFORMANCE_TIMING") is not null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        List<BatchEntry> pending = entries.Where(e => e.Source is not null).ToList();
        while (pending.Count > 0)
        {
            var trees = pending.ToDictionary(
                e => CSharpSyntaxTree.ParseText(SourceText.From(e.Source!), new CSharpParseOptions(LanguageVersion.CSharp12), path: FullName(e) + ".g.cs"),
                e => e);
            var compilation = CSharpCompilation.Create(
                "Neo.InMemory.Batch." + Guid.NewGuid().ToString("N"),
                trees.Keys,
                InMemoryModel.References.Value,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable));
            var resources = pending.Select(e =>
            {
                byte[] weights = e.Result!.Weights!;
                return new ResourceDescription(e.Result.Plan!.WeightsResource, () => new MemoryStream(weights), isPublic: true);
            }).ToArray();
            using var pe = new MemoryStream();
            Microsoft.CodeAnalysis.Emit.EmitResult emitted = compilation.Emit(pe, manifestResources: resources);
            if (timing)
            {
                Console.Error.WriteLine($"  roslyn: {pending.Count} models, {clock.Elapsed.TotalSeconds:0.0} s, {(emitted.Success ? "ok" : "errors")}");
            }

            if (!emitted.Success)
            {
                var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                var broken = new HashSet<BatchEntry>();
                foreach (Diagnostic d in errors)
                {
                    if (d.Location.SourceTree is { } t && trees.TryGetValue(t, out BatchEntry? e))
                    {
                        broken.Add(e);
                        e.FailedStep = "roslyn";
                        e.Errors = e.Errors.Append(d.ToString()).ToList();
                    }
                }

                if (broken.Count == 0)
                {
                    // Errors without a source location: nothing to isolate, so the whole batch fails.
                    foreach (BatchEntry e in pending)
                    {
                        e.FailedStep = "roslyn";
                        e.Errors = errors.Select(d => d.ToString()).ToList();
                    }

                    return entries;
                }

                pending = pending.Where(e => !broken.Contains(e)).ToList();
                continue;
            }

            pe.Position = 0;
            var context = new AssemblyLoadContext("Neo model batch", isCollectible: true);
            Assembly assembly = context.LoadFromStream(pe);
            foreach (BatchEntry e in pending)
            {
                e.Model = new InMemoryModel(e.Result!, e.Source!, assembly.GetType(FullName(e), throwOnError: true)!);
            }

            return entries;
        }

        return entries;
    }

    private static string FullName(BatchEntry e) => e.Result!.Plan!.Namespace + "." + e.Result.Plan.ClassName;
}
