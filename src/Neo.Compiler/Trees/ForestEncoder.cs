using System;
using System.Collections.Generic;
using System.Linq;
using Neo.Runtime.Kernels;
using L = Neo.Runtime.Kernels.TreeForestLayout;

namespace Neo.Compiler.Trees;

/// <summary>A verified ensemble in the runtime's layout: the forest ints and the leaf values (base scores first).</summary>
public sealed class EncodedForest
{
    internal EncodedForest(int[] forest, double[] leaves, int splitNodes, int blockTrees)
    {
        Forest = forest;
        Leaves = leaves;
        SplitNodes = splitNodes;
        BlockTrees = blockTrees;
    }

    public int[] Forest { get; }

    /// <summary>Base scores then leaf values, stored as float32 or float64 per <see cref="TreeEnsemble.Float64"/>.</summary>
    public double[] Leaves { get; }

    /// <summary>Reachable split nodes over all trees (the work of one row evaluated node by node).</summary>
    public int SplitNodes { get; }

    /// <summary>Trees evaluated with bit vectors on blocks of rows.</summary>
    public int BlockTrees { get; }
}

/// <summary>
/// Writes a <see cref="TreeEnsemble"/> in the layout of <see cref="TreeForestLayout"/>: leaves numbered left
/// to right, every node also as a walk node (leaves loop to themselves), and, for trees of at most
/// <see cref="MaxBlockLeaves"/> leaves, the block nodes of the bit-vector evaluation sorted into the three
/// runs the kernel expects (missing goes left, missing goes right, tests decided lane by lane).
/// </summary>
public static class ForestEncoder
{
    /// <summary>
    /// Trees with more leaves are walked even in blocks: the bit-vector evaluation visits every node, a walk
    /// only the depth, and beyond two mask words the masks stop fitting in registers.
    /// </summary>
    public const int MaxBlockLeaves = 64;

    /// <summary>Fewest rows for which a block is evaluated with bit vectors rather than walked (the runtime also needs a full vector).</summary>
    public const int BlockMinRows = 8;

    public static EncodedForest Encode(TreeEnsemble e, int maxBlockLeaves = MaxBlockLeaves)
    {
        int[] used = e.Trees.SelectMany(Reachable).Where(n => !n.IsLeaf).Select(n => n.Feature).Distinct().OrderBy(f => f).ToArray();
        var column = new Dictionary<int, int>();
        for (int i = 0; i < used.Length; i++)
        {
            column[used[i]] = i;
        }

        var records = new List<int>();
        var blockNodes = new List<int>();
        var walkNodes = new List<int>();
        var categories = new List<int>();
        var leaves = new List<double>(e.BaseScores);
        int splitNodes = 0, blockTrees = 0;
        foreach (DecisionTree tree in e.Trees)
        {
            Shape shape = Analyze(tree);
            splitNodes += shape.Splits.Count;
            int walkBase = walkNodes.Count / L.NodeInts;
            int leafStart = leaves.Count;

            // Walk nodes, in the tree's own numbering offset by walkBase; unreachable nodes become self-looping leaves of index 0.
            for (int n = 0; n < tree.Nodes.Count; n++)
            {
                TreeNode node = tree.Nodes[n];
                int self = walkBase + n;
                if (node.IsLeaf || !shape.Reached[n])
                {
                    walkNodes.AddRange(new[] { 0, shape.Reached[n] ? shape.LeafIndex[n] : 0, self, self });
                    continue;
                }

                int meta = node.Feature | (node.MissingLeft ? L.MissingLeftBit : 0) | ((int)node.Test << L.KindShift);
                int threshold = node.Test is TreeTest.XGBoostCategory or TreeTest.LightGbmCategory
                    ? AddCategories(categories, node.Categories!)
                    : BitConverter.SingleToInt32Bits(node.Threshold);
                walkNodes.AddRange(new[] { meta, threshold, walkBase + node.Left, walkBase + node.Right });
            }

            foreach (int leaf in shape.Leaves)
            {
                leaves.AddRange(tree.Nodes[leaf].Values);
            }

            int maskWords = shape.Leaves.Count <= 32 ? 1 : 2;
            int blockStart = blockNodes.Count / L.NodeInts;
            int missingLeft = 0, missingRight = 0, general = 0;
            if (shape.Leaves.Count <= maxBlockLeaves && shape.Leaves.Count <= 64)
            {
                blockTrees++;
                var runs = new List<int>[] { new(), new(), new() };
                foreach (int n in shape.Splits)
                {
                    TreeNode node = tree.Nodes[n];
                    (int lo, int hi) = shape.LeafRange[node.Left];
                    ulong clear = (hi - lo == 64 ? ulong.MaxValue : ((1UL << (hi - lo)) - 1)) << lo;
                    int col = column[node.Feature];
                    (int run, float threshold) = Classify(node);
                    int second = run == 2 ? walkBase + n : BitConverter.SingleToInt32Bits(threshold);
                    runs[run].AddRange(new[] { col, second, (int)(uint)clear, (int)(uint)(clear >> 32) });
                }

                missingLeft = runs[0].Count / L.NodeInts;
                missingRight = runs[1].Count / L.NodeInts;
                general = runs[2].Count / L.NodeInts;
                foreach (List<int> run in runs)
                {
                    blockNodes.AddRange(run);
                }
            }
            else
            {
                maskWords = 0;
            }

            records.AddRange(new[] { maskWords, blockStart, missingLeft, missingRight, general, walkBase, shape.Depth, leafStart, tree.TargetStart, tree.TargetCount });
        }

        var forest = new List<int>(new int[L.HeaderInts]);
        int columnsOffset = forest.Count;
        forest.AddRange(used);
        int treesOffset = forest.Count;
        forest.AddRange(records);
        int blockOffset = forest.Count;
        forest.AddRange(blockNodes);
        int walkOffset = forest.Count;
        forest.AddRange(walkNodes);
        int categoriesOffset = forest.Count;
        forest.AddRange(categories);
        forest[L.HeaderVersion] = L.Version;
        forest[L.HeaderTreeCount] = e.Trees.Count;
        forest[L.HeaderFeatureCount] = e.FeatureCount;
        forest[L.HeaderColumnCount] = used.Length;
        forest[L.HeaderTargetCount] = e.TargetCount;
        forest[L.HeaderAggregate] = (int)e.Aggregate;
        forest[L.HeaderBaseAfterTrees] = e.BaseAfterTrees ? 1 : 0;
        forest[L.HeaderAverageDivisor] = e.AverageDivisor;
        forest[L.HeaderColumnsOffset] = columnsOffset;
        forest[L.HeaderTreesOffset] = treesOffset;
        forest[L.HeaderBlockNodesOffset] = blockOffset;
        forest[L.HeaderWalkNodesOffset] = walkOffset;
        forest[L.HeaderCategoriesOffset] = categoriesOffset;
        forest[L.HeaderBlockMinRows] = BlockMinRows;
        return new EncodedForest(forest.ToArray(), leaves.ToArray(), splitNodes, blockTrees);
    }

