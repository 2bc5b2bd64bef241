using Neo.Compiler.IR;

namespace Neo.Compiler.Trees;

/// <summary>
/// The graph of an XGBoost or LightGBM model: input <c>features</c> float [rows, features] (rows symbolic,
/// 1 unless Shapes sets it), one <see cref="TreeEnsembleOperator"/> node, outputs <c>prediction</c> then
/// <c>margin</c>.
/// </summary>
public static class TreeModelGraph
{
    public const string FeaturesName = "features";

    public const string PredictionName = "prediction";

    public const string MarginName = "margin";

    public static Model Build(TreeEnsemble ensemble, string path, string format, string producer)
    {
        var graph = new Graph { Name = format };
        var features = new Value(FeaturesName, DataType.Float32, new[] { -1, ensemble.FeatureCount })
        {
            SymbolicDims = new[] { "rows", null },
            DefaultsToOneQuietly = true,
        };
        graph.Inputs.Add(features);
        var node = new Node("trees", TreeEnsembleOperator.Name, TreeEnsembleOperator.NeoDomain) { OpsetVersion = 1 };
        node.Attributes["ensemble"] = NodeAttribute.FromPayload("ensemble", ensemble);
        node.Inputs.Add(features);
        var prediction = new Value(PredictionName, DataType.Float32) { Producer = node };
        var margin = new Value(MarginName, DataType.Float32) { Producer = node };
        node.Outputs.Add(prediction);
        node.Outputs.Add(margin);
        node.Origin.Add(node.Name);
        graph.Nodes.Add(node);
        graph.Outputs.Add(prediction);
        graph.Outputs.Add(margin);
        return new Model(graph, path) { Format = format, Producer = producer };
    }
}
