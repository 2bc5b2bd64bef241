using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.Import;
using Neo.Compiler.IR;
using Neo.Runtime.Kernels;

namespace Neo.Compiler.Trees.LightGbm;

/// <summary>
/// LightGBM text models (<c>.txt</c>, from <c>Booster.save_model</c>): a header of <c>key=value</c> lines,
/// then one <c>Tree=i</c> block per tree. LightGBM's arithmetic carries over exactly: a node sends x left
/// when x ≤ t in float64, which for a float32 x is x &lt; the float after the largest float32 not above t,
/// so thresholds become float32 with no change of any decision; missing values follow the node's missing
/// type (None: NaN counts as 0; Zero: NaN and |x| ≤ 1e-35 take the default; NaN: NaN takes the default);
/// categorical splits send the listed categories left; leaves add up in float64 in tree order.
/// </summary>
public sealed class LightGbmImporter : IModelImporter
{
    public string Format => "LightGBM (.txt)";

    public bool NodesFromFile => false;

    public bool Handles(string extension) => extension == ".txt";

    public Model? Import(byte[] bytes, string path, string? modelDirectory, DiagnosticBag diagnostics)
    {
        try
        {
            TreeEnsemble ensemble = Read(Encoding.UTF8.GetString(bytes));
            return TreeModelGraph.Build(ensemble, path, "lightgbm", ensemble.Library);
        }
        catch (CompileErrorException e)
        {
            diagnostics.Add(e);
            return null;
        }
    }

    public static TreeEnsemble Read(string text)
    {
        string[] lines = text.Replace("\r\n", "\n").Split('\n');
        int i = 0;
        Dictionary<string, string> header = Section(lines, ref i, out HashSet<string> flags);
        if (!header.ContainsKey("max_feature_idx") || !lines.Take(5).Any(l => l.Trim() == "tree"))
        {
            throw new CompileErrorException(DiagnosticCodes.MalformedTreeModel, "the file is not a LightGBM text model: it does not start with the 'tree' header and its max_feature_idx. Save the model with LightGBM's Booster.save_model (text format).");
        }

        int features = Int(header, "max_feature_idx", "the header") + 1;
        int perIteration = header.ContainsKey("num_tree_per_iteration") ? Int(header, "num_tree_per_iteration", "the header") : 1;
        int classes = header.ContainsKey("num_class") ? Int(header, "num_class", "the header") : 1;
        if (perIteration < 1 || classes < 1 || features < 1)
        {
            throw Invalid("the header has num_tree_per_iteration, num_class or max_feature_idx out of range.");
        }

        string objective = header.TryGetValue("objective", out string? o) ? o.Trim() : "regression";
        string version = header.TryGetValue("version", out string? v) ? v.Trim() : "";
        var ensemble = new TreeEnsemble($"LightGBM {version} {objective}".Replace("  ", " ").Trim(), features, perIteration) { Float64 = true };
        SetObjective(ensemble, objective);

        var trees = new List<DecisionTree>();
        while (i < lines.Length)
        {
            string line = lines[i].Trim();
            if (line.StartsWith("Tree=", StringComparison.Ordinal))
            {
                string name = "tree " + line.Substring(5);
                i++;
                Dictionary<string, string> fields = Section(lines, ref i, out _);
                DecisionTree tree = ReadTree(fields, name);
                tree.TargetStart = trees.Count % perIteration;
                trees.Add(tree);
                continue;
            }

            if (line == "end of trees")
            {
                break;
            }

            i++;
        }

        ensemble.Trees.AddRange(trees);
        if (flags.Contains("average_output") && trees.Count > 0)
        {
            // Random-forest mode: the scores are divided by the number of iterations.
            ensemble.AverageDivisor = Math.Max(1, trees.Count / perIteration);
        }

        TreeVerifier.Verify(ensemble, "the LightGBM model");
        return ensemble;
    }

