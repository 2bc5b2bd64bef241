using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Neo.Generators
{
    /// <summary>
    /// Generates one class per Neo plan. The pipeline: additional files ending in <c>.neoplan</c> →
    /// <see cref="ModelSpec"/> (parsed, value-equal) → source. An edit to any C# file leaves the plans,
    /// and so the generated sources, cached.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class NeoModelGenerator : IIncrementalGenerator
    {
        /// <summary>Tracking names of the pipeline steps (tests check what was cached).</summary>
        public static class TrackingNames
        {
            public const string Plans = "NeoPlans";
            public const string Specs = "NeoModelSpecs";
        }

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValuesProvider<ModelSpec> specs = context.AdditionalTextsProvider
                .Where(static f => f.Path.EndsWith(".neoplan", StringComparison.OrdinalIgnoreCase))
                .Select(static (f, ct) => (Path: f.Path, Text: f.GetText(ct)?.ToString() ?? ""))
                .WithTrackingName(TrackingNames.Plans)
                .Select(static (p, _) => ModelSpec.Parse(p.Path, p.Text))
                .WithTrackingName(TrackingNames.Specs);

            context.RegisterSourceOutput(specs.Collect(), static (spc, all) => Execute(spc, all));
        }

        private static void Execute(SourceProductionContext context, ImmutableArray<ModelSpec> specs)
        {
            var classes = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (ModelSpec spec in specs.OrderBy(s => s.Path, StringComparer.Ordinal))
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                string file = Path.GetFileName(spec.Path);
                if (spec.Plan is null)
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnreadablePlan, Location.None, file, spec.Error));
                    continue;
                }

                string fullName = spec.Plan.Namespace + "." + spec.Plan.ClassName;
                if (classes.TryGetValue(fullName, out string? other))
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DuplicateClass, Location.None, other, spec.Plan.ModelFile, fullName));
                    continue;
                }

                classes[fullName] = spec.Plan.ModelFile;
                string source;
                string? rows;
                try
                {
                    source = ModelEmitter.Emit(spec.Plan);
                    rows = RowwiseEmitter.Emit(spec.Plan);
                }
                catch (PlanContentException e)
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidPlan, Location.None, file, spec.Plan.ModelFile, e.Message));
                    continue;
                }

                context.AddSource(fullName + ".g.cs", SourceText.From(source, Encoding.UTF8));
                if (rows != null)
                {
                    context.AddSource(fullName + ".Rows.g.cs", SourceText.From(rows, Encoding.UTF8));
                }
            }
        }
    }
}
