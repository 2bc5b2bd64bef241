using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Trees;
using Neo.Runtime.Kernels;

namespace Neo.Compiler.Operators.Ml;

/// <summary>
/// Reads the node attributes shared by ai.onnx.ml TreeEnsembleRegressor and TreeEnsembleClassifier
/// (opsets 1 and 3; opset 3 adds the <c>*_as_tensor</c> forms) into the tree IR. Trees are taken in
/// order of first appearance with the first node of each tree as its root, as ONNX Runtime does; a
/// BRANCH_GTE or BRANCH_GT node becomes x &lt; t or x ≤ t with its branches swapped; float64 thresholds
/// are rounded to float32 toward the side that keeps every float32 input's decision.
/// </summary>
internal static class TreeEnsembleAttributes
{
    /// <summary>Leaf weights: the prefix of the attribute names (<c>target</c> or <c>class</c>).</summary>
    public static TreeEnsemble Read(Node node, int featureCount, int targetCount, string weightPrefix, TreeAggregate aggregate)
    {
        long[] treeIds = Ints(node, "nodes_treeids");
        long[] nodeIds = Ints(node, "nodes_nodeids");
        long[] featureIds = Ints(node, "nodes_featureids");
        string[] modes = Strings(node, "nodes_modes");
        long[] trueIds = Ints(node, "nodes_truenodeids");
        long[] falseIds = Ints(node, "nodes_falsenodeids");
        double[] values = Doubles(node, "nodes_values", out bool float64Thresholds);
        long[] tracksTrue = node.GetInts("nodes_missing_value_tracks_true") ?? new long[treeIds.Length];
        double[] hitRates = node.HasAttribute("nodes_hitrates") || node.HasAttribute("nodes_hitrates_as_tensor") ? Doubles(node, "nodes_hitrates", out _) : new double[treeIds.Length];
        int n = treeIds.Length;
        if (nodeIds.Length != n || featureIds.Length != n || modes.Length != n || trueIds.Length != n || falseIds.Length != n
            || (values.Length != n && values.Length != 0) || tracksTrue.Length != n || hitRates.Length != n)
        {
            throw Invalid(node, "has nodes_* attributes of different lengths.");
        }

        long[] leafTrees = Ints(node, weightPrefix + "_treeids");
        long[] leafNodes = Ints(node, weightPrefix + "_nodeids");
        long[] leafTargets = Ints(node, weightPrefix + "_ids");
        double[] weights = Doubles(node, weightPrefix + "_weights", out _);
        if (leafNodes.Length != leafTrees.Length || leafTargets.Length != leafTrees.Length || weights.Length != leafTrees.Length)
        {
            throw Invalid(node, $"has {weightPrefix}_* attributes of different lengths.");
        }

        var ensemble = new TreeEnsemble("ONNX-ML " + node.OpType, featureCount, targetCount)
        {
            BaseAfterTrees = true,
            Aggregate = aggregate,
        };

        // Trees in order of first appearance; within a tree, node ids to positions.
        var treeOrder = new List<long>();
        var positions = new Dictionary<long, Dictionary<long, int>>();
        var members = new Dictionary<long, List<int>>();
        for (int i = 0; i < n; i++)
        {
            if (!positions.TryGetValue(treeIds[i], out Dictionary<long, int>? map))
            {
                positions[treeIds[i]] = map = new Dictionary<long, int>();
                members[treeIds[i]] = new List<int>();
                treeOrder.Add(treeIds[i]);
            }

            if (!map.TryAdd(nodeIds[i], map.Count))
            {
                throw Invalid(node, string.Create(CultureInfo.InvariantCulture, $"lists node {nodeIds[i]} of tree {treeIds[i]} twice."));
            }

            members[treeIds[i]].Add(i);
        }

        // Leaf weights per (tree, node): target → value, folded as the aggregate folds duplicates.
        var leafWeights = new Dictionary<(long Tree, long Node), Dictionary<int, double>>();
        for (int k = 0; k < leafTrees.Length; k++)
        {
            if (leafTargets[k] < 0 || leafTargets[k] >= targetCount)
            {
                throw Invalid(node, string.Create(CultureInfo.InvariantCulture, $"gives a leaf weight to {weightPrefix} {leafTargets[k]}, outside 0 to {targetCount - 1}."));
            }

            var key = (leafTrees[k], leafNodes[k]);
            if (!leafWeights.TryGetValue(key, out Dictionary<int, double>? w))
            {
                leafWeights[key] = w = new Dictionary<int, double>();
            }

            int target = (int)leafTargets[k];
            double v = weights[k];
            w[target] = !w.TryGetValue(target, out double old) ? v
                : aggregate == TreeAggregate.Min ? Math.Min(old, v)
                : aggregate == TreeAggregate.Max ? Math.Max(old, v)
                : (float)(old + v);
        }

        foreach (long treeId in treeOrder)
        {
            Dictionary<long, int> map = positions[treeId];
            List<int> rows = members[treeId];
            var leafTargetSet = new SortedSet<int>();
            foreach (int i in rows)
            {
                if (modes[i] == "LEAF" && leafWeights.TryGetValue((treeId, nodeIds[i]), out Dictionary<int, double>? w))
                {
                    leafTargetSet.UnionWith(w.Keys);
                }
            }

            int first = leafTargetSet.Count == 0 ? 0 : leafTargetSet.Min;
            int count = leafTargetSet.Count == 0 ? 1 : leafTargetSet.Max - first + 1;
            var tree = new DecisionTree { TargetStart = first, TargetCount = count };
            foreach (int i in rows)
            {
                tree.Nodes.Add(ReadNode(node, nodeIds[i], treeId, modes[i], featureIds[i], values.Length == 0 ? 0 : values[i], float64Thresholds, trueIds[i], falseIds[i], tracksTrue[i] != 0, map, leafWeights, first, count, aggregate));
                tree.Nodes[^1].Cover = hitRates[i];
            }

            ensemble.Trees.Add(tree);
        }

        if (aggregate == TreeAggregate.Sum && node.GetString("aggregate_function", "SUM") == "AVERAGE")
        {
            ensemble.AverageDivisor = ensemble.Trees.Count;
        }

        TreeVerifier.Verify(ensemble, $"node {node.Display}");
        return ensemble;
    }