    /// <summary>
    /// The run of a block node and the threshold it compares with: a numeric "x &lt; t" goes to the run of
    /// its missing direction; "x ≤ t" becomes "x &lt; the next float after t", exact for every float32 x,
    /// except at +∞ where no float follows; every other test is decided lane by lane.
    /// </summary>
    private static (int Run, float Threshold) Classify(TreeNode node)
    {
        switch (node.Test)
        {
            case TreeTest.Less:
                return (node.MissingLeft ? 0 : 1, node.Threshold);
            case TreeTest.LessOrEqual when !float.IsPositiveInfinity(node.Threshold) && !float.IsNaN(node.Threshold):
                return (node.MissingLeft ? 0 : 1, MathF.BitIncrement(node.Threshold));
            default:
                return (2, 0f);
        }
    }

    /// <summary>Appends a category bitset ([words, bits...]) and returns its offset in the category area.</summary>
    private static int AddCategories(List<int> area, int[] set)
    {
        int offset = area.Count;
        int words = set.Length == 0 ? 0 : (set.Max() >> 5) + 1;
        var bits = new int[words];
        foreach (int c in set)
        {
            bits[c >> 5] |= 1 << (c & 31);
        }

        area.Add(words);
        area.AddRange(bits);
        return offset;
    }

    private static IEnumerable<TreeNode> Reachable(DecisionTree tree)
    {
        var stack = new Stack<int>();
        stack.Push(0);
        while (stack.Count > 0)
        {
            TreeNode n = tree.Nodes[stack.Pop()];
            yield return n;
            if (!n.IsLeaf)
            {
                stack.Push(n.Right);
                stack.Push(n.Left);
            }
        }
    }

    /// <summary>What the encoder needs of a tree's shape: reachable leaves in order, ranges, depth.</summary>
    private sealed class Shape
    {
        public List<int> Leaves { get; } = new();

        public List<int> Splits { get; } = new();

        public int[] LeafIndex { get; init; } = Array.Empty<int>();

        public (int Lo, int Hi)[] LeafRange { get; init; } = Array.Empty<(int, int)>();

        public bool[] Reached { get; init; } = Array.Empty<bool>();

        public int Depth { get; set; }
    }

    /// <summary>Numbers the leaves left to right and records each node's range of leaves, without recursion (LightGBM trees can be deep).</summary>
    private static Shape Analyze(DecisionTree tree)
    {
        int count = tree.Nodes.Count;
        var shape = new Shape { LeafIndex = new int[count], LeafRange = new (int, int)[count], Reached = new bool[count] };
        var stack = new Stack<(int Node, int Depth, bool Exit)>();
        stack.Push((0, 0, false));
        while (stack.Count > 0)
        {
            (int n, int depth, bool exit) = stack.Pop();
            TreeNode node = tree.Nodes[n];
            if (exit)
            {
                shape.LeafRange[n] = (shape.LeafRange[node.Left].Lo, shape.LeafRange[node.Right].Hi);
                continue;
            }

            shape.Reached[n] = true;
            shape.Depth = Math.Max(shape.Depth, depth);
            if (node.IsLeaf)
            {
                shape.LeafIndex[n] = shape.Leaves.Count;
                shape.LeafRange[n] = (shape.Leaves.Count, shape.Leaves.Count + 1);
                shape.Leaves.Add(n);
                continue;
            }

            shape.Splits.Add(n);
            stack.Push((n, depth, true));
            stack.Push((node.Right, depth + 1, false));
            stack.Push((node.Left, depth + 1, false));
        }

        return shape;
    }
}
