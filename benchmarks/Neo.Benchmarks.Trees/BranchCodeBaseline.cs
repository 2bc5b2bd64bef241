using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Neo.Compiler.Trees;
using Neo.Runtime.Kernels;

namespace Neo.Benchmarks.Trees;

/// <summary>
/// The other code shape the issue names: every tree as nested if/else with its thresholds inline (as
/// treelite and TL2cgen generate C), the hotter child first where the model records covers, trees split
/// across methods. Generated from the same tree IR and compiled with Roslyn, so the benchmark measures the
/// shape, not a different reading of the model. Float32 sums in tree order, like Neo's kernel.
/// </summary>
public static class BranchCodeBaseline
{
    public delegate void Predictor(float[] features, int rows, float[] margin);

    private const int TreesPerMethod = 50;

    public static Predictor Compile(TreeEnsemble e, out TimeSpan roslyn)
    {
        string source = Generate(e);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is { } f && (f.StartsWith("System.", StringComparison.Ordinal) || f is "mscorlib.dll" or "netstandard.dll"))
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(
            "BranchCode" + Guid.NewGuid().ToString("N"),
            new[] { CSharpSyntaxTree.ParseText(source) },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
        using var pe = new MemoryStream();
        var result = compilation.Emit(pe);
        if (!result.Success)
        {
            throw new InvalidOperationException(string.Join("\n", result.Diagnostics.Take(10)));
        }

        roslyn = clock.Elapsed;
        pe.Position = 0;
        Assembly asm = new AssemblyLoadContext("branch code", isCollectible: true).LoadFromStream(pe);
        MethodInfo predict = asm.GetType("BranchForest")!.GetMethod("Predict")!;
        return predict.CreateDelegate<Predictor>();
    }

    public static string Generate(TreeEnsemble e)
    {
        if (e.Float64 || e.Aggregate != TreeAggregate.Sum || e.BaseAfterTrees || e.AverageDivisor != 0)
        {
            throw new NotSupportedException("The baseline covers XGBoost-style ensembles.");
        }

        var sb = new StringBuilder();
        sb.Append("public static class BranchForest\n{\n");
        int k = e.TargetCount;
        int methods = (e.Trees.Count + TreesPerMethod - 1) / TreesPerMethod;
        sb.Append("    public static void Predict(float[] x, int rows, float[] margin)\n    {\n");
        sb.Append("        for (int r = 0; r < rows; r++)\n        {\n");
        sb.Append($"            var row = new System.ReadOnlySpan<float>(x, r * {e.FeatureCount}, {e.FeatureCount});\n");
        sb.Append($"            var m = new System.Span<float>(margin, r * {k}, {k});\n");
        for (int t = 0; t < k; t++)
        {
            sb.Append($"            m[{t}] = {Literal((float)e.BaseScores[t])};\n");
        }

        for (int p = 0; p < methods; p++)
        {
            sb.Append($"            Part{p}(row, m);\n");
        }

        sb.Append("        }\n    }\n\n");
        var sets = new List<int[]>();
        for (int p = 0; p < methods; p++)
        {
            sb.Append($"    private static void Part{p}(System.ReadOnlySpan<float> x, System.Span<float> m)\n    {{\n");
            for (int t = p * TreesPerMethod; t < Math.Min(e.Trees.Count, (p + 1) * TreesPerMethod); t++)
            {
                sb.Append($"        m[{e.Trees[t].TargetStart}] += T{t}(x);\n");
            }

            sb.Append("    }\n\n");
        }

        for (int t = 0; t < e.Trees.Count; t++)
        {
            sb.Append($"    private static float T{t}(System.ReadOnlySpan<float> x)\n    {{\n");
            Emit(sb, e.Trees[t], 0, 2, sets);
            sb.Append("    }\n\n");
        }

        for (int s = 0; s < sets.Count; s++)
        {
            sb.Append($"    private static readonly System.Collections.Generic.HashSet<int> S{s} = new() {{ {string.Join(", ", sets[s])} }};\n");
        }

        sb.Append("}\n");
        return sb.ToString();
    }

    private static void Emit(StringBuilder sb, DecisionTree tree, int n, int depth, List<int[]> sets)
    {
        string pad = new(' ', depth * 4);
        TreeNode node = tree.Nodes[n];
        if (node.IsLeaf)
        {
            sb.Append(pad).Append("return ").Append(Literal((float)node.Values[0])).Append(";\n");
            return;
        }

        string x = "x[" + node.Feature.ToString(CultureInfo.InvariantCulture) + "]";
        string left;
        switch (node.Test)
        {
            case TreeTest.Less:
                left = node.MissingLeft ? $"!({x} >= {Literal(node.Threshold)})" : $"{x} < {Literal(node.Threshold)}";
                break;
            case TreeTest.XGBoostCategory:
                sets.Add(node.Categories!);
                string set = "S" + (sets.Count - 1).ToString(CultureInfo.InvariantCulture);
                left = $"(float.IsNaN({x}) ? {(node.MissingLeft ? "true" : "false")} : ({x} < 0f || {x} >= 16777216f || !{set}.Contains((int){x})))";
                break;
            default:
                throw new NotSupportedException(node.Test.ToString());
        }

        // Branch-frequency hint: the child more training rows reached comes first (the fall-through path).
        bool rightHotter = tree.Nodes[node.Right].Cover > tree.Nodes[node.Left].Cover;
        sb.Append(pad).Append(rightHotter ? $"if (!({left}))\n" : $"if ({left})\n").Append(pad).Append("{\n");
        Emit(sb, tree, rightHotter ? node.Right : node.Left, depth + 1, sets);
        sb.Append(pad).Append("}\n").Append(pad).Append("else\n").Append(pad).Append("{\n");
        Emit(sb, tree, rightHotter ? node.Left : node.Right, depth + 1, sets);
        sb.Append(pad).Append("}\n");
    }

    private static string Literal(float v) =>
        float.IsNaN(v) ? "float.NaN" : float.IsPositiveInfinity(v) ? "float.PositiveInfinity" : float.IsNegativeInfinity(v) ? "float.NegativeInfinity" : v.ToString("R", CultureInfo.InvariantCulture) + "f";
}
