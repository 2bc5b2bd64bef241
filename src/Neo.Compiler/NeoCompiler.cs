using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.Import;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators;
using Neo.Compiler.Options;
using Neo.Compiler.Passes;
using Neo.Compiler.Planning;
using Neo.Plan;

namespace Neo.Compiler;

/// <summary>
/// The compiler's entry point: model file and options in, plan and weights out, with every problem
/// reported as a coded diagnostic. The MSBuild task, the neo tool and the tests all call this.
/// </summary>
public static class NeoCompiler
{
    /// <summary>The model formats the compiler reads, by file extension.</summary>
    public static IReadOnlyList<IModelImporter> Importers { get; } = new List<IModelImporter>
    {
        new OnnxModelImporter(),
        new Trees.XGBoost.XGBoostImporter(),
        new Trees.LightGbm.LightGbmImporter(),
    };

    /// <summary>Compiles one model. Never throws for bad input: problems come back as diagnostics.</summary>
    public static CompileResult Compile(CompileRequest request)
    {
        var diagnostics = new DiagnosticBag(request.ModelPath);
        try
        {
            return CompileCore(request, diagnostics);
        }
        catch (CompileErrorException e)
        {
            diagnostics.Add(e);
        }
        catch (OutOfMemoryException)
        {
            // Sizes are checked against the file before anything large is allocated, so this is a model
            // whose legitimate size exceeds this machine: say so instead of crashing the build.
            diagnostics.Error(
                DiagnosticCodes.TensorTooLarge,
                "the compiler ran out of memory on this model. Check its tensor sizes and Shapes; build on a machine with more memory, or compile a smaller model.");
        }
        catch (Exception e)
        {
            diagnostics.Error(
                DiagnosticCodes.InternalError,
                $"the compiler failed unexpectedly ({e.GetType().Name}: {e.Message}). This is a bug in Neo; please report it with the model.");
        }

        return new CompileResult(diagnostics.Items, null, null, null, null);
    }

