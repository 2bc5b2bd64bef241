using System;
using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.LinearAlgebra;

/// <summary>
/// Einsum of one or two operands: explicit ("ij,jk->ik") and implicit ("ij,jk", output labels sorted, those
/// appearing once) forms, repeated labels (diagonals), and "..." for broadcast leading dims.
/// </summary>
public sealed class Einsum : Operator
{
    public override string OpType => "Einsum";

    public override OpKind Kind => OpKind.Opaque;

    public override string Notes => "one or two operands; explicit, implicit, diagonals, ellipsis";

    private sealed record Spec(char[] OutLabels, char[] SumLabels, Dictionary<char, int> Sizes, List<char[]> Operands);

    private static Spec Parse(Node node)
    {
        string eq = node.Require("equation").String.Replace(" ", "", StringComparison.Ordinal);
        Value[] xs = node.Inputs.Where(i => i is not null).Select(i => i!).ToArray();
        if (xs.Length is < 1 or > 2)
        {
            throw NotImplemented(node, $"has {xs.Length} operands; Neo implements Einsum of one or two.");
        }

        int arrow = eq.IndexOf("->", StringComparison.Ordinal);
        string lhs = arrow < 0 ? eq : eq[..arrow];
        string[] terms = lhs.Split(',');
        if (terms.Length != xs.Length)
        {
            throw Invalid(node, $"has equation '{eq}' with {terms.Length} terms for {xs.Length} operands.");
        }

        // "..." stands for the leading dims not named; give them labels that cannot clash ('0', '1', ...).
        int ellipsisRank = 0;
        var operands = new List<char[]>();
        var sizes = new Dictionary<char, int>();
        for (int t = 0; t < terms.Length; t++)
        {
            int[] shape = xs[t].Shape!;
            string term = terms[t];
            int named = term.Replace("...", "", StringComparison.Ordinal).Length;
            int er = term.Contains("...", StringComparison.Ordinal) ? shape.Length - named : 0;
            if (er < 0 || (!term.Contains("...", StringComparison.Ordinal) && named != shape.Length))
            {
                throw Mismatch(node, $"has term '{term}' for operand {Shapes.Format(shape)}.");
            }

            ellipsisRank = Math.Max(ellipsisRank, er);
            string expanded = term.Replace("...", new string(Enumerable.Range(0, er).Select(i => (char)('0' + (ellipsisRank - er) + i)).ToArray()), StringComparison.Ordinal);
            char[] labels = expanded.ToCharArray();
            for (int d = 0; d < labels.Length; d++)
            {
                if (sizes.TryGetValue(labels[d], out int size) && size != shape[d] && size != 1 && shape[d] != 1)
                {
                    throw Mismatch(node, $"gives label '{labels[d]}' sizes {size} and {shape[d]}.");
                }

                sizes[labels[d]] = sizes.TryGetValue(labels[d], out int old) ? Math.Max(old, shape[d]) : shape[d];
            }

            operands.Add(labels);
        }

        char[] outLabels;
        string ell = new(Enumerable.Range(0, ellipsisRank).Select(i => (char)('0' + i)).ToArray());
        if (arrow >= 0)
        {
            outLabels = eq[(arrow + 2)..].Replace("...", ell, StringComparison.Ordinal).ToCharArray();
        }
        else
        {
            var counts = operands.SelectMany(o => o).Where(char.IsLetter).GroupBy(c => c).Where(g => g.Count() == 1).Select(g => g.Key).OrderBy(c => c);
            outLabels = ell.Concat(counts).ToArray();
        }

        if (outLabels.Any(c => !sizes.ContainsKey(c)) || outLabels.Distinct().Count() != outLabels.Length)
        {
            throw Invalid(node, $"has equation '{eq}', whose output labels are unknown or repeated.");
        }

        char[] sum = sizes.Keys.Where(c => !outLabels.Contains(c)).OrderBy(c => c).ToArray();
        return new Spec(outLabels, sum, sizes, operands);
    }

    public override void InferShapes(Node node)
    {
        Value a = node.RequireInput(0);
        RequireType(node, 0, DataType.Float32, DataType.Float64, DataType.Int64, DataType.Int32);
        if (node.Input(1) is { } b && b.Type != a.Type)
        {
            throw Mismatch(node, "has operands of different types.");
        }

        Spec s = Parse(node);
        SetOutput(node, 0, a.Type, s.OutLabels.Select(c => s.Sizes[c]).ToArray());
    }

    /// <summary>One stride per label for an operand: the sum over its dims with that label (0 if it lacks it or broadcasts it).</summary>
    private static int[] LabelStrides(char[] labels, int[] shape, char[] wanted)
    {
        var rowMajor = new int[shape.Length];
        int acc = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            rowMajor[d] = acc;
            acc *= shape[d];
        }

        return wanted.Select(c => Enumerable.Range(0, labels.Length).Where(d => labels[d] == c && shape[d] != 1).Sum(d => rowMajor[d])).ToArray();
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value y = node.Output(0)!;
        if (y.Size == 0)
        {
            return;
        }

        Spec s = Parse(node);
        Value a = node.Input(0)!;
        Value? b = node.Input(1);
        int[] outShape = s.OutLabels.Select(c => s.Sizes[c]).ToArray();
        int[] sumShape = s.SumLabels.Select(c => s.Sizes[c]).ToArray();
        StepBuilder step = context.Step("Einsum.Run").In("a", a);
        step = b is null ? step.Expr("b", "default") : step.In("b", b);
        step.Out("y", y)
            .Ints("outShape", outShape.Length == 0 ? new[] { 1 } : outShape)
            .Ints("sumShape", sumShape)
            .Ints("aOutStrides", outShape.Length == 0 ? new[] { 0 } : LabelStrides(s.Operands[0], a.Shape!, s.OutLabels))
            .Ints("aSumStrides", LabelStrides(s.Operands[0], a.Shape!, s.SumLabels));
        if (b is null)
        {
            step.Expr("bOutStrides", "default").Expr("bSumStrides", "default").Bool("twoOperands", false);
        }
        else
        {
            step.Ints("bOutStrides", outShape.Length == 0 ? new[] { 0 } : LabelStrides(s.Operands[1], b.Shape!, s.OutLabels))
                .Ints("bSumStrides", LabelStrides(s.Operands[1], b.Shape!, s.SumLabels))
                .Bool("twoOperands", true);
        }
    }
}
