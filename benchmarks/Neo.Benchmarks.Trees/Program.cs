using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace Neo.Benchmarks.Trees;

/// <summary>
/// Runs the tree benchmarks, then prints the "Tree ensembles" table of docs/benchmarks.md: Neo's median
/// against XGBoost's (from xgboost_times.json, written by xgboost_predict.py), the branch-code baseline and
/// ONNX Runtime, with the geometric mean of the ratios.
///
///   /usr/bin/python3 tests/data/trees/make_cases.py --bench
///   /usr/bin/python3 benchmarks/Neo.Benchmarks.Trees/xgboost_predict.py
///   dotnet run -c Release --project benchmarks/Neo.Benchmarks.Trees
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        // NEO_TREE_BENCH_QUICK=1: fewer iterations, for a loaded machine and little time.
        bool quick = Environment.GetEnvironmentVariable("NEO_TREE_BENCH_QUICK") == "1";
        IConfig config = DefaultConfig.Instance
            // In process: building the boilerplate project out of process takes minutes on a shared 2-core machine.
            .AddJob(Job.Default.WithWarmupCount(quick ? 1 : 3).WithIterationCount(quick ? 7 : 15).WithLaunchCount(1).WithToolchain(InProcessEmitToolchain.Instance))
            .WithSummaryStyle(SummaryStyle.Default.WithTimeUnit(TimeUnit.Microsecond))
            .AddExporter(new CsvExporter(CsvSeparator.Comma, SummaryStyle.Default.WithTimeUnit(TimeUnit.Microsecond).WithZeroMetricValuesInContent()))
            .AddColumn(StatisticColumn.Median);
        Summary[] summaries = args.Length > 0
            ? BenchmarkSwitcher.FromTypes(new[] { typeof(TreeBenchmarks), typeof(OnnxRuntimeTreeBenchmarks) }).Run(args, config).ToArray()
            : new[] { BenchmarkRunner.Run<TreeBenchmarks>(config), BenchmarkRunner.Run<OnnxRuntimeTreeBenchmarks>(config) };
        Console.WriteLine(Table(summaries));
    }

    private static string Table(IEnumerable<Summary> summaries)
    {
        var median = new Dictionary<(string Case, int Rows, string Method), double>();
        foreach (Summary s in summaries)
        {
            foreach (BenchmarkReport r in s.Reports.Where(r => r.ResultStatistics is not null))
            {
                string c = (string)r.BenchmarkCase.Parameters["Case"];
                int rows = (int)r.BenchmarkCase.Parameters["Rows"];
                median[(c, rows, r.BenchmarkCase.Descriptor.WorkloadMethod.Name)] = r.ResultStatistics!.Median / 1000.0;
            }
        }

        string xgbPath = Path.Combine(TreeBenchmarkCase.RepoRoot, "benchmarks", "Neo.Benchmarks.Trees", "xgboost_times.json");
        var xgb = new Dictionary<string, double>();
        if (File.Exists(xgbPath))
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(xgbPath));
            foreach (JsonProperty p in doc.RootElement.EnumerateObject())
            {
                xgb[p.Name] = p.Value.GetProperty("best_us").GetDouble();
            }
        }

        var lines = new List<string>
        {
            "| case | XGBoost 1.7 (µs) | Neo (µs) | XGBoost / Neo | XGBoost from Python (µs) | branch code (µs) | ONNX Runtime (µs) | ORT / Neo | Neo, 1 row (µs) | XGBoost, 1 row (µs) | branch code, 1 row (µs) |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        };
        var ratios = new List<double>();
        var ortRatios = new List<double>();
        foreach (string c in median.Keys.Select(k => k.Case).Distinct())
        {
            double neo = Get(median, c, 4096, "Neo");
            double x = Get(median, c, 4096, "XGBoost");
            double py = xgb.TryGetValue(c, out double v) ? v : double.NaN;
            double ort = Get(median, c, 4096, "OnnxRuntime");
            if (!double.IsNaN(x))
            {
                ratios.Add(x / neo);
            }

            if (!double.IsNaN(ort))
            {
                ortRatios.Add(ort / neo);
            }

            lines.Add(string.Create(CultureInfo.InvariantCulture, $"| {c} | {F(x)} | {F(neo)} | {R(x / neo)} | {F(py)} | {F(Get(median, c, 4096, "BranchCode"))} | {F(ort)} | {R(ort / neo)} | {F(Get(median, c, 1, "Neo"), 2)} | {F(Get(median, c, 1, "XGBoost"), 2)} | {F(Get(median, c, 1, "BranchCode"), 2)} |"));
        }

        lines.Add(string.Create(CultureInfo.InvariantCulture, $"| **geometric mean** | | | **{R(Geo(ratios))}** | | | | **{R(Geo(ortRatios))}** | | | |"));
        return string.Join(Environment.NewLine, lines);
    }

    private static double Get(Dictionary<(string, int, string), double> m, string c, int rows, string method) =>
        m.TryGetValue((c, rows, method), out double v) ? v : double.NaN;

    private static double Geo(List<double> r) => r.Count == 0 ? double.NaN : Math.Exp(r.Average(Math.Log));

    private static string F(double v, int digits = 0) => double.IsNaN(v) ? "—" : v.ToString("N" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string R(double v) => double.IsNaN(v) ? "—" : v.ToString("0.0", CultureInfo.InvariantCulture) + "×";
}
