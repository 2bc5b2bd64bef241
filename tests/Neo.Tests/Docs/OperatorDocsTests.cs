using System;
using System.IO;
using Neo.Compiler.Operators;
using Neo.Tests.Infrastructure;
using Xunit;

namespace Neo.Tests.Docs;

/// <summary>docs/operators.md is generated from the registry; this fails when someone adds an operator and forgets to regenerate it.</summary>
public sealed class OperatorDocsTests
{
    [Fact]
    public void OperatorsMarkdownMatchesTheRegistry()
    {
        string path = Path.Combine(TestPaths.RepoRoot, "docs", "operators.md");
        string expected = OperatorTable.Markdown(OperatorRegistry.Default);
        if (Environment.GetEnvironmentVariable("NEO_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.True(File.Exists(path), "docs/operators.md is missing: run `neo operators > docs/operators.md`.");
        Assert.True(File.ReadAllText(path) == expected, "docs/operators.md is out of date: run `neo operators > docs/operators.md` (or the tests with NEO_UPDATE_DOCS=1).");
    }

    [Fact]
    public void EveryOperatorIsRegisteredOnce()
    {
        var seen = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
        foreach (Operator op in OperatorList.All())
        {
            Assert.True(seen.Add(op.Domain + ":" + op.OpType), $"{op.OpType} is listed twice in OperatorList.");
        }
    }
}
