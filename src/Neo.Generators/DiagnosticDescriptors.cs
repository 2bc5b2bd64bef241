using Microsoft.CodeAnalysis;

namespace Neo.Generators
{
    /// <summary>The generator's diagnostics (NEO2xxx); each has a row in docs/diagnostics.md.</summary>
    internal static class DiagnosticDescriptors
    {
        public static readonly DiagnosticDescriptor UnreadablePlan = new DiagnosticDescriptor(
            "NEO2001",
            "Neo plan cannot be read",
            "NEO2001: the plan '{0}' cannot be read ({1}). Rebuild the project; if it persists, the Neo.Build task and generator come from different versions: restore one Neo.Build package.",
            "Neo",
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor InvalidPlan = new DiagnosticDescriptor(
            "NEO2002",
            "Neo plan holds something the generator cannot emit",
            "NEO2002: the plan '{0}' for model '{1}' {2}. Rebuild the project; plans are written by the Neo.Build task and must not be edited.",
            "Neo",
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor DuplicateClass = new DiagnosticDescriptor(
            "NEO2003",
            "Two Neo models generate the same class",
            "NEO2003: the models '{0}' and '{1}' both generate class '{2}'. Give one of the NeoModel items another ClassName or Namespace.",
            "Neo",
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);

        public static readonly DiagnosticDescriptor GeneratorFailed = new DiagnosticDescriptor(
            "NEO2004",
            "The Neo generator failed unexpectedly",
            "NEO2004: the generator failed on the plan '{0}' for model '{1}' ({2}). This is a bug in Neo; please report it with the model.",
            "Neo",
            DiagnosticSeverity.Error,
            isEnabledByDefault: true);
    }
}
