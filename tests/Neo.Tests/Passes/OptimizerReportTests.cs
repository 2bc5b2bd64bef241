using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Neo.Compiler;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Import;
using Neo.Compiler.Operators;
using Neo.Compiler.Options;
using Neo.Compiler.Passes;
using Neo.Compiler.Planning;
using Neo.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Neo.Tests.Passes;

/// <summary>
/// The optimizer's figures on the shared models (issue 3's "done when"), the build report's fields, the IR
/// dump, and the memory plan's soundness.
/// </summary>
public sealed class OptimizerReportTests
{
    private readonly ITestOutputHelper _output;

    public OptimizerReportTests(ITestOutputHelper output) => _output = output;

    private static CompileResult Compile(string caseName, string optimize = "default", string? dump = null)
    {
        ModelCase c = ModelCase.Load(Path.Combine(TestPaths.SharedModels, caseName));
        return NeoCompiler.Compile(new CompileRequest { ModelPath = c.ModelPath, Shapes = c.Shapes, Optimize = optimize, ClassName = "Model", DumpIrDirectory = dump });
    }

    [Fact]
    public void MobileNetV2KeepsAtMost55PercentOfItsNodesAndAnArenaWithin125PercentOfItsLowerBound()
    {
        CompileResult result = Compile("mobilenet_v2");
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        CompileReport r = result.Report!;
        _output.WriteLine($"mobilenet_v2: {r.NodesBefore} → {r.NodesAfter} nodes, arena {r.ArenaBytes} B, lower bound {r.ArenaLowerBoundBytes} B");
        Assert.True(r.NodesAfter <= 0.55 * r.NodesBefore, $"{r.NodesAfter} of {r.NodesBefore} nodes left");
        Assert.True(r.ArenaLowerBoundBytes > 0);
        Assert.InRange(r.ArenaBytes, r.ArenaLowerBoundBytes, (long)(1.25 * r.ArenaLowerBoundBytes));
    }

    /// <summary>Figures for every shared model that compiles: both levels, node counts and arena against its lower bound.</summary>
    [Fact]
    public void EverySharedModelsArenaIsWithin125PercentOfItsLowerBound()
    {
        int compiled = 0;
        foreach (string name in ModelCase.SharedOnnxCases())
        {
            foreach (string level in new[] { "none", "default" })
            {
                CompileResult result = Compile(name, level);
                Assert.True(result.Success, $"{name} ({level}): " + string.Join("\n", result.Diagnostics));
                CompileReport r = result.Report!;
                compiled++;
                double ratio = (double)r.ArenaBytes / Math.Max(1, r.ArenaLowerBoundBytes);
                _output.WriteLine($"{name} ({level}): {r.NodesBefore} → {r.NodesAfter} nodes ({100.0 * r.NodesAfter / r.NodesBefore:0.0}%), {r.Steps} steps, arena {r.ArenaBytes} B / lower bound {r.ArenaLowerBoundBytes} B = {ratio:0.000}");
                Assert.InRange(ratio, 1.0, 1.25);
            }
        }

        Assert.Equal(2 * ModelCase.SharedOnnxCases().Count(), compiled);
    }

    [Fact]
    public void ReportHasTheIssuesFieldsAndTheSummaryLine()
    {
        CompileResult result = Compile("lenet_mnist");
        CompileReport r = result.Report!;
        using JsonDocument json = JsonDocument.Parse(r.ToJson());
        JsonElement root = json.RootElement;
        foreach (string field in new[] { "nodesBefore", "nodesAfter", "arenaBytes", "arenaLowerBoundBytes", "weightsBytes", "macs", "prepackedWeightsBytes" })
        {
            Assert.True(root.GetProperty(field).GetInt64() >= 0, field);
        }

        Assert.Equal(10, root.GetProperty("nodesBefore").GetInt32());
        Assert.Equal(7, root.GetProperty("nodesAfter").GetInt32());

        // Conv+Relu, Conv+Relu, Gemm+Relu: each lists the model nodes it computes.
        List<JsonElement> groups = root.GetProperty("fusedGroups").EnumerateArray().ToList();
        Assert.Equal(new[] { "Conv+Relu", "Conv+Relu", "Gemm+Relu" }, groups.Select(g => g.GetProperty("label").GetString()));
        Assert.All(groups, g => Assert.Equal(2, g.GetProperty("nodes").GetArrayLength()));

        // Every pass of the pipeline and every later stage, with its time.
        string[] passes = root.GetProperty("passes").EnumerateArray().Select(p => p.GetProperty("pass").GetString()!).ToArray();
        Assert.Equal(
            PassPipeline.For(OptimizeLevel.Default, TargetDevice.All.First()).Passes.Select(p => p.Name).Concat(new[] { "Lowering", "ArenaPlanner", "WeightsBlob" }),
            passes.Where(p => p != "Import"));
        Assert.All(root.GetProperty("passes").EnumerateArray(), p => Assert.True(p.GetProperty("milliseconds").GetDouble() >= 0));

        Assert.Matches(new Regex(@"^Neo: model\.onnx → Model: 10 → 7 nodes, 6 steps, arena [0-9.]+ KiB, weights [0-9.]+ KiB, 0\.53 MMAC, [0-9]+ ms$"), r.Summary());
    }

