using System.Collections.Generic;
using System.Globalization;
using Neo.Compiler.Diagnostics;
using Neo.Runtime.Kernels;

namespace Neo.Compiler.Trees;

/// <summary>
/// Checks a tree ensemble before it is compiled: every child index in range, every node reached once
/// from the root (no cycles, no shared subtrees), features and targets in range, leaves with one value
/// per target, categories a bitset can hold. Importers call it, so a malformed file is a coded error
/// naming the tree and node, never an exception or a hang at run time.
/// </summary>
public static class TreeVerifier
{
    /// <summary>The largest category value a categorical split may list (XGBoost's own limit, 2^24).</summary>
    public const int MaxCategory = 1 << 24;

    /// <summary>Throws <see cref="CompileErrorException"/> (NEO1151) for the first problem found; <paramref name="where"/> names the model (<c>the XGBoost model</c>).</summary>
    public static void Verify(TreeEnsemble ensemble, string where)
    {
        if (ensemble.FeatureCount < 1 || ensemble.FeatureCount > TreeForestLayout.FeatureMask)
        {
            throw Invalid(where, string.Create(CultureInfo.InvariantCulture, $"it declares {ensemble.FeatureCount} features; a tree model needs 1 to {TreeForestLayout.FeatureMask}."));
        }

        if (ensemble.TargetCount < 1)
        {
            throw Invalid(where, "it has no output scores.");
        }

        for (int t = 0; t < ensemble.Trees.Count; t++)
        {
            DecisionTree tree = ensemble.Trees[t];
            if (tree.Nodes.Count == 0)
            {
                throw Invalid(where, Tree(t, "has no nodes."));
            }

            if (tree.TargetStart < 0 || tree.TargetCount < 1 || tree.TargetStart + tree.TargetCount > ensemble.TargetCount)
            {
                throw Invalid(where, Tree(t, string.Create(CultureInfo.InvariantCulture, $"scores targets {tree.TargetStart} to {tree.TargetStart + tree.TargetCount - 1}, but the model has {ensemble.TargetCount}.")));
            }

            var seen = new bool[tree.Nodes.Count];
            var stack = new Stack<int>();
            stack.Push(0);
            seen[0] = true;
            while (stack.Count > 0)
            {
                int n = stack.Pop();
                TreeNode node = tree.Nodes[n];
                if (node.IsLeaf)
                {
                    if (node.Right >= 0)
                    {
                        throw Invalid(where, Node(t, n, "has a right child but no left child."));
                    }

                    if (node.Values.Length != tree.TargetCount)
                    {
                        throw Invalid(where, Node(t, n, string.Create(CultureInfo.InvariantCulture, $"is a leaf with {node.Values.Length} values where the tree scores {tree.TargetCount} targets.")));
                    }

                    continue;
                }

                if (node.Feature < 0 || node.Feature >= ensemble.FeatureCount)
                {
                    throw Invalid(where, Node(t, n, string.Create(CultureInfo.InvariantCulture, $"tests feature {node.Feature}, but the model has {ensemble.FeatureCount} features (0 to {ensemble.FeatureCount - 1}).")));
                }

                if (node.Test is TreeTest.XGBoostCategory or TreeTest.LightGbmCategory)
                {
                    if (node.Categories is null)
                    {
                        throw Invalid(where, Node(t, n, "is a categorical split without categories."));
                    }

                    foreach (int c in node.Categories)
                    {
                        if (c < 0 || c >= MaxCategory)
                        {
                            throw Invalid(where, Node(t, n, string.Create(CultureInfo.InvariantCulture, $"lists category {c}; categories must be from 0 to {MaxCategory - 1}.")));
                        }
                    }
                }

                foreach (int child in new[] { node.Left, node.Right })
                {
                    if (child < 0 || child >= tree.Nodes.Count)
                    {
                        throw Invalid(where, Node(t, n, string.Create(CultureInfo.InvariantCulture, $"has child {child}, but the tree has nodes 0 to {tree.Nodes.Count - 1}.")));
                    }

                    if (seen[child])
                    {
                        throw Invalid(where, Node(t, n, string.Create(CultureInfo.InvariantCulture, $"has child {child}, which another path already reaches: the nodes do not form a tree.")));
                    }

                    seen[child] = true;
                    stack.Push(child);
                }
            }
        }
    }

    private static string Tree(int t, string what) => string.Create(CultureInfo.InvariantCulture, $"tree {t} {what}");

    private static string Node(int t, int n, string what) => string.Create(CultureInfo.InvariantCulture, $"tree {t}, node {n} {what}");

    private static CompileErrorException Invalid(string where, string what) =>
        new(DiagnosticCodes.InvalidTreeModel, $"{where} is invalid: {what} Re-export the model.");
}
