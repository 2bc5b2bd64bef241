using System;
using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Neo.Runtime.Threading;
using L = Neo.Runtime.Kernels.TreeForestLayout;

namespace Neo.Runtime.Kernels;

/// <summary>
/// Tree ensembles (XGBoost, LightGBM, ONNX-ML TreeEnsemble) over rows of float32 features, in the layout
/// of <see cref="TreeForestLayout"/>. Rows go in blocks of up to 512, and each tree is applied to a whole
/// block before the next. A block of at least a vector of rows is first transposed into columns; then each
/// tree with at most 64 leaves is evaluated with bit vectors (QuickScorer): every node compares a column
/// of the block with its threshold in one vector operation and clears, for the rows that go right, the
/// leaves of its left subtree, so no row ever takes a branch that depends on its data; the exit leaf is the
/// lowest bit left. Larger trees are walked: a fixed number of steps (the tree's depth) from the root, four
/// rows at once, each step a compare and an index. Fewer rows than a vector walk four trees at once. Leaf
/// values are added in tree order, in the library's precision (float32 for XGBoost and ONNX, float64 for
/// LightGBM), so the sums are the library's bit for bit.
/// </summary>
public static class Trees
{
    /// <summary>Scratch bytes per block above which the scratch comes from the array pool instead of the stack.</summary>
    private const int StackScratchBytes = 24 * 1024;

    /// <summary>
    /// Rows per block at most. Each tree is applied to the whole block before the next, so its nodes are
    /// loaded from memory once per block: a depth-8 tree is 8 KiB of nodes, and with blocks of 64 rows a
    /// 300-tree model spent most of its time reloading them (measured: 54 ns per row and tree). 512 rows
    /// make that cost small, and their columns still sit in L2.
    /// </summary>
    private const int MaxBlockRows = 512;

    /// <summary>Bytes of transposed columns per block at most (fits L2 beside the trees).</summary>
    private const int MaxColumnBytes = 256 * 1024;

    /// <summary>
    /// Predicts <paramref name="rows"/> rows with float32 leaf values (XGBoost, ONNX-ML). <paramref name="margin"/>
    /// receives the raw scores and <paramref name="prediction"/> the transformed ones; either may be empty.
    /// </summary>
    /// <param name="features">The rows, row-major: rows × the forest's feature count.</param>
    /// <param name="margin">Receives rows × targets raw scores, or is empty.</param>
    /// <param name="prediction">Receives rows × (targets, or 1 for an arg-max output) predictions, or is empty.</param>
    /// <param name="rows">The number of rows.</param>
    /// <param name="forest">The trees, in the layout of <see cref="TreeForestLayout"/>.</param>
    /// <param name="leaves">The base scores, then each tree's leaf values.</param>
    /// <param name="output">The library's transform from raw scores to predictions.</param>
    /// <param name="team">Threads to split the blocks among.</param>
    public static void Predict<TOutput>(ReadOnlySpan<float> features, Span<float> margin, Span<float> prediction, int rows, ReadOnlySpan<int> forest, ReadOnlySpan<float> leaves, TOutput output, ThreadTeam team)
        where TOutput : struct, ITreeOutput =>
        Run(features, margin, prediction, rows, forest, leaves, output, team);

    /// <summary>Predicts with float64 leaf values and float64 sums (LightGBM). See the float32 overload.</summary>
    /// <param name="features">The rows, row-major: rows × the forest's feature count.</param>
    /// <param name="margin">Receives rows × targets raw scores, or is empty.</param>
    /// <param name="prediction">Receives rows × (targets, or 1 for an arg-max output) predictions, or is empty.</param>
    /// <param name="rows">The number of rows.</param>
    /// <param name="forest">The trees, in the layout of <see cref="TreeForestLayout"/>.</param>
    /// <param name="leaves">The base scores, then each tree's leaf values.</param>
    /// <param name="output">The library's transform from raw scores to predictions.</param>
    /// <param name="team">Threads to split the blocks among.</param>
    public static void Predict<TOutput>(ReadOnlySpan<float> features, Span<float> margin, Span<float> prediction, int rows, ReadOnlySpan<int> forest, ReadOnlySpan<double> leaves, TOutput output, ThreadTeam team)
        where TOutput : struct, ITreeOutput =>
        Run(features, margin, prediction, rows, forest, leaves, output, team);

    private static unsafe void Run<TAcc, TOutput>(ReadOnlySpan<float> features, Span<float> margin, Span<float> prediction, int rows, ReadOnlySpan<int> forest, ReadOnlySpan<TAcc> leaves, TOutput output, ThreadTeam team)
        where TAcc : unmanaged, IFloatingPointIeee754<TAcc>
        where TOutput : struct, ITreeOutput
    {
        if (forest.Length < L.HeaderInts || forest[L.HeaderVersion] != L.Version)
        {
            throw new NeoRuntimeException("NEO3002", "NEO3002: the tree ensemble in the weights does not have the layout this runtime reads. Rebuild the project with one Neo version.");
        }

        int featureCount = forest[L.HeaderFeatureCount];
        int targets = forest[L.HeaderTargetCount];
        int predictionWidth = rows == 0 ? 0 : prediction.Length / rows;
        if (rows < 0 || features.Length != (long)rows * featureCount
            || (margin.Length != 0 && margin.Length != (long)rows * targets)
            || (prediction.Length != 0 && (prediction.Length != (long)rows * predictionWidth || (predictionWidth != targets && predictionWidth != 1))))
        {
            throw new ArgumentException($"NEO3020: a tree ensemble of {featureCount} features and {targets} scores cannot take {features.Length} feature values, {margin.Length} margins and {prediction.Length} predictions for {rows} rows.", nameof(features));
        }

        int blockRows = BlockRows(forest);
        int blocks = (rows + blockRows - 1) / blockRows;
        int threads = Math.Min(team.Threads, blocks);
        if (threads <= 1)
        {
            RunBlocks(features, margin, prediction, predictionWidth, 0, rows, forest, leaves, output);
            return;
        }

        fixed (float* x = features)
        fixed (float* m = margin)
        fixed (float* p = prediction)
        fixed (int* f = forest)
        fixed (TAcc* v = leaves)
        {
            var job = new BlockJob<TAcc, TOutput>
            {
                Features = x, FeatureLength = features.Length, Margin = m, MarginLength = margin.Length,
                Prediction = p, PredictionLength = prediction.Length, PredictionWidth = predictionWidth, Rows = rows, BlockRows = blockRows,
                Forest = f, ForestLength = forest.Length, Leaves = v, LeafLength = leaves.Length, Output = output,
            };
            team.Run(blocks, ref job);
        }
    }

