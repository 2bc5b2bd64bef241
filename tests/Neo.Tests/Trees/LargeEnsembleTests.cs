using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Neo.Compiler.Options;
using Neo.Hosting;
using Neo.Runtime;
using Xunit;
using Xunit.Abstractions;

namespace Neo.Tests.Trees;

/// <summary>
/// A 1,000-tree XGBoost model (depth 6, 127,000 nodes, a 12 MB JSON file) builds end to end (import,
/// plan, generator, Roslyn, load) in well under the issue's minute on two cores, because the trees are
/// data in the weights blob rather than C# code; and it predicts what a plain tree walk predicts.
/// </summary>
public sealed class LargeEnsembleTests
{
    private readonly ITestOutputHelper _output;

    public LargeEnsembleTests(ITestOutputHelper output)
    {
        _output = output;
    }

    private const int Trees = 1000, Depth = 6, Features = 50;

    [Fact]
    public void ThousandTreeModelBuildsInUnderAMinuteAndPredictsExactly()
    {
        var rng = new Random(42);
        var thresholds = new float[Trees][];
        var features = new int[Trees][];
        var leaves = new float[Trees][];
        var defaultLeft = new bool[Trees][];
        string path = Path.Combine(Path.GetTempPath(), "neo-1000-trees-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, Json(rng, thresholds, features, leaves, defaultLeft));
        try
        {
            var clock = Stopwatch.StartNew();
            InMemoryModel built = InMemoryModel.Build(new CompileRequest { ModelPath = path, Shapes = "features=256x50", ClassName = "Thousand", Namespace = "Neo.Tests.Trees" });
            using INeoModel model = built.Create();
            clock.Stop();
            _output.WriteLine($"1,000 trees ({new FileInfo(path).Length / 1e6:F1} MB of JSON): built in {clock.Elapsed.TotalSeconds:F1} s; generated source {built.Source.Length} characters; weights {built.Result.Weights!.Length / 1e6:F1} MB");
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(1), $"building the 1,000-tree model took {clock.Elapsed}");
            Assert.True(built.Source.Length < 100_000, $"the generated source is {built.Source.Length} characters: the trees must be weights, not code");

            var x = new float[256 * Features];
            for (int i = 0; i < x.Length; i++)
            {
                x[i] = rng.NextDouble() < 0.05 ? float.NaN : (float)(rng.NextDouble() * 2 - 1);
            }

            var prediction = new float[256];
            var margin = new float[256];
            model.Run(new Array[] { x }, new Array[] { prediction, margin });
            var expected = new float[256];
            for (int r = 0; r < 256; r++)
            {
                float sum = 0.5f; // reg:squarederror: the base margin is base_score
                for (int t = 0; t < Trees; t++)
                {
                    int n = 0;
                    while (n < (1 << Depth) - 1)
                    {
                        float v = x[(r * Features) + features[t][n]];
                        bool left = float.IsNaN(v) ? defaultLeft[t][n] : v < thresholds[t][n];
                        n = (2 * n) + (left ? 1 : 2);
                    }

                    sum += leaves[t][n - ((1 << Depth) - 1)];
                }

                expected[r] = sum;
            }

            TreeAssert.BitEqual(expected, margin, "1,000-tree margin");
            TreeAssert.BitEqual(expected, prediction, "1,000-tree prediction");
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>An XGBoost 1.7 JSON model of complete trees in breadth-first order (node n's children are 2n+1 and 2n+2).</summary>
    private static string Json(Random rng, float[][] thresholds, int[][] features, float[][] leaves, bool[][] defaultLeft)
    {
        int splits = (1 << Depth) - 1, nodes = (2 << Depth) - 1;
        var sb = new StringBuilder();
        sb.Append("{\"learner\":{\"attributes\":{},\"feature_names\":[],\"feature_types\":[],\"gradient_booster\":{\"model\":{\"gbtree_model_param\":{\"num_parallel_tree\":\"1\",\"num_trees\":\"")
          .Append(Trees).Append("\",\"size_leaf_vector\":\"0\"},\"tree_info\":[").Append(Ints(new int[Trees])).Append("],\"trees\":[");
        for (int t = 0; t < Trees; t++)
        {
            thresholds[t] = new float[splits];
            features[t] = new int[splits];
            defaultLeft[t] = new bool[splits];
            leaves[t] = new float[splits + 1];
            var left = new int[nodes];
            var right = new int[nodes];
            var index = new int[nodes];
            var condition = new float[nodes];
            var dl = new int[nodes];
            for (int n = 0; n < nodes; n++)
            {
                if (n < splits)
                {
                    features[t][n] = index[n] = rng.Next(Features);
                    thresholds[t][n] = condition[n] = (float)(rng.NextDouble() * 2 - 1);
                    defaultLeft[t][n] = rng.Next(2) == 1;
                    dl[n] = defaultLeft[t][n] ? 1 : 0;
                    left[n] = (2 * n) + 1;
                    right[n] = (2 * n) + 2;
                }
                else
                {
                    leaves[t][n - splits] = condition[n] = (float)(rng.NextDouble() - 0.5) * 0.01f;
                    left[n] = right[n] = -1;
                }
            }

            sb.Append(t == 0 ? "" : ",").Append("{\"base_weights\":[],\"categories\":[],\"categories_nodes\":[],\"categories_segments\":[],\"categories_sizes\":[],")
              .Append("\"default_left\":[").Append(Ints(dl)).Append("],\"id\":").Append(t)
              .Append(",\"left_children\":[").Append(Ints(left)).Append("],\"loss_changes\":[],\"parents\":[],\"right_children\":[").Append(Ints(right))
              .Append("],\"split_conditions\":[").Append(string.Join(",", condition.Select(c => c.ToString("R", CultureInfo.InvariantCulture))))
              .Append("],\"split_indices\":[").Append(Ints(index)).Append("],\"split_type\":[").Append(Ints(new int[nodes]))
              .Append("],\"sum_hessian\":[],\"tree_param\":{\"num_deleted\":\"0\",\"num_feature\":\"").Append(Features).Append("\",\"num_nodes\":\"").Append(nodes).Append("\",\"size_leaf_vector\":\"0\"}}");
        }

        sb.Append("]},\"name\":\"gbtree\"},\"learner_model_param\":{\"base_score\":\"5E-1\",\"boost_from_average\":\"1\",\"num_class\":\"0\",\"num_feature\":\"")
          .Append(Features).Append("\",\"num_target\":\"1\"},\"objective\":{\"name\":\"reg:squarederror\",\"reg_loss_param\":{\"scale_pos_weight\":\"1\"}}},\"version\":[1,7,4]}");
        return sb.ToString();
    }

    /// <summary>A JSON array's items, written the same in every culture (sv-SE would write -1 with U+2212).</summary>
    private static string Ints(int[] values) => string.Join(",", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));
}
