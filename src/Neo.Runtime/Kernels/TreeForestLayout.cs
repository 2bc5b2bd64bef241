using System.ComponentModel;

namespace Neo.Runtime.Kernels;

/// <summary>
/// The layout of a compiled tree ensemble in the weights blob: the contract between the compiler, which
/// writes it, and <see cref="Trees"/>, which walks it. One int32 tensor (the forest) holds a header, the
/// column map, one record per tree, the node arrays and the category bitsets; a second tensor (float32
/// or float64) holds the base scores followed by every tree's leaf values.
/// </summary>
/// <remarks>
/// <para>Header (<see cref="HeaderInts"/> ints): see the <c>Header*</c> constants.</para>
/// <para>Tree record (<see cref="TreeInts"/> ints): see the <c>Tree*</c> constants. Trees are evaluated,
/// and their leaves added, in record order, which is the model's order: the order a library sums in is
/// part of its arithmetic.</para>
/// <para>Walk node (4 ints): meta (input feature index in the low 24 bits, <see cref="MissingLeftBit"/>,
/// test kind at <see cref="KindShift"/>), threshold (float bits; for a categorical test the offset of its
/// bitset in the forest; for a leaf its leaf index), left node, right node. A leaf is a node whose
/// children are itself, so a walk of the tree's depth ends on it whatever path it took.</para>
/// <para>Block node (4 ints), for the bit-vector evaluation of a whole block of rows (QuickScorer): column
/// (index into the used-feature map), threshold (float bits; for a general node the index of its walk
/// node), and the two 32-bit words of the mask of leaves in its left subtree, which a row that goes right
/// clears. The exit leaf of a row is the lowest leaf bit left set.</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class TreeForestLayout
{
    /// <summary>The format version in header word 0.</summary>
    public const int Version = 1;

    /// <summary>Ints in the header.</summary>
    public const int HeaderInts = 16;

    /// <summary>Header: the format version.</summary>
    public const int HeaderVersion = 0;

    /// <summary>Header: number of trees.</summary>
    public const int HeaderTreeCount = 1;

    /// <summary>Header: features per input row (the row stride).</summary>
    public const int HeaderFeatureCount = 2;

    /// <summary>Header: number of distinct features the trees test (block columns).</summary>
    public const int HeaderColumnCount = 3;

    /// <summary>Header: scores per row (the margin's width).</summary>
    public const int HeaderTargetCount = 4;

    /// <summary>Header: how leaf values combine, a <see cref="TreeAggregate"/>.</summary>
    public const int HeaderAggregate = 5;

    /// <summary>Header: 1 when the base scores are added after the trees (ONNX Runtime), 0 when the sum starts from them (XGBoost).</summary>
    public const int HeaderBaseAfterTrees = 6;

    /// <summary>Header: the divisor of an averaged ensemble (0 for none).</summary>
    public const int HeaderAverageDivisor = 7;

    /// <summary>Header: offset of the column map (one input feature index per column).</summary>
    public const int HeaderColumnsOffset = 8;

    /// <summary>Header: offset of the tree records.</summary>
    public const int HeaderTreesOffset = 9;

    /// <summary>Header: offset of the block nodes.</summary>
    public const int HeaderBlockNodesOffset = 10;

    /// <summary>Header: offset of the walk nodes.</summary>
    public const int HeaderWalkNodesOffset = 11;

    /// <summary>Header: offset of the category bitsets.</summary>
    public const int HeaderCategoriesOffset = 12;

    /// <summary>Header: the smallest number of rows for which a block is evaluated with bit vectors.</summary>
    public const int HeaderBlockMinRows = 13;

    /// <summary>Ints per tree record.</summary>
    public const int TreeInts = 10;

    /// <summary>Tree: mask words of the block evaluation (1 or 2), or 0 when the tree is always walked.</summary>
    public const int TreeMaskWords = 0;

    /// <summary>Tree: the first block node.</summary>
    public const int TreeBlockStart = 1;

    /// <summary>Tree: block nodes whose missing values go left, first in the run.</summary>
    public const int TreeMissingLeftCount = 2;

    /// <summary>Tree: block nodes whose missing values go right, after those.</summary>
    public const int TreeMissingRightCount = 3;

    /// <summary>Tree: block nodes evaluated lane by lane (categorical and other tests), last.</summary>
    public const int TreeGeneralCount = 4;

    /// <summary>Tree: the walk node of the root.</summary>
    public const int TreeWalkRoot = 5;

    /// <summary>Tree: the depth (steps of a walk from the root to the deepest leaf).</summary>
    public const int TreeDepth = 6;

    /// <summary>Tree: index of the tree's first leaf value in the leaf tensor (which starts with the base scores).</summary>
    public const int TreeLeafStart = 7;

    /// <summary>Tree: the first score the leaves add to.</summary>
    public const int TreeTargetStart = 8;

    /// <summary>Tree: scores per leaf.</summary>
    public const int TreeTargetCount = 9;

    /// <summary>Walk node meta: the input feature index.</summary>
    public const int FeatureMask = 0xFFFFFF;

    /// <summary>Walk node meta: missing values (NaN) go to the left child.</summary>
    public const int MissingLeftBit = 1 << 24;

    /// <summary>Walk node meta: where the <see cref="TreeTest"/> starts.</summary>
    public const int KindShift = 25;

    /// <summary>Ints per node, walk or block.</summary>
    public const int NodeInts = 4;
}

/// <summary>How leaf values of the trees combine into a score.</summary>
public enum TreeAggregate
{
    /// <summary>The sum (gradient boosting), then divided by the average divisor when there is one.</summary>
    Sum = 0,

    /// <summary>The smallest leaf value (ONNX <c>MIN</c>).</summary>
    Min = 1,

    /// <summary>The largest leaf value (ONNX <c>MAX</c>).</summary>
    Max = 2,
}

/// <summary>The test of a walk node: when a row goes to the left child.</summary>
public enum TreeTest
{
    /// <summary>x &lt; threshold; missing values follow the node's default.</summary>
    Less = 0,

    /// <summary>
    /// XGBoost's categorical split: missing follows the default; a negative value or one from 2^24 up goes
    /// left; otherwise the truncated value goes right when it is in the node's set, left when it is not.
    /// </summary>
    XGBoostCategory = 1,

    /// <summary>
    /// LightGBM's categorical split: missing follows the default (LightGBM sends it right); a value whose
    /// truncation is negative goes right; otherwise the truncated value goes left when it is in the node's
    /// set, right when it is not.
    /// </summary>
    LightGbmCategory = 2,

    /// <summary>LightGBM's zero-as-missing: missing or |x| ≤ 1e-35 follows the default; otherwise x &lt; threshold.</summary>
    LessZeroAsMissing = 3,

    /// <summary>x ≤ threshold (kept for thresholds with no float above them); missing follows the default.</summary>
    LessOrEqual = 4,

    /// <summary>x = threshold; missing follows the default.</summary>
    Equal = 5,

    /// <summary>x ≠ threshold; missing follows the default.</summary>
    NotEqual = 6,
}
