using System;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators.Support;

namespace Neo.Compiler.Operators.Text;

/// <summary>
/// TfIdfVectorizer over integer token ids (pool_int64s): n-gram counts with skips, as TF, IDF or TFIDF.
/// String pools are outside Neo's tensor types.
/// </summary>
public sealed class TfIdfVectorizer : Operator
{
    public override string OpType => "TfIdfVectorizer";

    public override OpKind Kind => OpKind.Opaque;

    public override string Notes => "integer pools; TF, IDF, TFIDF";

    private sealed record Spec(long[] Pool, int[] Starts, int[] Counts, int[] Ordinals, long[] Indexes, float[] Weights, int Min, int Max, int Skip, int Mode, int OutputSize);

    private static Spec Read(Node node)
    {
        if (node.HasAttribute("pool_strings"))
        {
            throw NotImplemented(node, "has a string pool; Neo implements TfIdfVectorizer over integer token ids (pool_int64s).");
        }

        long[] pool = node.Require("pool_int64s").Ints;
        long[] starts = node.Require("ngram_counts").Ints;
        long[] indexes = node.Require("ngram_indexes").Ints;
        int min = (int)node.Require("min_gram_length").Int, max = (int)node.Require("max_gram_length").Int;
        int skip = (int)node.Require("max_skip_count").Int;
        int mode = node.Require("mode").String switch
        {
            "TF" => 0,
            "IDF" => 1,
            "TFIDF" => 2,
            string m => throw Invalid(node, $"has mode '{m}'; ONNX allows TF, IDF and TFIDF."),
        };
        if (min < 1 || max < min || starts.Length < max || skip < 0)
        {
            throw Invalid(node, $"has gram lengths {min} to {max} with {starts.Length} ngram_counts.");
        }

        var s = new int[max];
        var c = new int[max];
        var o = new int[max];
        int ordinal = 0;
        for (int n = 1; n <= max; n++)
        {
            int begin = (int)starts[n - 1];
            int end = n < starts.Length ? (int)starts[n] : pool.Length;
            s[n - 1] = begin;
            c[n - 1] = (end - begin) / n;
            o[n - 1] = ordinal;
            ordinal += c[n - 1];
        }

        if (ordinal != indexes.Length)
        {
            throw Invalid(node, $"has {ordinal} n-grams in its pool and {indexes.Length} ngram_indexes.");
        }

        float[] weights = node.GetFloats("weights") ?? Array.Empty<float>();
        return new Spec(pool, s, c, o, indexes, weights, min, max, skip, mode, indexes.Length == 0 ? 0 : (int)indexes.Max() + 1);
    }

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, DataType.Int64, DataType.Int32);
        int[] x = ShapeOf(node.RequireInput(0));
        if (x.Length is < 1 or > 2)
        {
            throw Invalid(node, $"has input {Shapes.Format(x)}; TfIdfVectorizer takes [C] or [N, C].");
        }

        Spec s = Read(node);
        SetOutput(node, 0, DataType.Float32, x.Length == 1 ? new[] { s.OutputSize } : new[] { x[0], s.OutputSize });
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.Input(0)!;
        int[] shape = x.Shape!;
        Spec s = Read(node);
        StepBuilder step = context.Step(KernelTypes.Call("Text.TfIdf", KernelTypes.PlanName(x.Type))).In("x", x).Out("y", node.Output(0)!)
            .In("pool", context.Weights(node.Name + " pool", TensorData.FromLongs(new[] { s.Pool.Length }, s.Pool)))
            .Ints("gramStarts", s.Starts).Ints("gramCounts", s.Counts).Ints("gramOrdinals", s.Ordinals)
            .In("ngramIndexes", context.Weights(node.Name + " indexes", TensorData.FromLongs(new[] { s.Indexes.Length }, s.Indexes)));
        step = s.Weights.Length > 0 ? step.In("weights", context.Weights(node.Name + " weights", TensorData.FromFloats(new[] { s.Weights.Length }, s.Weights))) : step.Expr("weights", "default");
        step.Int("rows", shape.Length == 1 ? 1 : shape[0]).Int("rowLength", shape[^1]).Int("outputSize", s.OutputSize)
            .Int("minGram", s.Min).Int("maxGram", s.Max).Int("maxSkip", s.Skip).Int("mode", s.Mode);
    }
}
