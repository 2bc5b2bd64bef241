using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Neo.Compiler.Diagnostics;
using Neo.Tests.Infrastructure;
using Xunit;

namespace Neo.Tests.Diagnostics;

/// <summary>Every code the product can report has a row in docs/diagnostics.md, and every row is used.</summary>
public sealed class DiagnosticsTableTests
{
    private static readonly Regex Code = new(@"NEO[0-9]{4}", RegexOptions.CultureInvariant);

    [Fact]
    public void EveryCodeHasARowAndEveryRowIsUsed()
    {
        string doc = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "diagnostics.md"));
        var rows = doc.Split('\n').Where(l => l.StartsWith("| NEO", StringComparison.Ordinal)).Select(l => Code.Match(l).Value).ToHashSet();

        var compilerCodes = typeof(DiagnosticCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToList();
        string src = Path.Combine(TestPaths.RepoRoot, "src");
        var sourceCodes = Directory.GetFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .SelectMany(f => Code.Matches(File.ReadAllText(f)).Select(m => m.Value))
            .ToHashSet();

        foreach (string c in compilerCodes.Concat(sourceCodes).Distinct())
        {
            Assert.True(rows.Contains(c), $"{c} is reported by the code but has no row in docs/diagnostics.md");
        }

        foreach (string r in rows)
        {
            Assert.True(sourceCodes.Contains(r) || compilerCodes.Contains(r), $"docs/diagnostics.md has a row for {r}, which nothing reports");
        }
    }
}
