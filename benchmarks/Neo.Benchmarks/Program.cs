using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Neo.Compiler.Options;
using Neo.Hosting;

namespace Neo.Benchmarks;

/// <summary>
/// Runs every shared ONNX model through Neo and ONNX Runtime with 1 and 2 threads and writes the ratio table
/// (ONNX Runtime median / Neo median) to BenchmarkDotNet.Artifacts/neo-vs-ort.md.
/// Usage: dotnet run -c Release --project benchmarks/Neo.Benchmarks [-- --models a,b] [--quick]
/// Also: --interleaved (no BenchmarkDotNet: alternating batches of both engines, robust on a loaded machine;
/// --heldout adds the held-out models the tests make under artifacts/, which --models can also name),
/// --ort-no-spin (ORT's intra-op workers block instead of spinning: in one process a spinning ORT worker takes the
/// core Neo's worker needs, which skews Neo's 2-thread rows), --profile model [--threads n], --plan model (prints the plan and the generated C#),
/// --ab model --set VAR=VALUE (Neo against Neo compiled and run with an environment switch set; alternating batches),
/// --flip Type.Field --model m (a run-time kernel switch of Neo.Runtime.Kernels set on and off in alternating batches).
/// With NEO_ORT_PROFILE=prefix set, ONNX Runtime also writes its per-node profile (JSON, named from the prefix): with
/// --profile model, where ORT spends its time layer by layer, to set against Neo's.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        string? only = Value(args, "--models");
        ModelBenchmarks.OrtSpinning = !args.Contains("--ort-no-spin");
        if (Value(args, "--plan") is { } planModel)
        {
            SharedModel pm = SharedModel.Load(planModel);
            var pb = InMemoryModel.Build(new CompileRequest { ModelPath = pm.ModelPath, Shapes = pm.Shapes, ClassName = "Plan", Namespace = "Neo.Benchmarks.Plan" }); Console.WriteLine(pb.Result.PlanText); Console.WriteLine(pb.Source);
            return 0;
        }

        if (Value(args, "--profile") is { } profile)
        {
            Console.WriteLine(Profile(profile, int.Parse(Value(args, "--threads") ?? "1", CultureInfo.InvariantCulture)));
            return 0;
        }

        if (Value(args, "--ab") is { } abModel && Value(args, "--set") is { } setting)
        {
            // Neo against Neo: the model compiled twice, the second time with an environment variable set that a
            // compile-time or run-time switch reads; alternating batches, medians and their ratio.
            int abThreads = int.Parse(Value(args, "--threads") ?? "1", CultureInfo.InvariantCulture);
            string[] kv = setting.Split('=', 2);
            var baseline = new ModelBenchmarks { Model = abModel, Threads = abThreads };
            baseline.Setup();
            Environment.SetEnvironmentVariable(kv[0], kv[1]);
            var variant = new ModelBenchmarks { Model = abModel, Threads = abThreads };
            variant.Setup();
            Environment.SetEnvironmentVariable(kv[0], null);
            double abSeconds = double.Parse(Value(args, "--seconds") ?? "10", CultureInfo.InvariantCulture);
            List<double>[] times = Alternate(abSeconds, _ => { }, which => (which == 0 ? baseline : variant).Neo());
            double ma = Median(times[0]), mb = Median(times[1]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{abModel} threads {abThreads}: baseline {Time(ma)}, {setting} {Time(mb)}, baseline/variant {ma / mb:F3} ({times[0].Count} batches each)"));
            baseline.Cleanup();
            variant.Cleanup();
            return 0;
        }

        if (Value(args, "--flip") is { } flipSwitch && Value(args, "--model") is { } flipModel)
        {
            // One compiled model, a run-time kernel switch (an internal static bool of Neo.Runtime, "Type.Field")
            // set true and false in alternating batches: a kernel change measured on a whole model in one process.
            int flipThreads = int.Parse(Value(args, "--threads") ?? "1", CultureInfo.InvariantCulture);
            int dot = flipSwitch.LastIndexOf('.');
            System.Reflection.FieldInfo field = typeof(Neo.Runtime.Kernels.Elementwise).Assembly
                .GetType("Neo.Runtime.Kernels." + flipSwitch[..dot], throwOnError: true)!
                .GetField(flipSwitch[(dot + 1)..], System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public)
                ?? throw new ArgumentException($"no static field {flipSwitch}");
            var fb = new ModelBenchmarks { Model = flipModel, Threads = flipThreads };
            fb.Setup();
            double flipSeconds = double.Parse(Value(args, "--seconds") ?? "10", CultureInfo.InvariantCulture);
            List<double>[] flipTimes = Alternate(flipSeconds, which => field.SetValue(null, which == 0), _ => fb.Neo());
            field.SetValue(null, true);
            double on = Median(flipTimes[0]), off = Median(flipTimes[1]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{flipModel} threads {flipThreads}: {flipSwitch} on {Time(on)}, off {Time(off)}, off/on {off / on:F3} ({flipTimes[0].Count} batches each)"));
            fb.Cleanup();
            return 0;
        }

        if (Value(args, "--loop") is { } loopModel)
        {
            // One engine alone for a while, to be sampled by a profiler (perf with DOTNET_PerfMapEnabled=1).
            var lb = new ModelBenchmarks { Model = loopModel, Threads = int.Parse(Value(args, "--threads") ?? "1", CultureInfo.InvariantCulture) };
            lb.Setup();
            bool ortOnly = Value(args, "--engine") == "ort";
            var lsw = System.Diagnostics.Stopwatch.StartNew();
            long lcalls = 0;
            double seconds = double.Parse(Value(args, "--seconds") ?? "10", CultureInfo.InvariantCulture);
            while (lsw.Elapsed.TotalSeconds < seconds)
            {
                for (int i = 0; i < 100; i++)
                {
                    if (ortOnly)
                    {
                        lb.Ort();
                    }
                    else
                    {
                        lb.Neo();
                    }
                }

                lcalls += 100;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{loopModel}: {lcalls} calls, {Time(lsw.Elapsed.TotalMilliseconds * 1e6 / lcalls)} per call (wall)"));
            lb.Cleanup();
            return 0;
        }

        if (args.Contains("--interleaved"))
        {
            // Alternating batches of both engines: on a shared, loaded machine both see the same load.
            var rows = new List<string> { "| model | threads | ONNX Runtime median | Neo median | ratio (ORT / Neo) |", "| --- | ---: | ---: | ---: | ---: |" };
            IEnumerable<string> names = SharedModel.OnnxNames();
            if (args.Contains("--heldout"))
            {
                names = names.Concat(SharedModel.HeldOutNames());
            }

            foreach (string name in names.Concat(SharedModel.HeldOutNames()).Distinct().Where(n => only is null ? names.Contains(n) : only.Split(',').Contains(n)))
            {
                foreach (int threads in new[] { 1, 2 })
                {
                    try
                    {
                        rows.Add(Profile(name, threads));
                    }
                    catch (ModelBuildException)
                    {
                        break;
                    }
                }
            }

            Console.WriteLine(string.Join(Environment.NewLine, rows));
            return 0;
        }

        bool quick = args.Contains("--quick");
        var models = new List<string>();
        var skipped = new List<string>();
        foreach (string name in SharedModel.OnnxNames())
        {
            if (only is not null && !only.Split(',').Contains(name))
            {
                continue;
            }

            // Benchmark what Neo compiles today; report the rest with the compiler's first diagnostic.
            try
            {
                SharedModel m = SharedModel.Load(name);
                InMemoryModel.Build(new CompileRequest { ModelPath = m.ModelPath, Shapes = m.Shapes, ClassName = "Probe", Namespace = "Neo.Benchmarks.Probe" });
                models.Add(name);
            }
            catch (ModelBuildException e)
            {
                skipped.Add($"{name}: {e.Diagnostics.Count} diagnostics, first: {e.Diagnostics[0]}");
            }
        }

        ModelBenchmarks.Models = models;
        Job job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance);
        job = quick ? job.WithWarmupCount(3).WithIterationCount(10) : job.WithWarmupCount(5).WithIterationCount(20);
        IConfig config = DefaultConfig.Instance.AddJob(job).WithOptions(ConfigOptions.DisableOptimizationsValidator);
        Summary summary = BenchmarkRunner.Run<ModelBenchmarks>(config);
        string table = Table(summary, skipped);
        Directory.CreateDirectory(summary.ResultsDirectoryPath);
        string path = Path.Combine(summary.ResultsDirectoryPath, "neo-vs-ort.md");
        File.WriteAllText(path, table);
        Console.WriteLine(table);
        Console.WriteLine("Written to " + path);
        return 0;
    }

    /// <summary>A quick look without BenchmarkDotNet: alternating batches of calls, the median batch per engine.</summary>
    private static string Profile(string model, int threads)
    {
        var b = new ModelBenchmarks { Model = model, Threads = threads };
        b.Setup();
        var neo = new List<double>();
        var ort = new List<double>();
        var sw = new System.Diagnostics.Stopwatch();
        int calls = 0;
        sw.Start();
        while (sw.ElapsedMilliseconds < 2000)
        {
            b.Neo();
            b.Ort();
            calls++;
        }

        // Short batches (about 0.2 ms each), many of them: on a loaded machine most short batches run without being
        // preempted, so the median (and the fastest batch) reflect the code rather than the scheduler. With several
        // threads each engine gets turns of about 20 ms after a short pause: ONNX Runtime's workers spin for a while
        // after each run, and a spinning worker would take the core that Neo's worker needs in the next batch (Neo's
        // workers block between calls), so strictly alternating batches would charge ORT's spinning to Neo.
        int batch = Math.Max(1, calls / 10000);
        double batchMs = 2000.0 * batch / Math.Max(1, calls);
        int perTurn = threads > 1 ? Math.Clamp((int)(20 / Math.Max(batchMs, 1e-3)), 1, 100) : 1;
        int rounds = Math.Clamp(calls / batch / perTurn, 20, Math.Max(40, 2000 / perTurn));
        for (int round = 0; round < rounds; round++)
        {
            Turn(neo, b.Neo);
            Turn(ort, b.Ort);
        }

        void Turn(List<double> samples, Action call)
        {
            if (threads > 1)
            {
                System.Threading.Thread.Sleep(2);
            }

            for (int t = 0; t < perTurn; t++)
            {
                sw.Restart();
                for (int i = 0; i < batch; i++)
                {
                    call();
                }

                samples.Add(sw.Elapsed.TotalMilliseconds * 1e6 / batch);
            }
        }

        neo.Sort();
        ort.Sort();
        double n = neo[neo.Count / 2], o = ort[ort.Count / 2];
        b.Cleanup();
        if (Environment.GetEnvironmentVariable("NEO_BENCH_MIN") == "1")
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{model} {threads}: fastest batch ORT {Time(ort[0])}, Neo {Time(neo[0])}, ratio {ort[0] / neo[0]:F2}x"));
        }

        return string.Create(CultureInfo.InvariantCulture, $"| {model} | {threads} | {Time(o)} | {Time(n)} | {o / n:F2}x |");
    }

    private static string Table(Summary summary, List<string> skipped)
    {
        var medians = new Dictionary<(string Model, int Threads, string Engine), double>();
        foreach (BenchmarkReport r in summary.Reports)
        {
            if (r.ResultStatistics is null)
            {
                continue;
            }

            var p = r.BenchmarkCase.Parameters;
            string model = (string)p["Model"];
            int threads = (int)p["Threads"];
            medians[(model, threads, r.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo)] = r.ResultStatistics.Median;
        }

        var sb = new StringBuilder();
        sb.AppendLine("| model | threads | ONNX Runtime median | Neo median | ratio (ORT / Neo) |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var key in medians.Keys.Where(k => k.Engine == "Neo").OrderBy(k => k.Model, StringComparer.Ordinal).ThenBy(k => k.Threads))
        {
            if (!medians.TryGetValue((key.Model, key.Threads, "OnnxRuntime"), out double ort))
            {
                continue;
            }

            double neo = medians[key];
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {key.Model} | {key.Threads} | {Time(ort)} | {Time(neo)} | {ort / neo:F2}x |"));
        }

        if (skipped.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("Not compiled by Neo in this run:");
            foreach (string s in skipped)
            {
                sb.AppendLine("- " + s);
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// Two variants in alternating batches of about 20 ms for <paramref name="seconds"/> (<paramref name="select"/> sets
    /// variant 0 or 1 up before its batch, <paramref name="call"/> runs one call of it): each batch's time per call, in ns.
    /// </summary>
    private static List<double>[] Alternate(double seconds, Action<int> select, Action<int> call)
    {
        var times = new[] { new List<double>(), new List<double>() };
        var watch = new System.Diagnostics.Stopwatch();
        var total = System.Diagnostics.Stopwatch.StartNew();
        while (total.Elapsed.TotalSeconds < seconds)
        {
            for (int which = 0; which < 2; which++)
            {
                select(which);
                call(which);
                int calls = 0;
                watch.Restart();
                while (watch.Elapsed.TotalMilliseconds < 20)
                {
                    call(which);
                    calls++;
                }

                times[which].Add(watch.Elapsed.TotalMilliseconds * 1e6 / calls);
            }
        }

        return times;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Time(double ns) =>
        ns >= 1e6 ? string.Create(CultureInfo.InvariantCulture, $"{ns / 1e6:F2} ms")
        : ns >= 1e3 ? string.Create(CultureInfo.InvariantCulture, $"{ns / 1e3:F1} µs")
        : string.Create(CultureInfo.InvariantCulture, $"{ns:F0} ns");

    private static string? Value(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