    private static CompileResult CompileCore(CompileRequest request, DiagnosticBag diagnostics)
    {
        var clock = Stopwatch.StartNew();
        // Bad metadata does not stop the model from being read: the build reports every problem at once.
        CompileSettings? settings = CompileSettings.Resolve(request, diagnostics);

        string extension = Path.GetExtension(request.ModelPath).ToLowerInvariant();
        IModelImporter? importer = Importers.FirstOrDefault(i => i.Handles(extension));
        if (importer is null)
        {
            diagnostics.Error(DiagnosticCodes.UnknownFormat, $"Neo does not know the model format of '{Path.GetFileName(request.ModelPath)}' (extension '{extension}'). Supported: {string.Join(", ", Importers.Select(i => i.Format))}.");
            return Failed(diagnostics);
        }

        byte[]? bytes = request.ModelBytes;
        string? directory = null;
        if (bytes is null)
        {
            if (!File.Exists(request.ModelPath))
            {
                diagnostics.Error(DiagnosticCodes.ModelNotFound, $"the model file '{request.ModelPath}' does not exist. Check the NeoModel item's Include path.");
                return Failed(diagnostics);
            }

            try
            {
                bytes = File.ReadAllBytes(request.ModelPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                diagnostics.Error(DiagnosticCodes.ModelUnreadable, $"the model file cannot be read: {e.Message}");
                return Failed(diagnostics);
            }

            directory = Path.GetDirectoryName(Path.GetFullPath(request.ModelPath));
        }

        Model? model = importer.Import(bytes, request.ModelPath, directory, diagnostics);
        if (model is null)
        {
            return Failed(diagnostics);
        }

        // Unsupported operators are listed even when the import found other problems.
        Graph graph = model.Graph;
        OperatorRegistry operators = OperatorRegistry.Default;
        CheckSupport(graph, operators, diagnostics, allowNeoDomain: !importer.NodesFromFile);
        if (settings is null || diagnostics.HasErrors)
        {
            return Failed(diagnostics);
        }

        InputShapeBinder.Bind(graph, settings.Shapes, request.BoundInputs, diagnostics);
        SizeLimits.CheckInputs(graph, diagnostics);
        if (diagnostics.HasErrors)
        {
            return Failed(diagnostics);
        }

        int nodesBefore = graph.Nodes.Count;
        var timings = new List<(string Pass, double Milliseconds)> { ("Import", clock.Elapsed.TotalMilliseconds) };
        var passContext = new PassContext(diagnostics, operators, settings.Device);
        PassPipeline pipeline = PassPipeline.For(settings.Optimize, settings.Device);
        try
        {
            graph = pipeline.Run(graph, passContext, request.DumpIrDirectory, timings, verify: true);
        }
        catch (IrVerificationException e)
        {
            diagnostics.Error(DiagnosticCodes.InternalError, $"{e.Message} This is a bug in Neo; please report it with the model.");
        }

        if (diagnostics.HasErrors)
        {
            return Failed(diagnostics);
        }

        if (graph.Outputs.Count == 0)
        {
            diagnostics.Error(DiagnosticCodes.InvalidGraph, "the model has no outputs, so there is nothing to compute. Re-export the model with its outputs.");
            return Failed(diagnostics);
        }

        CheckDeclaredOutputs(graph, diagnostics);
        if (diagnostics.HasErrors)
        {
            return Failed(diagnostics);
        }

        var stageClock = Stopwatch.StartNew();
        LoweringContext program = Lowerer.Lower(graph, operators, settings.Device, diagnostics, out long macs);
        if (diagnostics.HasErrors)
        {
            return Failed(diagnostics);
        }

        timings.Add(("Lowering", stageClock.Elapsed.TotalMilliseconds));
        stageClock.Restart();
        ArenaPlan arena = ArenaPlanner.Plan(program);
        timings.Add(("ArenaPlanner", stageClock.Elapsed.TotalMilliseconds));
        stageClock.Restart();
        List<LTensor> weightOrder = program.Steps.SelectMany(s => s.Reads).Select(t => t.Root).Where(t => t.Storage == TensorStorage.Weights).Distinct().ToList();
        if (!SizeLimits.CheckProgram(arena.ArenaBytes, weightOrder, diagnostics))
        {
            return Failed(diagnostics);
        }

        byte[] weights = WeightsBlob.Build(weightOrder, out long weightBytes, out ulong checksum);
        timings.Add(("WeightsBlob", stageClock.Elapsed.TotalMilliseconds));

        ModelPlan plan = PlanBuilder.Build(program, settings, model, arena, weightBytes, checksum, macs);
        plan.Rows = Trees.RowwisePlan.Rows(plan);
        string planText = PlanText.Write(plan);

        var report = new CompileReport
        {
            ModelFile = Path.GetFileName(request.ModelPath),
            ClassName = settings.ClassName,
            TargetDevice = settings.Device.Name,
            Optimize = settings.Optimize == OptimizeLevel.Default ? "default" : "none",
            NodesBefore = nodesBefore,
            NodesAfter = graph.Nodes.Count,
            Steps = plan.Steps.Count,
            ArenaBytes = arena.ArenaBytes,
            ArenaLowerBoundBytes = arena.LowerBoundBytes,
            WeightsBytes = weightBytes,
            Macs = macs,
            InPlace = arena.InPlaceCount,
            PrepackedWeightsBytes = weightOrder.Where(t => t.IsPrepacked).Sum(t => t.ByteLength),
            FusedGroups = program.Steps
                .Select(s => new FusedGroup { Label = s.Label, Nodes = s.Nodes.SelectMany(GraphEdits.OriginsOf).Distinct().ToList() })
                .Where(g => g.Nodes.Count > 1)
                .ToList(),
            Passes = timings.Select(t => new PassTiming { Pass = t.Pass, Milliseconds = Math.Round(t.Milliseconds, 3) }).ToList(),
        };
        report.TotalMilliseconds = Math.Round(clock.Elapsed.TotalMilliseconds, 1);
        return new CompileResult(diagnostics.Items, plan, planText, weights, report);
    }

    /// <summary>Reports every node whose operator Neo lacks, all at once (subgraphs included).</summary>
    private static void CheckSupport(Graph graph, OperatorRegistry operators, DiagnosticBag diagnostics, bool allowNeoDomain)
    {
        foreach (Node n in graph.Nodes)
        {
            if (!allowNeoDomain && n.Domain == Operators.Fused.NeoDomain.Name)
            {
                // Neo's own operators (fused groups, Choose) are made by the optimizer from nodes it checked;
                // a file that names them directly would bypass those checks (importers that build the graph
                // themselves, like the tree formats', may use them).
                diagnostics.Error(
                    DiagnosticCodes.UnsupportedOperator,
                    $"node '{n.Name}' uses operator {n.OpType} of domain '{n.Domain}', which is Neo's internal domain and cannot appear in a model file. Re-export the model with standard ONNX operators.",
                    n.Name);
            }
            else if (operators.Find(n) is null)
            {
                string domain = n.Domain.Length == 0 ? "" : $" of domain '{n.Domain}'";
                diagnostics.Error(
                    DiagnosticCodes.UnsupportedOperator,
                    $"node '{n.Name}' uses operator {n.OpType}{domain}, which Neo does not support. See the README's operator table; `neo inspect` lists every unsupported node of a model.",
                    n.Name);
            }

            foreach (NodeAttribute a in n.Attributes.Values)
            {
                foreach (Graph g in a.Graph is null ? a.Graphs : a.Graphs.Append(a.Graph))
                {
                    CheckSupport(g, operators, diagnostics, allowNeoDomain);
                }
            }
        }
    }

    /// <summary>
    /// Checks each graph output's computed type and shape against what the model file declares: the
    /// generated signature follows the computation, so a contradiction in the file must not pass silently.
    /// A different element type is an error (ONNX Runtime refuses such a model); different static dims
    /// are a warning (ONNX Runtime runs it and warns).
    /// </summary>
    private static void CheckDeclaredOutputs(Graph graph, DiagnosticBag diagnostics)
    {
        foreach (Value v in graph.Outputs.Distinct())
        {
            if (v.DeclaredType != DataType.Undefined && v.Type != v.DeclaredType)
            {
                diagnostics.Error(
                    DiagnosticCodes.ShapeMismatch,
                    $"graph output '{v.Name}' is declared {DataTypes.Name(v.DeclaredType)} in the model, but the graph computes {DataTypes.Name(v.Type)}. Re-export the model so the declared output type matches.",
                    v.Name);
                continue;
            }

            if (v.DeclaredShape is { } declared && v.Shape is { } shape
                && (declared.Length != shape.Length || declared.Where((d, i) => d >= 0 && d != shape[i]).Any()))
            {
                string text = "[" + string.Join(",", declared.Select(d => d >= 0 ? d.ToString(CultureInfo.InvariantCulture) : "?")) + "]";
                diagnostics.Warning(
                    DiagnosticCodes.OutputShapeDisagrees,
                    $"graph output '{v.Name}' is declared with shape {text} in the model, but the graph computes {Shapes.Format(shape)}; the generated code uses the computed shape. Check the Shapes metadata, or re-export the model.",
                    v.Name);
            }
        }
    }

    private static CompileResult Failed(DiagnosticBag diagnostics) => new(diagnostics.Items, null, null, null, null);
}

/// <summary>The request's metadata, validated and given their defaults.</summary>
public sealed class CompileSettings
{
    public string ClassName { get; private init; } = "";