    private static void SetObjective(TreeEnsemble e, string objective)
    {
        string[] parts = objective.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string name = parts.Length > 0 ? parts[0] : "regression";
        double sigmoid = 1.0;
        foreach (string p in parts.Skip(1))
        {
            if (p.StartsWith("sigmoid:", StringComparison.Ordinal)
                && !double.TryParse(p.Substring(8), NumberStyles.Float, CultureInfo.InvariantCulture, out sigmoid))
            {
                throw Invalid($"the objective '{objective}' has a sigmoid parameter that is not a number.");
            }
        }

        (e.Output, e.OutputScale) = name switch
        {
            "regression" when parts.Contains("sqrt") => (TreeOutputKind.LightGbmSquare, 1.0),
            "regression" or "regression_l2" or "regression_l1" or "huber" or "fair" or "quantile" or "mape" or "lambdarank" or "rank_xendcg" or "custom" or "none" => (TreeOutputKind.Raw, 1.0),
            "binary" or "multiclassova" => (TreeOutputKind.LightGbmSigmoid, sigmoid),
            "cross_entropy" or "xentropy" => (TreeOutputKind.LightGbmSigmoid, 1.0),
            "cross_entropy_lambda" or "xentlambda" => (TreeOutputKind.LightGbmSoftplus, 1.0),
            "multiclass" or "softmax" => (TreeOutputKind.LightGbmSoftmax, 1.0),
            "poisson" or "gamma" or "tweedie" => (TreeOutputKind.LightGbmExp, 1.0),
            _ => throw new CompileErrorException(
                DiagnosticCodes.UnsupportedTreeModel,
                $"the LightGBM model's objective '{name}' is not supported. Neo supports regression (l1, l2, huber, fair, quantile, mape, sqrt), binary, multiclass, multiclassova, cross_entropy, cross_entropy_lambda, poisson, gamma, tweedie, lambdarank and rank_xendcg."),
        };
    }

    private static DecisionTree ReadTree(Dictionary<string, string> f, string name)
    {
        if (f.TryGetValue("is_linear", out string? linear) && linear.Trim() != "0")
        {
            throw new CompileErrorException(DiagnosticCodes.UnsupportedTreeModel, $"the LightGBM model's {name} is a linear tree (linear_tree=true), which Neo does not support. Train without linear_tree.");
        }

        int leaves = Int(f, "num_leaves", name);
        double[] leafValues = Doubles(f, "leaf_value", name);
        if (leaves < 1 || leafValues.Length != leaves)
        {
            throw Invalid($"{name} has num_leaves={leaves} but {leafValues.Length} leaf values.");
        }

        var tree = new DecisionTree();
        if (leaves == 1)
        {
            tree.Nodes.Add(TreeNode.Leaf(leafValues[0]));
            return tree;
        }

        int splits = leaves - 1;
        int[] feature = Ints(f, "split_feature", name, splits);
        double[] threshold = Doubles(f, "threshold", name, splits);
        int[] decision = Ints(f, "decision_type", name, splits);
        int[] left = Ints(f, "left_child", name, splits);
        int[] right = Ints(f, "right_child", name, splits);
        int[] internalCount = f.ContainsKey("internal_count") ? Ints(f, "internal_count", name, splits) : new int[splits];
        int[] leafCount = f.ContainsKey("leaf_count") ? Ints(f, "leaf_count", name, leaves) : new int[leaves];
        int categoricalSplits = f.ContainsKey("num_cat") ? Int(f, "num_cat", name) : 0;
        int[] boundaries = categoricalSplits > 0 ? Ints(f, "cat_boundaries", name, categoricalSplits + 1) : Array.Empty<int>();
        long[] bits = categoricalSplits > 0 ? Longs(f, "cat_threshold", name) : Array.Empty<long>();

        // Internal node k is node k; leaf j (child ~j) is node splits + j.
        int Child(int c) => c >= 0 ? c : splits + ~c;
        for (int k = 0; k < splits; k++)
        {
            int type = decision[k];
            bool categorical = (type & 1) != 0;
            bool defaultLeft = (type & 2) != 0;
            int missing = (type >> 2) & 3;
            var node = new TreeNode { Feature = feature[k], Left = Child(left[k]), Right = Child(right[k]), Cover = internalCount[k] };
            if (left[k] >= splits || right[k] >= splits || ~left[k] >= leaves || ~right[k] >= leaves)
            {
                throw Invalid($"{name} node {k} has a child outside the tree.");
            }

            if (categorical)
            {
                int index = (int)threshold[k];
                if (index < 0 || index >= categoricalSplits || boundaries[index] < 0 || boundaries[index] > boundaries[index + 1] || boundaries[index + 1] > bits.Length)
                {
                    throw Invalid($"{name} node {k} refers to a category bitset outside cat_boundaries.");
                }

                var set = new List<int>();
                for (int w = boundaries[index]; w < boundaries[index + 1]; w++)
                {
                    for (int b = 0; b < 32; b++)
                    {
                        if ((((ulong)bits[w] >> b) & 1) != 0)
                        {
                            set.Add(((w - boundaries[index]) * 32) + b);
                        }
                    }
                }

                node.Test = TreeTest.LightGbmCategory;
                node.Categories = set.ToArray();
                node.MissingLeft = false; // NaN goes right.
            }
            else
            {
                float below = FloatAtOrBelow(threshold[k]);
                switch (missing)
                {
                    case 1:
                        node.Test = TreeTest.LessZeroAsMissing;
                        node.Threshold = float.IsPositiveInfinity(below) ? below : MathF.BitIncrement(below);
                        node.MissingLeft = defaultLeft;
                        break;
                    case 2:
                        node.Test = TreeTest.LessOrEqual;
                        node.Threshold = below;
                        node.MissingLeft = defaultLeft;
                        break;
                    default:
                        // Missing type None: LightGBM replaces NaN by 0, which goes left when 0 ≤ t.
                        node.Test = TreeTest.LessOrEqual;
                        node.Threshold = below;
                        node.MissingLeft = 0.0 <= threshold[k];
                        break;
                }
            }

            tree.Nodes.Add(node);
        }

        for (int j = 0; j < leaves; j++)
        {
            TreeNode leaf = TreeNode.Leaf(leafValues[j]);
            leaf.Cover = leafCount[j];
            tree.Nodes.Add(leaf);
        }

        return tree;
    }

