using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Neo.Compiler.Diagnostics;
using Xunit;

namespace Neo.Tests.Infrastructure;

/// <summary>What every diagnostic Neo reports must be: coded, documented, about the model file, actionable.</summary>
public static class DiagnosticsAssert
{
    private static readonly Regex CodeShape = new(@"^NEO[0-9]{4}$", RegexOptions.CultureInvariant);

    private static readonly Lazy<HashSet<string>> Documented = new(() =>
        File.ReadAllLines(Path.Combine(TestPaths.RepoRoot, "docs", "diagnostics.md"))
            .Where(l => l.StartsWith("| NEO", StringComparison.Ordinal))
            .Select(l => l.Substring(2, 7))
            .ToHashSet(StringComparer.Ordinal));

    /// <summary>
    /// Words with which Neo's messages tell the user what to do (docs/diagnostics.md has the same advice
    /// per code); a message without any of them only describes the problem.
    /// </summary>
    private static readonly string[] Advice =
    {
        "Re-export", "re-export", "Use ", "use ", "Check", "check ", "Set ", "set ", "Give", "give ", "Export", "Keep", "Store", "Compile", "compile it",
        "Rebuild", "Fix", "See ", "Remove", "Build", "build on", "Pass", "please report", "Make ", "Replace", "Name ", "name each", "write ", "Write ", "Convert ",
    };

    /// <summary>The codes docs/diagnostics.md documents.</summary>
    public static IReadOnlySet<string> DocumentedCodes => Documented.Value;

    /// <summary>Asserts every diagnostic has a documented NEO code, names the model file, says what to do, and carries no stack trace.</summary>
    public static void AllCodedAndNamed(IEnumerable<NeoDiagnostic> diagnostics, string modelPath)
    {
        foreach (NeoDiagnostic d in diagnostics)
        {
            Assert.True(CodeShape.IsMatch(d.Code), $"'{d.Code}' is not a NEO code: {d}");
            Assert.True(Documented.Value.Contains(d.Code), $"{d.Code} has no row in docs/diagnostics.md: {d}");
            Assert.Equal(modelPath, d.File);
            Assert.False(string.IsNullOrWhiteSpace(d.Message));
            Assert.DoesNotContain("   at ", d.Message, StringComparison.Ordinal);
            Assert.False(d.Message.Any(c => char.IsControl(c) || c is >= '\u202a' and <= '\u202e' or >= '\u2066' and <= '\u2069' or '\u2028' or '\u2029'), $"{d.Code}'s message holds a control or bidi character: {d.Message}");
            Assert.True(Advice.Any(a => d.Message.Contains(a, StringComparison.Ordinal)), $"{d.Code}'s message does not say what to do: {d.Message}");
        }
    }
}