    public string Namespace { get; private init; } = "";

    public TargetDevice Device { get; private init; } = null!;

    public ShapeSpec Shapes { get; private init; } = ShapeSpec.Empty;

    public OptimizeLevel Optimize { get; private init; }

    /// <summary>Default thread count; 0 means one per processor.</summary>
    public int Threads { get; private init; }

    /// <summary>Validates every metadata value, reporting each bad one; null when any is bad.</summary>
    public static CompileSettings? Resolve(CompileRequest request, DiagnosticBag diagnostics)
    {
        int errors = diagnostics.Items.Count(d => d.IsError);
        string className = request.ClassName.Trim();
        if (className.Length == 0)
        {
            className = Identifiers.ClassNameFromFile(request.ModelPath);
        }
        else if (Identifiers.ClassNameProblem(className) is { } problem)
        {
            diagnostics.Error(DiagnosticCodes.InvalidClassName, $"ClassName '{className}' {problem}.");
        }

        string ns = request.Namespace.Trim();
        if (ns.Length == 0)
        {
            ns = "Neo.Models";
        }
        else if (!Identifiers.IsNamespace(ns))
        {
            diagnostics.Error(DiagnosticCodes.InvalidNamespace, $"Namespace '{ns}' is not a valid C# namespace. Use dot-separated identifiers (not keywords or 'global'), such as MyApp.Models.");
        }

        TargetDevice device;
        string deviceName = request.TargetDevice.Trim();
        if (deviceName.Length == 0)
        {
            device = TargetDevice.FromRuntimeIdentifier(request.RuntimeIdentifier);
        }
        else if (!TargetDevice.TryGet(deviceName, out device))
        {
            diagnostics.Error(DiagnosticCodes.UnknownTargetDevice, $"TargetDevice '{deviceName}' is not known. Use one of: {string.Join(", ", TargetDevice.All.Select(d => d.Name))}; or leave it empty to follow the RuntimeIdentifier.");
        }
        else
        {
            TargetArchitecture ridArchitecture = TargetDevice.ArchitectureOf(request.RuntimeIdentifier);
            if (device.Architecture != TargetArchitecture.Portable && ridArchitecture != TargetArchitecture.Portable && ridArchitecture != device.Architecture)
            {
                diagnostics.Warning(
                    DiagnosticCodes.RuntimeIdentifierMismatch,
                    $"TargetDevice '{device.Name}' is an {device.Architecture} device, but the project builds for RuntimeIdentifier '{request.RuntimeIdentifier}'. The model is tuned for the wrong CPU (it still runs). Remove TargetDevice to follow the RuntimeIdentifier, or build for a matching one.");
            }
        }

        ShapeSpec shapes = ShapeSpec.Parse(request.Shapes, out string? shapeError);
        if (shapeError is not null)
        {
            diagnostics.Error(DiagnosticCodes.InvalidShapes, $"Shapes=\"{request.Shapes}\" is not valid: {shapeError}");
        }

        if (!PassPipeline.TryParse(request.Optimize, out OptimizeLevel level))
        {
            diagnostics.Error(DiagnosticCodes.UnknownOptimize, $"Optimize '{request.Optimize}' is not known. Use 'default' or 'none'.");
        }

        int threads = 1;
        string t = request.Threads.Trim();
        if (t.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            threads = 0;
        }
        else if (t.Length > 0 && (!int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out threads) || threads < 0 || threads > 1024))
        {
            diagnostics.Error(DiagnosticCodes.InvalidThreads, $"Threads '{request.Threads}' is not valid. Use a whole number from 1 to 1024, or 'auto' for one thread per processor.");
        }

        if (diagnostics.Items.Count(d => d.IsError) > errors)
        {
            return null;
        }

        return new CompileSettings { ClassName = className, Namespace = ns, Device = device, Shapes = shapes, Optimize = level, Threads = threads };
    }
}