    private static TreeNode ReadNode(
        Node onnx, long nodeId, long treeId, string mode, long feature, double threshold, bool float64, long trueId, long falseId, bool tracksTrue,
        Dictionary<long, int> map, Dictionary<(long, long), Dictionary<int, double>> leafWeights, int first, int count, TreeAggregate aggregate)
    {
        if (mode == "LEAF")
        {
            // A leaf scores only the targets it lists: 0 adds nothing to a sum; NaN tells MIN and MAX to skip.
            double absent = aggregate == TreeAggregate.Sum ? 0.0 : double.NaN;
            var values = Enumerable.Repeat(absent, count).ToArray();
            if (leafWeights.TryGetValue((treeId, nodeId), out Dictionary<int, double>? w))
            {
                foreach (KeyValuePair<int, double> kv in w)
                {
                    values[kv.Key - first] = kv.Value;
                }
            }

            return TreeNode.Leaf(values);
        }

        int Child(long id) => map.TryGetValue(id, out int p)
            ? p
            : throw Invalid(onnx, string.Create(CultureInfo.InvariantCulture, $"has a branch of tree {treeId} to node {id}, which the tree does not have."));
        if (feature < 0 || feature > int.MaxValue)
        {
            throw Invalid(onnx, string.Create(CultureInfo.InvariantCulture, $"tests feature {feature}."));
        }

        int t = Child(trueId), f = Child(falseId);
        float down = float64 ? FloatAtOrBelow(threshold) : (float)threshold;
        float up = float64 ? FloatAtOrAbove(threshold) : (float)threshold;
        float exact = !float64 || (double)(float)threshold == threshold ? (float)threshold : float.NaN;
        var n = new TreeNode { Feature = (int)feature };
        switch (mode)
        {
            case "BRANCH_LEQ":
                (n.Left, n.Right, n.Test, n.Threshold, n.MissingLeft) = (t, f, TreeTest.LessOrEqual, down, tracksTrue);
                break;
            case "BRANCH_LT":
                (n.Left, n.Right, n.Test, n.Threshold, n.MissingLeft) = (t, f, TreeTest.Less, up, tracksTrue);
                break;
            case "BRANCH_GTE":
                (n.Left, n.Right, n.Test, n.Threshold, n.MissingLeft) = (f, t, TreeTest.Less, up, !tracksTrue);
                break;
            case "BRANCH_GT":
                (n.Left, n.Right, n.Test, n.Threshold, n.MissingLeft) = (f, t, TreeTest.LessOrEqual, down, !tracksTrue);
                break;
            case "BRANCH_EQ":
                (n.Left, n.Right, n.Test, n.Threshold, n.MissingLeft) = (t, f, TreeTest.Equal, exact, tracksTrue);
                break;
            case "BRANCH_NEQ":
                // NaN ≠ t is true, so a missing value takes the true branch either way.
                (n.Left, n.Right, n.Test, n.Threshold, n.MissingLeft) = (t, f, TreeTest.NotEqual, exact, true);
                break;
            default:
                throw Invalid(onnx, $"has the node mode '{mode}'; ONNX defines BRANCH_LEQ, BRANCH_LT, BRANCH_GTE, BRANCH_GT, BRANCH_EQ, BRANCH_NEQ and LEAF.");
        }

        return n;
    }

    internal static float FloatAtOrBelow(double t)
    {
        float f = (float)t;
        return f > t ? MathF.BitDecrement(f) : f;
    }

    internal static float FloatAtOrAbove(double t)
    {
        float f = (float)t;
        return f < t ? MathF.BitIncrement(f) : f;
    }

    public static long[] Ints(Node node, string name) => node.GetInts(name) ?? Array.Empty<long>();

    public static string[] Strings(Node node, string name) =>
        node.Attributes.TryGetValue(name, out NodeAttribute? a) ? a.Strings : Array.Empty<string>();

    /// <summary>A float list attribute, or its opset-3 <c>name_as_tensor</c> form (float32 or float64).</summary>
    public static double[] Doubles(Node node, string name, out bool float64)
    {
        float64 = false;
        if (node.GetTensor(name + "_as_tensor") is { } tensor)
        {
            float64 = tensor.Type == DataType.Float64;
            return tensor.ToDoubleArray();
        }

        return (node.GetFloats(name) ?? Array.Empty<float>()).Select(f => (double)f).ToArray();
    }

    public static CompileErrorException Invalid(Node node, string what) =>
        new(DiagnosticCodes.InvalidNode, $"node {node.Display} {what}", node.Name);
}
