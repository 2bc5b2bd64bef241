using System;
using System.IO;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Neo.Compiler;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.Options;

namespace Neo.Build.Tasks;

/// <summary>
/// Compiles one model: calls the compiler, then writes the plan (for the generator), the weights (to
/// embed) and the report. Every problem is logged with its NEO code, all at once; the task never crashes.
/// </summary>
public sealed class CompileNeoModel : Task
{
    /// <summary>The model as the project names it (messages use this form).</summary>
    [Required]
    public string Model { get; set; } = "";

    [Required]
    public string ModelFullPath { get; set; } = "";

    [Required]
    public string ClassName { get; set; } = "";

    [Required]
    public string Namespace { get; set; } = "";

    public string TargetDevice { get; set; } = "";

    public string RuntimeIdentifier { get; set; } = "";

    public string Shapes { get; set; } = "";

    public string Optimize { get; set; } = "";

    public string Threads { get; set; } = "";

    [Required]
    public string PlanPath { get; set; } = "";

    [Required]
    public string WeightsPath { get; set; } = "";

    [Required]
    public string ReportPath { get; set; } = "";

    /// <summary>Whether to write the IR after each pass (<c>-p:NeoDumpIr=true</c>).</summary>
    public bool DumpIr { get; set; }

    /// <summary>Where the IR dumps go.</summary>
    public string IrDirectory { get; set; } = "";

    public override bool Execute()
    {
        // Nothing may escape: an exception out of a task is MSB4018 and a stack trace in the user's build.
        try
        {
            ExecuteCore();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.LogError(null, DiagnosticCodes.OutputUnwritable, null, Model, 0, 0, 0, 0, $"Neo cannot write the compiled model to '{Path.GetDirectoryName(PlanPath)}' ({e.Message}). Check the disk space and the permissions of the project's obj folder.");
        }
        catch (OutOfMemoryException)
        {
            Log.LogError(null, DiagnosticCodes.TensorTooLarge, null, Model, 0, 0, 0, 0, "Neo ran out of memory compiling the model. Check its tensor sizes and Shapes; build on a machine with more memory, or compile a smaller model.");
        }
        catch (Exception e)
        {
            Log.LogError(null, DiagnosticCodes.InternalError, null, Model, 0, 0, 0, 0, $"Neo failed unexpectedly while compiling ({e.GetType().Name}: {e.Message}). This is a bug in Neo; please report it with the model.");
        }

        return !Log.HasLoggedErrors;
    }

    internal void ExecuteCore()
    {
        var request = new CompileRequest
        {
            ModelPath = ModelFullPath,
            ClassName = ClassName,
            Namespace = Namespace,
            TargetDevice = TargetDevice,
            RuntimeIdentifier = RuntimeIdentifier,
            Shapes = Shapes,
            Optimize = Optimize,
            Threads = Threads,
            DumpIrDirectory = DumpIr && IrDirectory.Length > 0 ? IrDirectory : null,
        };

        CompileResult result = NeoCompiler.Compile(request);
        foreach (NeoDiagnostic d in result.Diagnostics)
        {
            TaskLogging.Report(Log, d, Model);
        }

        if (!result.Success)
        {
            return;
        }

        Write(PlanPath, System.Text.Encoding.UTF8.GetBytes(result.PlanText!));
        Write(WeightsPath, result.Weights!);
        CompileReport report = result.Report!;
        Write(ReportPath, System.Text.Encoding.UTF8.GetBytes(report.ToJson()));
        Log.LogMessage(MessageImportance.High, report.Summary());
    }

    /// <summary>Writes through a temporary file, so a cancelled build never leaves half a plan behind.</summary>
    private static void Write(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string temp = path + ".tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, path, overwrite: true);
    }
}
