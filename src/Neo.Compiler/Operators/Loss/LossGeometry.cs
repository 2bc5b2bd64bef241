using System;
using System.Linq;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Loss;

/// <summary>What NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss share: [N, C, d…] scores, [N, d…] targets, weights, reduction, ignore_index.</summary>
internal static class LossGeometry
{
    public static (int Batch, int Classes, int Inner) Check(Node node)
    {
        int[] x = node.RequireInput(0).Shape!, t = node.RequireInput(1).Shape!;
        if (x.Length < 2 || t.Length != x.Length - 1 || t[0] != x[0] || !t.Skip(1).SequenceEqual(x.Skip(2)))
        {
            throw new CompileErrorException(DiagnosticCodes.ShapeMismatch, $"node {node.Display} has scores {Shapes.Format(x)} and targets {Shapes.Format(t)}; it needs [N, C, d...] and [N, d...].", node.Name);
        }

        if (node.Input(2) is { } w && (w.Shape!.Length != 1 || w.Shape[0] != x[1]))
        {
            throw new CompileErrorException(DiagnosticCodes.ShapeMismatch, $"node {node.Display} has weights {Shapes.Format(w.Shape)} for {x[1]} classes.", node.Name);
        }

        _ = Reduction(node);
        return (x[0], x[1], checked((int)Shapes.Size(x.AsSpan(2))));
    }

    public static string Reduction(Node node) => node.GetString("reduction", "mean") switch
    {
        "none" => "LossReduction.None",
        "sum" => "LossReduction.Sum",
        "mean" => "LossReduction.Mean",
        string r => throw new CompileErrorException(DiagnosticCodes.InvalidNode, $"node {node.Display} has reduction '{r}'; ONNX defines none, sum and mean.", node.Name),
    };

    /// <summary>The loss's shape: the targets' for reduction none, else a scalar.</summary>
    public static int[] LossShape(Node node) =>
        node.GetString("reduction", "mean") == "none" ? node.RequireInput(1).Shape! : Array.Empty<int>();

    public static void Common(StepBuilder step, Node node, (int Batch, int Classes, int Inner) g) =>
        step.Int("batch", g.Batch).Int("classes", g.Classes).Int("inner", g.Inner)
            .Bool("ignore", node.HasAttribute("ignore_index")).Long("ignoreIndex", node.GetInt("ignore_index", 0))
            .Expr("reduction", Reduction(node));
}
