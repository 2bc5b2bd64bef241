using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators;

namespace Neo.Compiler.Trees;

/// <summary>
/// Neo's own operator for a whole tree model (domain <c>neo</c>): the node the XGBoost and LightGBM
/// importers make, holding the <see cref="TreeEnsemble"/> as its <c>ensemble</c> attribute. Input
/// <c>features</c> float [rows, features]; outputs <c>prediction</c> (what the library's predict returns)
/// and <c>margin</c> (the raw scores), each [rows] for one value per row, else [rows, width].
/// </summary>
public sealed class TreeEnsembleOperator : Operator
{
    public const string Name = "TreeEnsemble";

    public const string NeoDomain = "neo";

    public override string OpType => Name;

    public override string Domain => NeoDomain;

    public override string Notes => "A whole XGBoost or LightGBM model (from .json, .ubj or .txt files).";

    public static TreeEnsemble Ensemble(Node node) =>
        node.Attributes.TryGetValue("ensemble", out NodeAttribute? a) && a.Payload is TreeEnsemble e
            ? e
            : throw Invalid(node, "has no tree ensemble.");

    public override void InferShapes(Node node)
    {
        TreeEnsemble e = Ensemble(node);
        RequireType(node, 0, DataType.Float32);
        int[] shape = ShapeOf(node.RequireInput(0));
        if (shape.Length != 2 || shape[1] != e.FeatureCount)
        {
            throw Mismatch(node, $"reads features of shape {Shapes.Format(shape)}; the model takes [rows, {e.FeatureCount}].");
        }

        SetOutput(node, 0, DataType.Float32, TreeLowering.RowShape(shape[0], e.PredictionWidth));
        SetOutput(node, 1, DataType.Float32, TreeLowering.RowShape(shape[0], e.TargetCount));
    }

    public override void Lower(Node node, LoweringContext context) =>
        TreeLowering.Lower(Ensemble(node), node.RequireInput(0), node.Output(0), node.Output(1), context);

    public override long Macs(Node node) => TreeLowering.Macs(Ensemble(node), node.RequireInput(0).Shape![0]);
}
