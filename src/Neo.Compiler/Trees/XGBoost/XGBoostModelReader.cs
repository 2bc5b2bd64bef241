using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Neo.Compiler.Diagnostics;
using Neo.Runtime.Kernels;

namespace Neo.Compiler.Trees.XGBoost;

/// <summary>
/// Turns an XGBoost model document (the JSON schema of XGBoost 1.0 to 2.x, read from .json or .ubj) into
/// the tree IR with XGBoost's arithmetic: float32 thresholds compared as <c>x &lt; t</c>, leaf values summed
/// in float32 in tree order starting from the base margin (base_score through the objective's
/// ProbToMargin), DART trees scaled by their weight, categorical splits as XGBoost decides them, and the
/// objective's transform as the prediction. Every tree is used, as <c>Booster.predict</c> does by default.
/// </summary>
internal static class XGBoostModelReader
{
    private static readonly Dictionary<string, TreeOutputKind> Objectives = new(StringComparer.Ordinal)
    {
        ["reg:squarederror"] = TreeOutputKind.Raw,
        ["reg:linear"] = TreeOutputKind.Raw,
        ["reg:squaredlogerror"] = TreeOutputKind.Raw,
        ["reg:pseudohubererror"] = TreeOutputKind.Raw,
        ["reg:absoluteerror"] = TreeOutputKind.Raw,
        ["reg:quantileerror"] = TreeOutputKind.Raw,
        ["reg:logistic"] = TreeOutputKind.XGBoostSigmoid,
        ["binary:logistic"] = TreeOutputKind.XGBoostSigmoid,
        ["binary:logitraw"] = TreeOutputKind.Raw,
        ["binary:hinge"] = TreeOutputKind.XGBoostHinge,
        ["count:poisson"] = TreeOutputKind.XGBoostExp,
        ["reg:gamma"] = TreeOutputKind.XGBoostExp,
        ["reg:tweedie"] = TreeOutputKind.XGBoostExp,
        ["survival:cox"] = TreeOutputKind.XGBoostExp,
        ["survival:aft"] = TreeOutputKind.XGBoostExp,
        ["multi:softprob"] = TreeOutputKind.XGBoostSoftmax,
        ["multi:softmax"] = TreeOutputKind.XGBoostArgMax,
        ["rank:pairwise"] = TreeOutputKind.Raw,
        ["rank:ndcg"] = TreeOutputKind.Raw,
        ["rank:map"] = TreeOutputKind.Raw,
    };

