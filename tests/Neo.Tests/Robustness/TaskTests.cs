using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Neo.Build.Tasks;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.Options;
using Neo.Tests.Infrastructure;
using Xunit;

namespace Neo.Tests.Robustness;

/// <summary>
/// The MSBuild tasks on the hostile corpus, in-process against a recording build engine: whatever the
/// model, <c>Execute</c> returns (an exception out of a task is MSB4018 and a stack trace in the user's
/// build), every error and warning carries a documented NEO code and the model's name, and a model with
/// several problems reports them all in one build.
/// </summary>
public sealed class TaskTests
{
    public static IEnumerable<object[]> Cases() => HostileModels.All
        .Where(c => c.Category is not "scale" && c.Name != "model-given-as-bytes") // on disk, that model's external data is valid
        .Select(c => new object[] { c.ToString() });

    [Theory]
    [MemberData(nameof(Cases))]
    public void CompileTaskNeverThrowsAndReportsOnlyCodedDiagnostics(string id)
    {
        HostileCase c = HostileModels.Get(id);
        if (c.NeedsUnix && OperatingSystem.IsWindows())
        {
            return;
        }

        string dir = DotnetCli.TempDirectory("neo-task");
        try
        {
            CompileRequest request = c.Prepare(dir);
            if (request.ModelBytes is not null)
            {
                File.WriteAllBytes(request.ModelPath, request.ModelBytes);
            }

            var engine = new RecordingEngine();
            var task = new CompileNeoModel
            {
                BuildEngine = engine,
                Model = Path.GetFileName(request.ModelPath),
                ModelFullPath = request.ModelPath,
                ClassName = request.ClassName,
                Namespace = request.Namespace,
                TargetDevice = request.TargetDevice,
                Shapes = request.Shapes,
                Optimize = request.Optimize,
                Threads = request.Threads,
                PlanPath = Path.Combine(dir, "obj", "Hostile.neoplan"),
                WeightsPath = Path.Combine(dir, "obj", "Hostile.neoweights"),
                ReportPath = Path.Combine(dir, "obj", "Hostile.report.json"),
            };

            bool ok = task.Execute();
            engine.AssertAllCoded(task.Model);
            if (c.Code is null)
            {
                Assert.True(ok, string.Join("\n", engine.Errors.Select(e => e.Code + " " + e.Message)));
                Assert.True(File.Exists(task.PlanPath) && File.Exists(task.WeightsPath));
            }
            else
            {
                Assert.False(ok);
                Assert.NotEmpty(engine.Errors);
                Assert.False(File.Exists(task.PlanPath), "a failed compile must not leave a plan behind");
                foreach (string also in c.AlsoCodes)
                {
                    Assert.Contains(engine.Errors, e => e.Code == also);
                }
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void UnwritableOutputIsNeo1004NotACrash()
    {
        string dir = DotnetCli.TempDirectory("neo-task");
        try
        {
            string model = Path.Combine(dir, "m.onnx");
            File.Copy(Path.Combine(TestPaths.SharedModels, "mlp_tabular", "model.onnx"), model);
            string blocker = Path.Combine(dir, "obj");
            File.WriteAllText(blocker, "a file where the output folder should be");
            var engine = new RecordingEngine();
            var task = new CompileNeoModel
            {
                BuildEngine = engine,
                Model = "m.onnx",
                ModelFullPath = model,
                ClassName = "M",
                Namespace = "Tests",
                PlanPath = Path.Combine(blocker, "M.neoplan"),
                WeightsPath = Path.Combine(blocker, "M.neoweights"),
                ReportPath = Path.Combine(blocker, "M.report.json"),
            };
            Assert.False(task.Execute());
            engine.AssertAllCoded("m.onnx");
            Assert.Contains(engine.Errors, e => e.Code == DiagnosticCodes.OutputUnwritable);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ResolveTaskReportsBadMetadataTogetherWithTheModelsOwnProblems()
    {
        string dir = DotnetCli.TempDirectory("neo-task");
        try
        {
            string broken = Path.Combine(dir, "broken.onnx");
            File.WriteAllBytes(broken, new OnnxBuilder().Input("x", Neo.Compiler.IR.DataType.Float32, 2).Node("FancyOp", new[] { "x" }, new[] { "y" }, "fancy").Output("y", Neo.Compiler.IR.DataType.Float32, 2).ToBytes());
            var engine = new RecordingEngine();
            var task = new ResolveNeoModels
            {
                BuildEngine = engine,
                Models = new ITaskItem[] { Item(broken, ("ClassName", "Outputs"), ("TargetDevice", "gpu9000")) },
                IntermediateDirectory = Path.Combine(dir, "obj"),
                RootNamespace = "App",
            };
            Assert.False(task.Execute());
            engine.AssertAllCoded(broken);
            Assert.Contains(engine.Errors, e => e.Code == DiagnosticCodes.InvalidClassName);
            Assert.Contains(engine.Errors, e => e.Code == DiagnosticCodes.UnknownTargetDevice);
            Assert.Contains(engine.Errors, e => e.Code == DiagnosticCodes.UnsupportedOperator && (e.Message ?? "").Contains("'fancy'", StringComparison.Ordinal));
            Assert.Empty(task.ResolvedModels);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void OddFileNamesGiveValidClassNamesAndCollisionsAreNeo1017()
    {
        string dir = DotnetCli.TempDirectory("neo-task");
        try
        {
            // MSBuild unescapes item specs: "%20" is a space by the time the task sees it.
            string[] names = { "my model (v2).onnx", "my-model v2.onnx", "1st.onnx", "модель.onnx", "Outputs.onnx", "class.onnx", "a;b%20c$(x)@'.onnx" };
            var items = names.Select(n =>
            {
                string path = Path.Combine(dir, n);
                File.WriteAllBytes(path, Array.Empty<byte>());
                return Item(path);
            }).ToArray();
            var engine = new RecordingEngine();
            var task = new ResolveNeoModels { BuildEngine = engine, Models = items, IntermediateDirectory = Path.Combine(dir, "obj"), RootNamespace = "App" };
            Assert.False(task.Execute()); // "my model (v2)" and "my-model v2" both become MyModelV2.
            engine.AssertAllCoded(null);
            Assert.Equal(DiagnosticCodes.DuplicateClassName, Assert.Single(engine.Errors).Code);
            var classes = task.ResolvedModels.Select(m => m.GetMetadata("ClassName")).ToList();
            Assert.Equal(new[] { "MyModelV2", "Model1st", "Модель", "OutputsModel", "Class", "ABCX" }, classes);
            foreach (ITaskItem m in task.ResolvedModels)
            {
                Assert.Null(Identifiers.ClassNameProblem(m.GetMetadata("ClassName")));
                Assert.DoesNotContain(Path.GetInvalidFileNameChars(), c => Path.GetFileName(m.GetMetadata("PlanPath")).Contains(c));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static ITaskItem Item(string path, params (string Name, string Value)[] metadata)
    {
        var item = new TaskItem(path); // FullPath, which the task reads, follows from the absolute item spec.
        foreach ((string n, string v) in metadata)
        {
            item.SetMetadata(n, v);
        }

        return item;
    }

    /// <summary>A build engine that records what the task logs.</summary>
    private sealed class RecordingEngine : IBuildEngine
    {
        public List<BuildErrorEventArgs> Errors { get; } = new();

        public List<BuildWarningEventArgs> Warnings { get; } = new();

        public bool ContinueOnError => false;

        public int LineNumberOfTaskNode => 0;

        public int ColumnNumberOfTaskNode => 0;

        public string ProjectFileOfTaskNode => "App.csproj";

        public void LogErrorEvent(BuildErrorEventArgs e) => Errors.Add(e);

        public void LogWarningEvent(BuildWarningEventArgs e) => Warnings.Add(e);

        public void LogMessageEvent(BuildMessageEventArgs e)
        {
        }

        public void LogCustomEvent(CustomBuildEventArgs e)
        {
        }

        public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => false;

        /// <summary>Every error and warning: a documented NEO code, the model's name as the file (when given), no stack trace.</summary>
        public void AssertAllCoded(string? file)
        {
            foreach ((string? code, string? f, string? message) in Errors.Select(e => (e.Code, e.File, e.Message)).Concat(Warnings.Select(w => (w.Code, w.File, w.Message))))
            {
                Assert.True(DiagnosticsAssert.DocumentedCodes.Contains(code ?? ""), $"'{code}' is not a documented NEO code: {message}");
                Assert.NotEqual(DiagnosticCodes.InternalError, code);
                if (file is not null)
                {
                    Assert.Equal(file, f);
                }

                Assert.DoesNotContain("   at ", message ?? "", StringComparison.Ordinal);
            }
        }
    }
}