    /// <summary>The largest float32 not above <paramref name="t"/>: for any float32 x, x ≤ t exactly when x ≤ this.</summary>
    internal static float FloatAtOrBelow(double t)
    {
        float f = (float)t;
        return f > t ? MathF.BitDecrement(f) : f;
    }

    /// <summary>key=value lines up to a blank line or the next section; lines without '=' are flags.</summary>
    private static Dictionary<string, string> Section(string[] lines, ref int i, out HashSet<string> flags)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        flags = new HashSet<string>(StringComparer.Ordinal);
        bool any = false;
        for (; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0)
            {
                if (any)
                {
                    break;
                }

                continue;
            }

            if (line.StartsWith("Tree=", StringComparison.Ordinal) || line == "end of trees")
            {
                break;
            }

            any = true;
            int eq = line.IndexOf('=');
            if (eq < 0)
            {
                flags.Add(line);
            }
            else
            {
                map[line.Substring(0, eq)] = line.Substring(eq + 1);
            }
        }

        return map;
    }

    private static int Int(Dictionary<string, string> f, string key, string where)
    {
        if (!f.TryGetValue(key, out string? s) || !int.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v))
        {
            throw Invalid($"{where} lacks an integer '{key}'.");
        }

        return v;
    }

    private static int[] Ints(Dictionary<string, string> f, string key, string where, int count)
    {
        long[] values = Longs(f, key, where);
        if (values.Length != count || values.Any(v => v is < int.MinValue or > int.MaxValue))
        {
            throw Invalid($"{where} has {values.Length} values of '{key}' where {count} were expected.");
        }

        return values.Select(v => (int)v).ToArray();
    }

    private static long[] Longs(Dictionary<string, string> f, string key, string where)
    {
        if (!f.TryGetValue(key, out string? s))
        {
            throw Invalid($"{where} lacks '{key}'.");
        }

        string[] parts = s.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var r = new long[parts.Length];
        for (int k = 0; k < parts.Length; k++)
        {
            if (!long.TryParse(parts[k], NumberStyles.Integer, CultureInfo.InvariantCulture, out r[k]))
            {
                throw Invalid($"{where} has '{parts[k]}' in '{key}', which is not an integer.");
            }
        }

        return r;
    }

    private static double[] Doubles(Dictionary<string, string> f, string key, string where, int count = -1)
    {
        if (!f.TryGetValue(key, out string? s))
        {
            throw Invalid($"{where} lacks '{key}'.");
        }

        string[] parts = s.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var r = new double[parts.Length];
        for (int k = 0; k < parts.Length; k++)
        {
            r[k] = parts[k] switch
            {
                "inf" or "+inf" or "Infinity" => double.PositiveInfinity,
                "-inf" or "-Infinity" => double.NegativeInfinity,
                "nan" or "-nan" or "NaN" => double.NaN,
                _ => double.TryParse(parts[k], NumberStyles.Float, CultureInfo.InvariantCulture, out double d)
                    ? d
                    : throw Invalid($"{where} has '{parts[k]}' in '{key}', which is not a number."),
            };
        }

        if (count >= 0 && r.Length != count)
        {
            throw Invalid($"{where} has {r.Length} values of '{key}' where {count} were expected.");
        }

        return r;
    }

    private static CompileErrorException Invalid(string what) =>
        new(DiagnosticCodes.InvalidTreeModel, $"the LightGBM model is invalid: {what} Save it again with LightGBM's Booster.save_model.");
}