    public static TreeEnsemble Read(DocValue document)
    {
        DocObject root = document as DocObject ?? throw NotXGBoost("it is not a JSON object");
        DocObject learner = root.Get("learner") as DocObject ?? throw NotXGBoost("it has no 'learner' object");
        string version = Version(root);
        DocObject param = Doc.Object(learner, "learner_model_param", "learner");
        string objective = Doc.String(Doc.Object(learner, "objective", "learner"), "name", "learner.objective");
        if (!Objectives.TryGetValue(objective, out TreeOutputKind output))
        {
            throw new CompileErrorException(
                DiagnosticCodes.UnsupportedTreeModel,
                $"the XGBoost model's objective '{objective}' is not supported. Neo supports {string.Join(", ", Objectives.Keys.OrderBy(k => k, StringComparer.Ordinal))}.");
        }

        DocObject booster = Doc.Object(learner, "gradient_booster", "learner");
        string boosterName = Doc.String(booster, "name", "learner.gradient_booster");
        DocObject model;
        float[]? weightDrop = null;
        switch (boosterName)
        {
            case "gbtree":
                model = Doc.Object(booster, "model", "learner.gradient_booster");
                break;
            case "dart":
                model = Doc.Object(Doc.Object(booster, "gbtree", "learner.gradient_booster"), "model", "learner.gradient_booster.gbtree");
                weightDrop = Doc.Singles(booster, "weight_drop", "learner.gradient_booster");
                break;
            default:
                throw new CompileErrorException(
                    DiagnosticCodes.UnsupportedTreeModel,
                    $"the XGBoost model uses the '{boosterName}' booster; Neo compiles tree boosters (gbtree and dart). A gblinear model is a linear model: export its weights and compute it directly.");
        }

        const string modelPath = "learner.gradient_booster.model";
        List<DocValue> trees = Doc.Array(model, "trees", modelPath);
        long[] treeInfo = Doc.Integers(model, "tree_info", modelPath);
        if (treeInfo.Length != trees.Count || (weightDrop is not null && weightDrop.Length != trees.Count))
        {
            throw new CompileErrorException(DiagnosticCodes.InvalidTreeModel, $"the XGBoost model is invalid: it has {trees.Count} trees but {treeInfo.Length} entries in tree_info{(weightDrop is null ? "" : $" and {weightDrop.Length} DART weights")}. Re-save the model.");
        }

        int numClass = Doc.IntParameter(param, "num_class", "learner.learner_model_param", 0);
        int numTarget = Doc.IntParameter(param, "num_target", "learner.learner_model_param", 1);
        int targets = Math.Max(1, Math.Max(numClass, numTarget));
        if (treeInfo.Any(g => g < 0 || g >= targets))
        {
            throw new CompileErrorException(DiagnosticCodes.InvalidTreeModel, $"the XGBoost model is invalid: tree_info names an output group outside 0 to {targets - 1}. Re-save the model.");
        }

        int features = Doc.IntParameter(param, "num_feature", "learner.learner_model_param", 0);
        var ensemble = new TreeEnsemble($"XGBoost {version} {objective}", 0 < features ? features : 1, targets) { Output = output };
        float[] baseScores = BaseScores(Doc.OptionalString(param, "base_score") ?? "0.5", targets);
        for (int t = 0; t < targets; t++)
        {
            ensemble.BaseScores[t] = BaseMargin(objective, baseScores[t]);
        }

        int maxFeature = -1;
        for (int i = 0; i < trees.Count; i++)
        {
            string path = modelPath + ".trees[" + i.ToString(CultureInfo.InvariantCulture) + "]";
            DecisionTree tree = ReadTree(Doc.Object(trees[i], path), path, weightDrop?[i]);
            tree.TargetStart = (int)treeInfo[i];
            maxFeature = Math.Max(maxFeature, tree.Nodes.Where(n => !n.IsLeaf).Select(n => n.Feature).DefaultIfEmpty(-1).Max());
            ensemble.Trees.Add(tree);
        }

        if (features <= 0)
        {
            // Models from before num_feature was saved: the features are those the trees test.
            var inferred = new TreeEnsemble(ensemble.Library, Math.Max(1, maxFeature + 1), targets) { Output = output };
            Array.Copy(ensemble.BaseScores, inferred.BaseScores, targets);
            inferred.Trees.AddRange(ensemble.Trees);
            ensemble = inferred;
        }

        TreeVerifier.Verify(ensemble, "the XGBoost model");
        return ensemble;
    }

    private static string Version(DocObject root) =>
        root.Get("version") is DocNumbers { Integers: { Length: >= 2 } v }
            ? string.Join(".", v.Select(x => x.ToString(CultureInfo.InvariantCulture)))
            : "(version not recorded)";

    /// <summary>base_score as saved: a number in a string, or (XGBoost 2.1 and later) a list in brackets, one per target.</summary>
    private static float[] BaseScores(string text, int targets)
    {
        string inner = text.Trim();
        if (inner.StartsWith("[", StringComparison.Ordinal) && inner.EndsWith("]", StringComparison.Ordinal))
        {
            inner = inner.Substring(1, inner.Length - 2);
        }

        string[] parts = inner.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var values = new float[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
            {
                throw new CompileErrorException(DiagnosticCodes.InvalidTreeModel, $"the XGBoost model is invalid: base_score '{text}' is not a number. Re-save the model.");
            }
        }

        if (values.Length == targets)
        {
            return values;
        }

        if (values.Length == 1)
        {
            return Enumerable.Repeat(values[0], targets).ToArray();
        }

        throw new CompileErrorException(DiagnosticCodes.InvalidTreeModel, $"the XGBoost model is invalid: base_score '{text}' has {values.Length} values for {targets} outputs. Re-save the model.");
    }

    /// <summary>The objective's ProbToMargin of base_score, in float32 as XGBoost computes it once at load.</summary>
    private static float BaseMargin(string objective, float baseScore)
    {
        switch (objective)
        {
            case "reg:logistic" or "binary:logistic":
                if (!(baseScore > 0f && baseScore < 1f))
                {
                    throw new CompileErrorException(DiagnosticCodes.InvalidTreeModel, $"the XGBoost model is invalid: objective {objective} needs base_score strictly between 0 and 1, but it is {baseScore.ToString("R", CultureInfo.InvariantCulture)}.");
                }

                return -MathF.Log((1f / baseScore) - 1f);
            case "count:poisson" or "reg:gamma" or "reg:tweedie" or "survival:cox" or "survival:aft":
                return MathF.Log(baseScore);
            default:
                return baseScore;
        }
    }