    /// <summary>Rows per block: up to <see cref="MaxBlockRows"/>, as many as keep the block's columns within <see cref="MaxColumnBytes"/>, a whole number of 4-vector groups.</summary>
    private static int BlockRows(ReadOnlySpan<int> forest)
    {
        int group = 4 * Vector<float>.Count;
        int columns = Math.Max(1, forest[L.HeaderColumnCount]);
        int rows = MaxBlockRows;
        while (rows > group && (long)rows * columns * sizeof(float) > MaxColumnBytes)
        {
            rows /= 2;
        }

        return Math.Max(rows, group);
    }

    private unsafe struct BlockJob<TAcc, TOutput> : IParallelJob
        where TAcc : unmanaged, IFloatingPointIeee754<TAcc>
        where TOutput : struct, ITreeOutput
    {
        public float* Features;
        public int FeatureLength;
        public float* Margin;
        public int MarginLength;
        public float* Prediction;
        public int PredictionLength;
        public int PredictionWidth;
        public int Rows;
        public int BlockRows;
        public int* Forest;
        public int ForestLength;
        public TAcc* Leaves;
        public int LeafLength;
        public TOutput Output;

        public void Execute(int start, int end)
        {
            int first = start * BlockRows, last = Math.Min(Rows, end * BlockRows);
            RunBlocks(
                new ReadOnlySpan<float>(Features, FeatureLength),
                new Span<float>(Margin, MarginLength),
                new Span<float>(Prediction, PredictionLength),
                PredictionWidth,
                first,
                last,
                new ReadOnlySpan<int>(Forest, ForestLength),
                new ReadOnlySpan<TAcc>(Leaves, LeafLength),
                Output);
        }
    }