    [Fact]
    public void DumpWritesTheIrAfterEveryPass()
    {
        string dir = Path.Combine(Path.GetTempPath(), "neo-ir-" + Guid.NewGuid().ToString("N"));
        try
        {
            File.WriteAllText(Path.Combine(Directory.CreateDirectory(dir).FullName, "99-Stale.txt"), "from an older build");
            Assert.True(Compile("resnet18", dump: dir).Success);
            IReadOnlyList<IPass> passes = PassPipeline.For(OptimizeLevel.Default, TargetDevice.All.First()).Passes;
            string[] expected = new[] { "00-import.txt" }.Concat(passes.Select((p, i) => $"{i + 1:00}-{p.Name}.txt")).ToArray();
            Assert.Equal(expected, Directory.GetFiles(dir).Select(Path.GetFileName).OrderBy(f => f, StringComparer.Ordinal));
            string last = File.ReadAllText(Path.Combine(dir, expected[^1]));
            Assert.Contains("residual=", last);
            Assert.Contains("epilogue=[Relu]", last);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    // TensorStorage is compiled into both the compiler and the generator, so the test names it by text.
    private static bool InArena(LTensor t) => t.Storage.ToString() == "Arena";

    /// <summary>No two arena tensors live at the same step share a byte, and views stay inside their tensor.</summary>
    [Theory]
    [InlineData("mobilenet_v2", "default")]
    [InlineData("squeezenet1_1", "default")]
    [InlineData("resnet18", "none")]
    public void ArenaPlanNeverOverlapsLiveTensors(string name, string optimize)
    {
        ModelCase c = ModelCase.Load(Path.Combine(TestPaths.SharedModels, name));
        var diagnostics = new DiagnosticBag(c.ModelPath);
        Model model = new OnnxModelImporter().Import(File.ReadAllBytes(c.ModelPath), c.ModelPath, Path.GetDirectoryName(c.ModelPath), diagnostics)!;
        Neo.Compiler.Import.InputShapeBinder.Bind(model.Graph, ShapeSpec.Parse(c.Shapes, out _), null, diagnostics);
        PassPipeline.TryParse(optimize, out OptimizeLevel level);
        var context = new PassContext(diagnostics, OperatorRegistry.Default, TargetDevice.All.First());
        Graph graph = PassPipeline.For(level, context.Device).Run(model.Graph, context, null, new List<(string, double)>(), verify: true);
        LoweringContext program = Lowerer.Lower(graph, OperatorRegistry.Default, context.Device, diagnostics, out _);
        Assert.False(diagnostics.HasErrors, string.Join("\n", diagnostics.Items));
        ArenaPlan plan = ArenaPlanner.Plan(program);

        var first = new Dictionary<LTensor, int>();
        var last = new Dictionary<LTensor, int>();
        for (int s = 0; s < program.Steps.Count; s++)
        {
            foreach (LTensor t in program.Steps[s].Reads.Concat(program.Steps[s].Writes).Select(t => t.Root).Where(InArena))
            {
                first.TryAdd(t, s);
                last[t] = s;
            }
        }

        List<LTensor> arena = first.Keys.ToList();
        foreach (LTensor a in arena)
        {
            Assert.True(a.Offset % ArenaPlanner.Alignment == 0 && a.Offset + a.ByteLength <= plan.ArenaBytes, $"{a} lies outside the arena");
            foreach (LTensor b in arena.Where(b => b != a && first[b] <= last[a] && first[a] <= last[b]))
            {
                Assert.False(a.Offset < b.Offset + b.ByteLength && b.Offset < a.Offset + a.ByteLength, $"{a} and {b} are live together and overlap");
            }
        }

        foreach (LTensor v in program.Tensors.Where(t => t.ViewOf is not null && InArena(t.Root)))
        {
            Assert.True(v.RootOffset + v.Length <= v.Root.Length, $"view {v} exceeds {v.Root}");
        }
    }
}
