using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Neo.Runtime.Kernels;

namespace Neo.Compiler.Trees;

/// <summary>
/// The tree IR: what every tree importer (XGBoost JSON and UBJSON, LightGBM text, ONNX-ML TreeEnsemble)
/// produces and what <see cref="TreeLowering"/> compiles. Each node's test is already in the form the
/// runtime evaluates (go left when x &lt; threshold, in float32, with the library's missing-value and
/// categorical rules), so lowering does no library-specific arithmetic.
/// </summary>
public sealed class TreeEnsemble
{
    public TreeEnsemble(string library, int featureCount, int targetCount)
    {
        Library = library;
        FeatureCount = featureCount;
        TargetCount = targetCount;
        BaseScores = new double[targetCount];
    }

    /// <summary>What the trees come from, for messages and the generated docs (<c>XGBoost 1.7.4 binary:logistic</c>).</summary>
    public string Library { get; set; }

    /// <summary>Features per row of input.</summary>
    public int FeatureCount { get; }

    /// <summary>Raw scores per row: the margin's width (classes for multi-class models).</summary>
    public int TargetCount { get; }

    public List<DecisionTree> Trees { get; } = new();

    /// <summary>The score each target starts from (XGBoost's base margin, ONNX base_values).</summary>
    public double[] BaseScores { get; }

    /// <summary>ONNX Runtime adds the base after the trees; XGBoost starts the sum from it. Float sums differ in the last bit.</summary>
    public bool BaseAfterTrees { get; set; }

    public TreeAggregate Aggregate { get; set; } = TreeAggregate.Sum;

    /// <summary>Divides the summed score (ONNX AVERAGE, LightGBM average_output); 0 for none.</summary>
    public int AverageDivisor { get; set; }

    /// <summary>Leaf values and sums in float64 (LightGBM) instead of float32 (XGBoost, ONNX Runtime).</summary>
    public bool Float64 { get; set; }

    /// <summary>The library's transform from raw scores to predictions.</summary>
    public TreeOutputKind Output { get; set; } = TreeOutputKind.Raw;

    /// <summary>The transform's parameter (LightGBM's sigmoid scale).</summary>
    public double OutputScale { get; set; } = 1.0;

    /// <summary>Predictions per row: 1 for an arg-max output, else one per target.</summary>
    public int PredictionWidth => Output == TreeOutputKind.XGBoostArgMax ? 1 : TargetCount;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Library}: {Trees.Count} trees, {Trees.Sum(t => t.Nodes.Count)} nodes, {FeatureCount} features, {TargetCount} scores, output {Output}");
}

/// <summary>One tree: nodes with the root first, and the scores its leaves add to.</summary>
public sealed class DecisionTree
{
    public List<TreeNode> Nodes { get; } = new();

    /// <summary>The first target the leaves score; leaf i adds <c>Values[j]</c> to target <c>TargetStart + j</c>.</summary>
    public int TargetStart { get; set; }

    public int TargetCount { get; set; } = 1;
}

/// <summary>A split (Left ≥ 0) or a leaf (Left = Right = -1).</summary>
public sealed class TreeNode
{
    public int Left { get; set; } = -1;

    public int Right { get; set; } = -1;

    public bool IsLeaf => Left < 0;

    /// <summary>The input feature the split tests.</summary>
    public int Feature { get; set; }

    public TreeTest Test { get; set; } = TreeTest.Less;

    /// <summary>The float32 threshold: go left when x &lt; Threshold (or as <see cref="Test"/> says).</summary>
    public float Threshold { get; set; }

    /// <summary>Where a missing value (NaN) goes.</summary>
    public bool MissingLeft { get; set; }

    /// <summary>The category set of a categorical split (which side it means depends on <see cref="Test"/>).</summary>
    public int[]? Categories { get; set; }

    /// <summary>A leaf's values, one per target of the tree (NaN: the leaf does not score that target, for MIN and MAX).</summary>
    public double[] Values { get; set; } = Array.Empty<double>();

    /// <summary>Training rows (or hessian) that reached the node, when the model records it; 0 when unknown.</summary>
    public double Cover { get; set; }

    public static TreeNode Leaf(params double[] values) => new() { Values = values };
}

/// <summary>The transforms from raw scores to what each library's predict returns (runtime <see cref="ITreeOutput"/> structs).</summary>
public enum TreeOutputKind
{
    Raw,
    XGBoostSigmoid,
    XGBoostSoftmax,
    XGBoostArgMax,
    XGBoostExp,
    XGBoostHinge,
    LightGbmSigmoid,
    LightGbmSoftmax,
    LightGbmExp,
    LightGbmSoftplus,
    LightGbmSquare,
    OnnxLogistic,
    OnnxSoftmax,
    OnnxSoftmaxZero,
    OnnxProbit,
}