    /// <summary>Rows [<paramref name="start"/>, <paramref name="end"/>) block by block, with scratch for one block (not zeroed: every use writes before it reads).</summary>
    // The kernel's loops are fully optimized from the first call: a 4,096-row batch is one call of many
    // milliseconds, so tiered compilation would run the first thirty batches as unoptimized tier-0 code.
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunBlocks<TAcc, TOutput>(ReadOnlySpan<float> features, Span<float> margin, Span<float> prediction, int predictionWidth, int start, int end, ReadOnlySpan<int> forest, ReadOnlySpan<TAcc> leaves, TOutput output)
        where TAcc : unmanaged, IFloatingPointIeee754<TAcc>
        where TOutput : struct, ITreeOutput
    {
        int group = 4 * Vector<float>.Count;
        int blockRows = Math.Min(BlockRows(forest), ((end - start + group - 1) / group) * group);
        int columns = forest[L.HeaderColumnCount];
        int targets = forest[L.HeaderTargetCount];

        // Scratch: the block's columns, its scores, two mask words and one leaf index per row.
        int columnBytes = columns * blockRows * sizeof(float);
        int scoreBytes = targets * blockRows * Unsafe.SizeOf<TAcc>();
        int bytes = columnBytes + scoreBytes + (blockRows * 3 * sizeof(uint)) + (targets * Unsafe.SizeOf<TAcc>());
        byte[]? rented = null;
        Span<byte> scratch = bytes <= StackScratchBytes ? stackalloc byte[StackScratchBytes] : (rented = ArrayPool<byte>.Shared.Rent(bytes));
        try
        {
            var block = new Block<TAcc>(
                MemoryMarshal.Cast<byte, float>(scratch.Slice(0, columnBytes)),
                MemoryMarshal.Cast<byte, TAcc>(scratch.Slice(columnBytes, scoreBytes)),
                MemoryMarshal.Cast<byte, uint>(scratch.Slice(columnBytes + scoreBytes, blockRows * 3 * sizeof(uint))),
                MemoryMarshal.Cast<byte, TAcc>(scratch.Slice(columnBytes + scoreBytes + (blockRows * 3 * sizeof(uint)), targets * Unsafe.SizeOf<TAcc>())),
                blockRows);
            for (int row = start; row < end; row += blockRows)
            {
                int n = Math.Min(blockRows, end - row);
                RunBlock(features, margin, prediction, predictionWidth, row, n, forest, leaves, output, block);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Working memory for one block of rows.</summary>
    private readonly ref struct Block<TAcc>
        where TAcc : unmanaged
    {
        public Block(Span<float> columns, Span<TAcc> scores, Span<uint> masks, Span<TAcc> row, int rows)
        {
            Columns = columns;
            Scores = scores;
            Masks = masks;
            Row = row;
            Rows = rows;
        }

        /// <summary>Column c of the block at [c × Rows, (c + 1) × Rows).</summary>
        public Span<float> Columns { get; }

        /// <summary>Score t of row r at [t × Rows + r].</summary>
        public Span<TAcc> Scores { get; }

        /// <summary>Low mask words of the rows, then high words, then leaf indices.</summary>
        public Span<uint> Masks { get; }

        /// <summary>One row's scores, for the transform.</summary>
        public Span<TAcc> Row { get; }

        public int Rows { get; }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunBlock<TAcc, TOutput>(ReadOnlySpan<float> features, Span<float> margin, Span<float> prediction, int predictionWidth, int first, int n, ReadOnlySpan<int> forest, ReadOnlySpan<TAcc> leaves, TOutput output, Block<TAcc> block)
        where TAcc : unmanaged, IFloatingPointIeee754<TAcc>
        where TOutput : struct, ITreeOutput
    {
        int featureCount = forest[L.HeaderFeatureCount];
        int targets = forest[L.HeaderTargetCount];
        int treeCount = forest[L.HeaderTreeCount];
        var aggregate = (TreeAggregate)forest[L.HeaderAggregate];
        bool baseAfter = forest[L.HeaderBaseAfterTrees] != 0;
        int stride = block.Rows;
        Span<TAcc> scores = block.Scores;

        // Scores start from the base (XGBoost), from zero, or (MIN, MAX) from NaN meaning "no leaf yet".
        for (int t = 0; t < targets; t++)
        {
            TAcc start = aggregate != TreeAggregate.Sum ? TAcc.NaN : baseAfter ? TAcc.Zero : leaves[t];
            scores.Slice(t * stride, n).Fill(start);
        }

        ReadOnlySpan<float> rows = features.Slice(first * featureCount, n * featureCount);
        bool useBlock = n >= Math.Max(forest[L.HeaderBlockMinRows], Vector<float>.Count);
        if (useBlock)
        {
            Transpose(rows, n, forest, block);
        }

        if (!useBlock && targets == 1 && aggregate == TreeAggregate.Sum)
        {
            WalkRows(rows, n, featureCount, forest, leaves, scores);
            Finish(margin, prediction, predictionWidth, first, n, forest, leaves, output, block);
            return;
        }

        ReadOnlySpan<int> records = forest.Slice(forest[L.HeaderTreesOffset], treeCount * L.TreeInts);
        Span<int> leafIndex = MemoryMarshal.Cast<uint, int>(block.Masks.Slice(block.Rows * 2));
        for (int tree = 0; tree < treeCount; tree++)
        {
            ReadOnlySpan<int> record = records.Slice(tree * L.TreeInts, L.TreeInts);
            if (useBlock && record[L.TreeMaskWords] != 0)
            {
                // A float32 sum into one score is added straight from the masks (XGBoost's common case).
                bool fused = typeof(TAcc) == typeof(float) && aggregate == TreeAggregate.Sum && record[L.TreeTargetCount] == 1;
                EvaluateBlock(
                    record,
                    n,
                    forest,
                    block,
                    leafIndex,
                    fused ? MemoryMarshal.Cast<TAcc, float>(leaves).Slice(record[L.TreeLeafStart]) : default,
                    fused ? MemoryMarshal.Cast<TAcc, float>(scores).Slice(record[L.TreeTargetStart] * stride, stride) : default);
                if (fused)
                {
                    continue;
                }
            }
            else
            {
                Walk(record, rows, n, featureCount, forest, leafIndex);
            }

            Accumulate(record, n, stride, leaves, leafIndex, scores, aggregate);
        }

        Finish(margin, prediction, predictionWidth, first, n, forest, leaves, output, block);
    }

    /// <summary>Copies the block's rows into columns, one per feature the trees test; padding rows are zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose<TAcc>(ReadOnlySpan<float> rows, int n, ReadOnlySpan<int> forest, Block<TAcc> block)
        where TAcc : unmanaged
    {
        int featureCount = forest[L.HeaderFeatureCount];
        int columns = forest[L.HeaderColumnCount];
        ReadOnlySpan<int> map = forest.Slice(forest[L.HeaderColumnsOffset], columns);
        int stride = block.Rows;
        Span<float> cols = block.Columns;
        ref float src = ref MemoryMarshal.GetReference(rows);
        for (int c = 0; c < columns; c++)
        {
            Span<float> col = cols.Slice(c * stride, stride);
            int f = map[c];
            for (int r = 0; r < n; r++)
            {
                col[r] = Unsafe.Add(ref src, (r * featureCount) + f);
            }

            col.Slice(n).Clear();
        }
    }

    /// <summary>
    /// QuickScorer over the block: per group of four vectors of rows, every node of the tree updates the
    /// rows' leaf masks; the exit leaf is the lowest bit left. Leaf indices go to <paramref name="leafIndex"/>.
    /// </summary>
    /// <remarks>
    /// When <paramref name="sumScores"/> is not empty the leaves are added to it instead: the exit leaf of
    /// each lane comes from its mask in vector registers (the lowest set bit, through the exponent of its
    /// float conversion) and its value by a gather where the hardware has one.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void EvaluateBlock<TAcc>(ReadOnlySpan<int> record, int n, ReadOnlySpan<int> forest, Block<TAcc> block, Span<int> leafIndex, ReadOnlySpan<float> sumLeaves, Span<float> sumScores)
        where TAcc : unmanaged
    {
        bool fused = !sumScores.IsEmpty;
        int lanes = Vector<float>.Count;
        int group = 4 * lanes;
        int stride = block.Rows;
        int words = record[L.TreeMaskWords];
        int left = record[L.TreeMissingLeftCount], right = record[L.TreeMissingRightCount], general = record[L.TreeGeneralCount];
        ReadOnlySpan<int> nodes = forest.Slice(forest[L.HeaderBlockNodesOffset] + (record[L.TreeBlockStart] * L.NodeInts), (left + right + general) * L.NodeInts);
        Span<uint> low = block.Masks.Slice(0, stride);
        Span<uint> high = block.Masks.Slice(stride, stride);
        ref float cols = ref MemoryMarshal.GetReference(block.Columns);
        int groups = (n + group - 1) / group;

        // Nodes that a vector compare cannot decide (categories, zero-as-missing, equality) go lane by lane first.
        if (general > 0)
        {
            low.Slice(0, groups * group).Fill(uint.MaxValue);
            high.Slice(0, groups * group).Fill(uint.MaxValue);
            ReadOnlySpan<int> walkNodes = forest.Slice(forest[L.HeaderWalkNodesOffset]);
            ReadOnlySpan<int> categoryArea = forest.Slice(forest[L.HeaderCategoriesOffset]);
            for (int k = left + right; k < left + right + general; k++)
            {
                int column = nodes[k * 4];
                ReadOnlySpan<int> walk = walkNodes.Slice(nodes[(k * 4) + 1] * L.NodeInts, L.NodeInts);
                uint keepLow = ~(uint)nodes[(k * 4) + 2], keepHigh = ~(uint)nodes[(k * 4) + 3];
                if ((TreeTest)(walk[0] >> L.KindShift) == TreeTest.XGBoostCategory)
                {
                    XGBoostCategoryLanes(walk, categoryArea, ref Unsafe.Add(ref cols, column * stride), n, low, high, keepLow, keepHigh);
                    continue;
                }

                for (int r = 0; r < n; r++)
                {
                    float x = Unsafe.Add(ref cols, (column * stride) + r);
                    if (!GoesLeft(walk, x, categoryArea))
                    {
                        low[r] &= keepLow;
                        high[r] &= keepHigh;
                    }
                }
            }
        }

        for (int g = 0; g < groups; g++)
        {
            int r0 = g * group;
            Vector<uint> m0, m1, m2, m3, h0, h1, h2, h3;
            if (general > 0)
            {
                m0 = Load(low, r0); m1 = Load(low, r0 + lanes); m2 = Load(low, r0 + (2 * lanes)); m3 = Load(low, r0 + (3 * lanes));
                h0 = Load(high, r0); h1 = Load(high, r0 + lanes); h2 = Load(high, r0 + (2 * lanes)); h3 = Load(high, r0 + (3 * lanes));
            }
            else
            {
                m0 = m1 = m2 = m3 = h0 = h1 = h2 = h3 = new Vector<uint>(uint.MaxValue);
            }

            ref int node = ref MemoryMarshal.GetReference(nodes);
            if (words == 1)
            {
                // Missing goes left: a row goes right when x ≥ t (false for NaN).
                for (int k = 0; k < left; k++)
                {
                    ref float x = ref Unsafe.Add(ref cols, (Unsafe.Add(ref node, 0) * stride) + r0);
                    var t = new Vector<float>(BitConverter.Int32BitsToSingle(Unsafe.Add(ref node, 1)));
                    var clear = new Vector<uint>((uint)Unsafe.Add(ref node, 2));
                    m0 = Vector.AndNot(m0, Vector.AsVectorUInt32(Vector.GreaterThanOrEqual(Vector.LoadUnsafe(ref x), t)) & clear);
                    m1 = Vector.AndNot(m1, Vector.AsVectorUInt32(Vector.GreaterThanOrEqual(Vector.LoadUnsafe(ref x, (nuint)lanes), t)) & clear);
                    m2 = Vector.AndNot(m2, Vector.AsVectorUInt32(Vector.GreaterThanOrEqual(Vector.LoadUnsafe(ref x, (nuint)(2 * lanes)), t)) & clear);
                    m3 = Vector.AndNot(m3, Vector.AsVectorUInt32(Vector.GreaterThanOrEqual(Vector.LoadUnsafe(ref x, (nuint)(3 * lanes)), t)) & clear);
                    node = ref Unsafe.Add(ref node, L.NodeInts);
                }

                // Missing goes right: a row stays left only when x < t (false for NaN).
                for (int k = 0; k < right; k++)
                {
                    ref float x = ref Unsafe.Add(ref cols, (Unsafe.Add(ref node, 0) * stride) + r0);
                    var t = new Vector<float>(BitConverter.Int32BitsToSingle(Unsafe.Add(ref node, 1)));
                    var keep = new Vector<uint>(~(uint)Unsafe.Add(ref node, 2));
                    m0 &= Vector.AsVectorUInt32(Vector.LessThan(Vector.LoadUnsafe(ref x), t)) | keep;
                    m1 &= Vector.AsVectorUInt32(Vector.LessThan(Vector.LoadUnsafe(ref x, (nuint)lanes), t)) | keep;
                    m2 &= Vector.AsVectorUInt32(Vector.LessThan(Vector.LoadUnsafe(ref x, (nuint)(2 * lanes)), t)) | keep;
                    m3 &= Vector.AsVectorUInt32(Vector.LessThan(Vector.LoadUnsafe(ref x, (nuint)(3 * lanes)), t)) | keep;
                    node = ref Unsafe.Add(ref node, L.NodeInts);
                }
            }
            else
            {
                for (int k = 0; k < left; k++)
                {
                    ref float x = ref Unsafe.Add(ref cols, (Unsafe.Add(ref node, 0) * stride) + r0);
                    var t = new Vector<float>(BitConverter.Int32BitsToSingle(Unsafe.Add(ref node, 1)));
                    var clearLow = new Vector<uint>((uint)Unsafe.Add(ref node, 2));
                    var clearHigh = new Vector<uint>((uint)Unsafe.Add(ref node, 3));
                    Vector<uint> c0 = Vector.AsVectorUInt32(Vector.GreaterThanOrEqual(Vector.LoadUnsafe(ref x), t));
                    Vector<uint> c1 = Vector.AsVectorUInt32(Vector.GreaterThanOrEqual(Vector.LoadUnsafe(ref x, (nuint)lanes), t));
                    Vector<uint> c2 = Vector.AsVectorUInt32(Vector.GreaterThanOrEqual(Vector.LoadUnsafe(ref x, (nuint)(2 * lanes)), t));
                    Vector<uint> c3 = Vector.AsVectorUInt32(Vector.GreaterThanOrEqual(Vector.LoadUnsafe(ref x, (nuint)(3 * lanes)), t));
                    m0 = Vector.AndNot(m0, c0 & clearLow); h0 = Vector.AndNot(h0, c0 & clearHigh);
                    m1 = Vector.AndNot(m1, c1 & clearLow); h1 = Vector.AndNot(h1, c1 & clearHigh);
                    m2 = Vector.AndNot(m2, c2 & clearLow); h2 = Vector.AndNot(h2, c2 & clearHigh);
                    m3 = Vector.AndNot(m3, c3 & clearLow); h3 = Vector.AndNot(h3, c3 & clearHigh);
                    node = ref Unsafe.Add(ref node, L.NodeInts);
                }

                for (int k = 0; k < right; k++)
                {
                    ref float x = ref Unsafe.Add(ref cols, (Unsafe.Add(ref node, 0) * stride) + r0);
                    var t = new Vector<float>(BitConverter.Int32BitsToSingle(Unsafe.Add(ref node, 1)));
                    var keepLow = new Vector<uint>(~(uint)Unsafe.Add(ref node, 2));
                    var keepHigh = new Vector<uint>(~(uint)Unsafe.Add(ref node, 3));
                    Vector<uint> c0 = Vector.AsVectorUInt32(Vector.LessThan(Vector.LoadUnsafe(ref x), t));
                    Vector<uint> c1 = Vector.AsVectorUInt32(Vector.LessThan(Vector.LoadUnsafe(ref x, (nuint)lanes), t));
                    Vector<uint> c2 = Vector.AsVectorUInt32(Vector.LessThan(Vector.LoadUnsafe(ref x, (nuint)(2 * lanes)), t));
                    Vector<uint> c3 = Vector.AsVectorUInt32(Vector.LessThan(Vector.LoadUnsafe(ref x, (nuint)(3 * lanes)), t));
                    m0 &= c0 | keepLow; h0 &= c0 | keepHigh;
                    m1 &= c1 | keepLow; h1 &= c1 | keepHigh;
                    m2 &= c2 | keepLow; h2 &= c2 | keepHigh;
                    m3 &= c3 | keepLow; h3 &= c3 | keepHigh;
                    node = ref Unsafe.Add(ref node, L.NodeInts);
                }
            }

            if (fused)
            {
                fixed (float* values = sumLeaves)
                {
                    ref float scores = ref MemoryMarshal.GetReference(sumScores);
                    AddLeaves(values, ref scores, r0, ExitLeaf(m0, h0, words));
                    AddLeaves(values, ref scores, r0 + lanes, ExitLeaf(m1, h1, words));
                    AddLeaves(values, ref scores, r0 + (2 * lanes), ExitLeaf(m2, h2, words));
                    AddLeaves(values, ref scores, r0 + (3 * lanes), ExitLeaf(m3, h3, words));
                }

                continue;
            }

            m0.StoreUnsafe(ref MemoryMarshal.GetReference(low), (nuint)r0);
            m1.StoreUnsafe(ref MemoryMarshal.GetReference(low), (nuint)(r0 + lanes));
            m2.StoreUnsafe(ref MemoryMarshal.GetReference(low), (nuint)(r0 + (2 * lanes)));
            m3.StoreUnsafe(ref MemoryMarshal.GetReference(low), (nuint)(r0 + (3 * lanes)));
            if (words == 2)
            {
                h0.StoreUnsafe(ref MemoryMarshal.GetReference(high), (nuint)r0);
                h1.StoreUnsafe(ref MemoryMarshal.GetReference(high), (nuint)(r0 + lanes));
                h2.StoreUnsafe(ref MemoryMarshal.GetReference(high), (nuint)(r0 + (2 * lanes)));
                h3.StoreUnsafe(ref MemoryMarshal.GetReference(high), (nuint)(r0 + (3 * lanes)));
            }
        }

        if (fused)
        {
            return;
        }

        // The exit leaf is the lowest bit still set: the leftmost leaf no node ruled out.
        if (words == 1)
        {
            for (int r = 0; r < n; r++)
            {
                leafIndex[r] = BitOperations.TrailingZeroCount(low[r]);
            }
        }
        else
        {
            for (int r = 0; r < n; r++)
            {
                leafIndex[r] = BitOperations.TrailingZeroCount(((ulong)high[r] << 32) | low[r]);
            }
        }
    }

    /// <summary>Each lane's exit leaf: the index of the lowest set bit of its (one- or two-word) mask.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<int> ExitLeaf(Vector<uint> low, Vector<uint> high, int words)
    {
        Vector<int> lo = LowestBit(low);
        return words == 1 ? lo : Vector.ConditionalSelect(Vector.Equals(low, Vector<uint>.Zero).As<uint, int>(), LowestBit(high) + new Vector<int>(32), lo);
    }

    /// <summary>
    /// The index of the lowest set bit of each lane: m &amp; −m keeps that bit alone, a power of two whose
    /// float32 conversion is exact, so its exponent is the index (bit 31 converts as −2^31, same exponent).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<int> LowestBit(Vector<uint> m)
    {
        Vector<int> bit = Vector.AsVectorInt32(m & (Vector<uint>.Zero - m));
        Vector<int> bits = Vector.AsVectorInt32(Vector.ConvertToSingle(bit));
        return (Vector.ShiftRightLogical(bits, 23) & new Vector<int>(0xFF)) - new Vector<int>(127);
    }

    /// <summary>scores[r0 + lane] += values[leaf[lane]], with one gather on AVX2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void AddLeaves(float* values, ref float scores, int r0, Vector<int> leaf)
    {
        Vector<float> sum = Vector.LoadUnsafe(ref scores, (nuint)r0);
        if (Avx2.IsSupported && Vector<float>.Count == Vector256<float>.Count)
        {
            sum += Avx2.GatherVector256(values, leaf.AsVector256(), 4).AsVector();
        }
        else
        {
            Span<float> gathered = stackalloc float[Vector<float>.Count];
            for (int k = 0; k < gathered.Length; k++)
            {
                gathered[k] = values[leaf[k]];
            }

            sum += new Vector<float>(gathered);
        }

        sum.StoreUnsafe(ref scores, (nuint)r0);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<uint> Load(Span<uint> s, int at) => Vector.LoadUnsafe(ref MemoryMarshal.GetReference(s), (nuint)at);

    /// <summary>
    /// Walks the tree for each row from the row-major features: a fixed number of steps, four rows at a
    /// time so their chains of loads overlap; a leaf's children are itself, so rows that arrive early stay.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Walk(ReadOnlySpan<int> record, ReadOnlySpan<float> rows, int n, int featureCount, ReadOnlySpan<int> forest, Span<int> leafIndex)
    {
        ref int nodes = ref Unsafe.Add(ref MemoryMarshal.GetReference(forest), forest[L.HeaderWalkNodesOffset]);
        ReadOnlySpan<int> categories = forest.Slice(forest[L.HeaderCategoriesOffset]);
        int root = record[L.TreeWalkRoot];
        int depth = record[L.TreeDepth];
        ref float x = ref MemoryMarshal.GetReference(rows);
        ref int leaf = ref MemoryMarshal.GetReference(leafIndex);
        int r = 0;
        for (; r + 4 <= n; r += 4)
        {
            int a = root, b = root, c = root, d = root;
            ref float xa = ref Unsafe.Add(ref x, r * featureCount);
            ref float xb = ref Unsafe.Add(ref xa, featureCount);
            ref float xc = ref Unsafe.Add(ref xb, featureCount);
            ref float xd = ref Unsafe.Add(ref xc, featureCount);
            for (int s = 0; s < depth; s++)
            {
                a = Step(ref nodes, a, ref xa, in categories);
                b = Step(ref nodes, b, ref xb, in categories);
                c = Step(ref nodes, c, ref xc, in categories);
                d = Step(ref nodes, d, ref xd, in categories);
            }

            Unsafe.Add(ref leaf, r) = Unsafe.Add(ref nodes, (a * L.NodeInts) + 1);
            Unsafe.Add(ref leaf, r + 1) = Unsafe.Add(ref nodes, (b * L.NodeInts) + 1);
            Unsafe.Add(ref leaf, r + 2) = Unsafe.Add(ref nodes, (c * L.NodeInts) + 1);
            Unsafe.Add(ref leaf, r + 3) = Unsafe.Add(ref nodes, (d * L.NodeInts) + 1);
        }

        for (; r < n; r++)
        {
            int a = root;
            ref float xa = ref Unsafe.Add(ref x, r * featureCount);
            for (int s = 0; s < depth; s++)
            {
                a = Step(ref nodes, a, ref xa, in categories);
            }

            Unsafe.Add(ref leaf, r) = Unsafe.Add(ref nodes, (a * L.NodeInts) + 1);
        }
    }

    /// <summary>
    /// Few rows (fewer than fill a vector): each row walks the trees four at a time, so four independent
    /// chains of loads overlap, and adds their leaves in tree order. Only for single-score sums, the common
    /// case; other ensembles go tree by tree.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WalkRows<TAcc>(ReadOnlySpan<float> rows, int n, int featureCount, ReadOnlySpan<int> forest, ReadOnlySpan<TAcc> leaves, Span<TAcc> scores)
        where TAcc : unmanaged, IFloatingPointIeee754<TAcc>
    {
        ref int nodes = ref Unsafe.Add(ref MemoryMarshal.GetReference(forest), forest[L.HeaderWalkNodesOffset]);
        ReadOnlySpan<int> categories = forest.Slice(forest[L.HeaderCategoriesOffset]);
        ref int records = ref Unsafe.Add(ref MemoryMarshal.GetReference(forest), forest[L.HeaderTreesOffset]);
        ref TAcc values = ref MemoryMarshal.GetReference(leaves);
        int trees = forest[L.HeaderTreeCount];
        for (int r = 0; r < n; r++)
        {
            ref float x = ref Unsafe.Add(ref MemoryMarshal.GetReference(rows), r * featureCount);
            ref TAcc score = ref scores[r];
            int t = 0;
            for (; t + 4 <= trees; t += 4)
            {
                ref int r0 = ref Unsafe.Add(ref records, t * L.TreeInts);
                ref int r1 = ref Unsafe.Add(ref r0, L.TreeInts);
                ref int r2 = ref Unsafe.Add(ref r1, L.TreeInts);
                ref int r3 = ref Unsafe.Add(ref r2, L.TreeInts);
                int a = Unsafe.Add(ref r0, L.TreeWalkRoot), b = Unsafe.Add(ref r1, L.TreeWalkRoot), c = Unsafe.Add(ref r2, L.TreeWalkRoot), d = Unsafe.Add(ref r3, L.TreeWalkRoot);
                int depth = Math.Max(Math.Max(Unsafe.Add(ref r0, L.TreeDepth), Unsafe.Add(ref r1, L.TreeDepth)), Math.Max(Unsafe.Add(ref r2, L.TreeDepth), Unsafe.Add(ref r3, L.TreeDepth)));
                for (int s = 0; s < depth; s++)
                {
                    a = Step(ref nodes, a, ref x, in categories);
                    b = Step(ref nodes, b, ref x, in categories);
                    c = Step(ref nodes, c, ref x, in categories);
                    d = Step(ref nodes, d, ref x, in categories);
                }

                score += Unsafe.Add(ref values, Unsafe.Add(ref r0, L.TreeLeafStart) + Unsafe.Add(ref nodes, (a * L.NodeInts) + 1));
                score += Unsafe.Add(ref values, Unsafe.Add(ref r1, L.TreeLeafStart) + Unsafe.Add(ref nodes, (b * L.NodeInts) + 1));
                score += Unsafe.Add(ref values, Unsafe.Add(ref r2, L.TreeLeafStart) + Unsafe.Add(ref nodes, (c * L.NodeInts) + 1));
                score += Unsafe.Add(ref values, Unsafe.Add(ref r3, L.TreeLeafStart) + Unsafe.Add(ref nodes, (d * L.NodeInts) + 1));
            }

            for (; t < trees; t++)
            {
                ref int r0 = ref Unsafe.Add(ref records, t * L.TreeInts);
                int a = Unsafe.Add(ref r0, L.TreeWalkRoot);
                int depth = Unsafe.Add(ref r0, L.TreeDepth);
                for (int s = 0; s < depth; s++)
                {
                    a = Step(ref nodes, a, ref x, in categories);
                }

                score += Unsafe.Add(ref values, Unsafe.Add(ref r0, L.TreeLeafStart) + Unsafe.Add(ref nodes, (a * L.NodeInts) + 1));
            }

        }
    }

    /// <summary>
    /// One step of a walk: the child the row goes to. A numeric test is a compare and an index, with no
    /// branch on the data; other tests (categories, zero-as-missing, equality) take the slow path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Step(ref int nodes, int index, ref float row, in ReadOnlySpan<int> categories)
    {
        ref int node = ref Unsafe.Add(ref nodes, index * L.NodeInts);
        int meta = node;
        float x = Unsafe.Add(ref row, meta & L.FeatureMask);
        if (meta >= 1 << L.KindShift)
        {
            return Unsafe.Add(ref node, GoesLeft(ref node, x, categories) ? 2 : 3);
        }

        // Right when x ≥ t, or when x is missing and missing values go right.
        float t = Unsafe.As<int, float>(ref Unsafe.Add(ref node, 1));
        int missingRight = ((meta >> 24) & 1) ^ 1;
        int right = (x >= t ? 1 : 0) | ((float.IsNaN(x) ? 1 : 0) & missingRight);
        return Unsafe.Add(ref node, 2 + right);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool GoesLeft(ref int node, float x, ReadOnlySpan<int> categories) =>
        GoesLeft(MemoryMarshal.CreateReadOnlySpan(ref node, L.NodeInts), x, categories);

    /// <summary>Any test of a walk node, lane by lane: the reference semantics the fast paths agree with.</summary>
    private static bool GoesLeft(ReadOnlySpan<int> node, float x, ReadOnlySpan<int> categories)
    {
        int meta = node[0];
        bool missingLeft = (meta & L.MissingLeftBit) != 0;
        if (float.IsNaN(x))
        {
            return missingLeft;
        }

        var test = (TreeTest)(meta >> L.KindShift);
        float t = BitConverter.Int32BitsToSingle(node[1]);
        switch (test)
        {
            case TreeTest.Less:
                return x < t;
            case TreeTest.LessOrEqual:
                return x <= t;
            case TreeTest.Equal:
                return x == t;
            case TreeTest.NotEqual:
                return x != t;
            case TreeTest.LessZeroAsMissing:
                // LightGBM's IsZero: |x| ≤ kZeroThreshold (1e-35f) counts as missing.
                return x >= -1e-35f && x <= 1e-35f ? missingLeft : x < t;
            case TreeTest.XGBoostCategory:
                // Invalid categories (negative, or from 2^24 where float32 stops holding every integer) go left.
                if (x < 0f || x >= 16777216f)
                {
                    return true;
                }

                return !InCategorySet(categories, node[1], (int)x);
            case TreeTest.LightGbmCategory:
                // static_cast<int> of a value beyond int's range is INT_MIN on x64, so those go right too.
                int category = x >= -2147483648f && x < 2147483648f ? (int)x : int.MinValue;
                return category >= 0 && InCategorySet(categories, node[1], category);
            default:
                throw new NeoRuntimeException("NEO3002", "NEO3002: the tree ensemble in the weights has a test this runtime does not know. Rebuild the project with one Neo version.");
        }
    }

    /// <summary>
    /// An XGBoost categorical node over a column of the block, with no call and no branch per row: the rows
    /// that go right (a valid category in the node's set, or NaN when missing values go right) lose the
    /// leaves of the left subtree. The same rule as <see cref="GoesLeft(ReadOnlySpan{int}, float, ReadOnlySpan{int})"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void XGBoostCategoryLanes(ReadOnlySpan<int> walk, ReadOnlySpan<int> categoryArea, ref float column, int n, Span<uint> low, Span<uint> high, uint keepLow, uint keepHigh)
    {
        uint missingRight = (walk[0] & L.MissingLeftBit) != 0 ? 0u : 1u;
        ReadOnlySpan<int> set = categoryArea.Slice(walk[1]);
        uint limit = (uint)set[0] * 32;
        ref int bits = ref Unsafe.Add(ref MemoryMarshal.GetReference(set), 1);
        ref uint lo = ref MemoryMarshal.GetReference(low);
        ref uint hi = ref MemoryMarshal.GetReference(high);
        for (int r = 0; r < n; r++)
        {
            float x = Unsafe.Add(ref column, r);

            // Invalid categories (negative, from 2^24, NaN) are not in the set; NaN goes right only when missing does.
            bool valid = x >= 0f && x < 16777216f;
            uint c = valid ? (uint)(int)x : uint.MaxValue;
            uint inSet = c < limit ? ((uint)Unsafe.Add(ref bits, (int)(c >> 5)) >> (int)(c & 31)) & 1u : 0u;
            uint right = inSet | ((float.IsNaN(x) ? 1u : 0u) & missingRight);
            uint clear = 0u - right;
            Unsafe.Add(ref lo, r) &= keepLow | ~clear;
            Unsafe.Add(ref hi, r) &= keepHigh | ~clear;
        }
    }

    /// <summary>Whether <paramref name="category"/> is in the bitset at <paramref name="offset"/> of the category area: [words, bits...].</summary>
    private static bool InCategorySet(ReadOnlySpan<int> categories, int offset, int category)
    {
        ReadOnlySpan<int> set = categories.Slice(offset);
        int words = set[0];
        int word = category >> 5;
        return word < words && ((uint)set[1 + word] & (1u << (category & 31))) != 0;
    }

    /// <summary>Adds (or, for MIN and MAX, folds) the tree's leaves into the block's scores, row by row in tree order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Accumulate<TAcc>(ReadOnlySpan<int> record, int n, int stride, ReadOnlySpan<TAcc> leaves, Span<int> leafIndex, Span<TAcc> scores, TreeAggregate aggregate)
        where TAcc : unmanaged, IFloatingPointIeee754<TAcc>
    {
        int leafStart = record[L.TreeLeafStart];
        int targetStart = record[L.TreeTargetStart];
        int targetCount = record[L.TreeTargetCount];
        ref TAcc values = ref Unsafe.Add(ref MemoryMarshal.GetReference(leaves), leafStart);
        if (targetCount == 1 && aggregate == TreeAggregate.Sum)
        {
            ref TAcc s = ref MemoryMarshal.GetReference(scores.Slice(targetStart * stride, n));
            for (int r = 0; r < n; r++)
            {
                Unsafe.Add(ref s, r) += Unsafe.Add(ref values, leafIndex[r]);
            }

            return;
        }

        for (int r = 0; r < n; r++)
        {
            ref TAcc leaf = ref Unsafe.Add(ref values, leafIndex[r] * targetCount);
            for (int j = 0; j < targetCount; j++)
            {
                TAcc v = Unsafe.Add(ref leaf, j);
                ref TAcc s = ref scores[((targetStart + j) * stride) + r];
                switch (aggregate)
                {
                    case TreeAggregate.Sum:
                        s += v;
                        break;
                    case TreeAggregate.Min:
                        // NaN marks a target the leaf does not score (ONNX leaves list only some targets).
                        if (!TAcc.IsNaN(v) && (TAcc.IsNaN(s) || v < s))
                        {
                            s = v;
                        }

                        break;
                    default:
                        if (!TAcc.IsNaN(v) && (TAcc.IsNaN(s) || v > s))
                        {
                            s = v;
                        }

                        break;
                }
            }
        }
    }

    /// <summary>Base scores added last (ONNX Runtime), averaging, then the transform, row by row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Finish<TAcc, TOutput>(Span<float> margin, Span<float> prediction, int predictionWidth, int first, int n, ReadOnlySpan<int> forest, ReadOnlySpan<TAcc> leaves, TOutput output, Block<TAcc> block)
        where TAcc : unmanaged, IFloatingPointIeee754<TAcc>
        where TOutput : struct, ITreeOutput
    {
        int targets = forest[L.HeaderTargetCount];
        var aggregate = (TreeAggregate)forest[L.HeaderAggregate];
        bool baseAfter = forest[L.HeaderBaseAfterTrees] != 0;
        int divisor = forest[L.HeaderAverageDivisor];
        int stride = block.Rows;
        Span<TAcc> row = block.Row;
        for (int r = 0; r < n; r++)
        {
            for (int t = 0; t < targets; t++)
            {
                TAcc s = block.Scores[(t * stride) + r];
                if (aggregate != TreeAggregate.Sum && TAcc.IsNaN(s))
                {
                    s = TAcc.Zero;
                }

                if (divisor != 0)
                {
                    s /= TAcc.CreateTruncating(divisor);
                }

                if (baseAfter)
                {
                    s += leaves[t];
                }

                row[t] = s;
            }

            int at = first + r;
            if (margin.Length != 0)
            {
                Span<float> m = margin.Slice(at * targets, targets);
                for (int t = 0; t < targets; t++)
                {
                    m[t] = float.CreateTruncating(row[t]);
                }
            }

            if (prediction.Length != 0)
            {
                Span<float> p = prediction.Slice(at * predictionWidth, predictionWidth);
                if (typeof(TAcc) == typeof(float))
                {
                    output.Predict(MemoryMarshal.Cast<TAcc, float>(row), p);
                }
                else
                {
                    output.Predict(MemoryMarshal.Cast<TAcc, double>(row), p);
                }
            }
        }

    }
}
