using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Neo.Compiler.Options;
using Neo.Hosting;
using Neo.Runtime;
using Neo.Tests.Infrastructure;

namespace Neo.Tests.Trees;

/// <summary>The tree-model cases of tests/data/trees (made by make_cases.py there), and how to run one through Neo.</summary>
public static class TreeCases
{
    public static string Root => Path.Combine(TestPaths.RepoRoot, "tests", "data", "trees");

    /// <summary>Case folders whose name starts with <paramref name="prefix"/>.</summary>
    public static IEnumerable<object[]> Named(string prefix) =>
        Directory.GetDirectories(Root)
            .Select(Path.GetFileName)
            .Where(n => n!.StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(n => n, StringComparer.Ordinal)
            .Select(n => new object[] { n! });

    /// <summary>Compiles <paramref name="modelPath"/> with the case's shapes and runs the case's inputs; returns the outputs.</summary>
    public static Array[] Run(ModelCase c, string modelPath, string optimize = "default")
    {
        InMemoryModel built = InMemoryModel.Build(new CompileRequest { ModelPath = modelPath, Shapes = c.Shapes, Optimize = optimize, ClassName = "TreeModel", Namespace = "Neo.Tests.Trees" });
        using INeoModel model = built.Create();
        Array[] outputs = model.Signature.Outputs.Select(o => Array.CreateInstance(o.ElementType, o.Length)).ToArray();
        model.Run(c.Inputs.Select(i => i.Value.Data).ToArray(), outputs);
        return outputs;
    }
}
