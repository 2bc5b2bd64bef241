using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Neo.Hosting.Conformance;
using Neo.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Neo.Tests.Conformance;

/// <summary>
/// The ONNX 1.12 conformance suite (Debian's libonnx-testdata, installed by .ci/run): every in-scope case
/// runs through the real compiler, generator and Roslyn, and no case listed in passing.txt may stop passing.
/// Newly passing cases are printed; add them with <c>NEO_UPDATE_BASELINE=1</c>.
/// </summary>
public sealed class OnnxConformanceTests
{
    /// <summary>Issue 5's count: 1,072 cases less training, sequences and optionals, strings, random generators and value-dependent shapes.</summary>
    private const int InScopeCases = 988;

    private readonly ITestOutputHelper _output;

    public OnnxConformanceTests(ITestOutputHelper output) => _output = output;

    private static string BaselinePath => Path.Combine(TestPaths.RepoRoot, "tests", "Neo.Tests", "Conformance", "passing.txt");

    private static IReadOnlyList<ConformanceCase> InScope()
    {
        Assert.True(Directory.Exists(TestPaths.OnnxTestData), $"The ONNX conformance suite is not at {TestPaths.OnnxTestData}: install the Debian package libonnx-testdata (.ci/run does).");
        return ConformanceCase.Discover(TestPaths.OnnxTestData, null).Where(c => ConformanceScope.OutOfScopeReason(c.ModelPath) is null).ToList();
    }

    [Fact]
    public void ScopeIsTheIssuesScope()
    {
        Assert.Equal(InScopeCases, InScope().Count);
    }

    [Fact]
    public void CasesThatPassedStillPass()
    {
        IReadOnlyList<ConformanceCase> cases = InScope();
        HashSet<string> baseline = File.ReadAllLines(BaselinePath).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet(StringComparer.Ordinal);
        Assert.All(baseline, b => Assert.Contains(cases, c => c.Name == b));

        IReadOnlyList<ConformanceResult> results = ConformanceRunner.Run(cases);
        var passing = results.Where(r => r.Status == ConformanceStatus.Pass).Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        List<ConformanceResult> regressed = results.Where(r => baseline.Contains(r.Name) && r.Status != ConformanceStatus.Pass).ToList();
        List<string> newlyPassing = passing.Where(p => !baseline.Contains(p)).OrderBy(p => p, StringComparer.Ordinal).ToList();

        _output.WriteLine(Totals.Of(results).ToString());
        foreach (string p in newlyPassing)
        {
            _output.WriteLine("newly passing: " + p);
        }

        if (Environment.GetEnvironmentVariable("NEO_UPDATE_BASELINE") == "1")
        {
            File.WriteAllLines(BaselinePath, new[]
            {
                "# In-scope ONNX conformance cases that pass (tests/Neo.Tests/Conformance/OnnxConformanceTests.cs).",
                "# A case listed here must keep passing. Regenerate with NEO_UPDATE_BASELINE=1 dotnet test --filter OnnxConformanceTests.",
            }.Concat(passing.OrderBy(p => p, StringComparer.Ordinal)));
        }

        Assert.True(
            regressed.Count == 0,
            $"{regressed.Count} cases of passing.txt no longer pass:\n" + string.Join("\n", regressed.Select(r => $"{r.Name}: {r.StatusText}: {r.Message}")));
    }
}