    private static DecisionTree ReadTree(DocObject t, string path, float? weight)
    {
        if (Doc.OptionalObject(t, "tree_param") is { } tp && Doc.IntParameter(tp, "size_leaf_vector", path + ".tree_param", 0) > 1)
        {
            throw new CompileErrorException(DiagnosticCodes.UnsupportedTreeModel, $"the XGBoost model has vector-leaf trees (multi_strategy='multi_output_tree'), which Neo does not support yet. Train with multi_strategy='one_output_per_tree' (the default).");
        }

        long[] left = Doc.Integers(t, "left_children", path);
        long[] right = Doc.Integers(t, "right_children", path);
        long[] feature = Doc.Integers(t, "split_indices", path);
        float[] condition = Doc.Singles(t, "split_conditions", path);
        long[] defaultLeft = Doc.Integers(t, "default_left", path);
        long[] splitType = Doc.OptionalIntegers(t, "split_type", path) ?? new long[left.Length];
        float[] cover = t.Get("sum_hessian") is DocNumbers h ? h.Singles : Array.Empty<float>();
        int n = left.Length;
        if (n == 0 || right.Length != n || feature.Length != n || condition.Length != n || defaultLeft.Length != n || splitType.Length != n)
        {
            throw new CompileErrorException(DiagnosticCodes.InvalidTreeModel, $"the XGBoost model is invalid: '{path}' has node arrays of different lengths (or none). Re-save the model.");
        }

        Dictionary<int, int[]> categories = Categories(t, path);
        var tree = new DecisionTree();
        for (int i = 0; i < n; i++)
        {
            TreeNode node;
            if (left[i] == -1)
            {
                // DART scales each tree's output by its weight: out += float(w * leaf), as XGBoost 1.7 computes it.
                float leaf = weight is { } w ? w * condition[i] : condition[i];
                node = TreeNode.Leaf(leaf);
            }
            else
            {
                node = new TreeNode
                {
                    Left = Index(left[i], path),
                    Right = Index(right[i], path),
                    Feature = Index(feature[i], path),
                    MissingLeft = defaultLeft[i] != 0,
                    Threshold = condition[i],
                };
                if (splitType[i] == 1)
                {
                    node.Test = TreeTest.XGBoostCategory;
                    node.Categories = categories.TryGetValue(i, out int[]? set)
                        ? set
                        : throw new CompileErrorException(DiagnosticCodes.InvalidTreeModel, $"the XGBoost model is invalid: '{path}' node {i.ToString(CultureInfo.InvariantCulture)} is a categorical split without categories. Re-save the model.");
                }
            }

            node.Cover = i < cover.Length ? cover[i] : 0;
            tree.Nodes.Add(node);
        }

        return tree;
    }

    /// <summary>The category set of each categorical node, from the flattened categories / nodes / segments / sizes arrays.</summary>
    private static Dictionary<int, int[]> Categories(DocObject t, string path)
    {
        var map = new Dictionary<int, int[]>();
        long[]? nodes = Doc.OptionalIntegers(t, "categories_nodes", path);
        if (nodes is null || nodes.Length == 0)
        {
            return map;
        }

        long[] all = Doc.Integers(t, "categories", path);
        long[] segments = Doc.Integers(t, "categories_segments", path);
        long[] sizes = Doc.Integers(t, "categories_sizes", path);
        if (segments.Length != nodes.Length || sizes.Length != nodes.Length)
        {
            throw new CompileErrorException(DiagnosticCodes.InvalidTreeModel, $"the XGBoost model is invalid: '{path}' has category arrays of different lengths. Re-save the model.");
        }

        for (int k = 0; k < nodes.Length; k++)
        {
            if (segments[k] < 0 || sizes[k] < 0 || segments[k] + sizes[k] > all.Length)
            {
                throw new CompileErrorException(DiagnosticCodes.InvalidTreeModel, $"the XGBoost model is invalid: '{path}' has a category segment outside its categories. Re-save the model.");
            }

            map[Index(nodes[k], path)] = all.Skip((int)segments[k]).Take((int)sizes[k]).Select(c => c is >= 0 and < TreeVerifier.MaxCategory ? (int)c : -1).ToArray();
        }

        return map;
    }

    private static int Index(long v, string path) =>
        v is >= 0 and <= int.MaxValue ? (int)v : throw new CompileErrorException(DiagnosticCodes.InvalidTreeModel, $"the XGBoost model is invalid: '{path}' has the index {v.ToString(CultureInfo.InvariantCulture)}. Re-save the model.");

    private static CompileErrorException NotXGBoost(string why) =>
        new(DiagnosticCodes.InvalidTreeModel, $"the file is not an XGBoost model: {why}. Neo reads models saved with XGBoost's save_model (Booster.save_model or XGBModel.save_model) as .json or .ubj.");
}
