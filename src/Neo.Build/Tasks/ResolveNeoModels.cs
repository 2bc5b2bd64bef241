using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Neo.Compiler;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.Options;

namespace Neo.Build.Tasks;

/// <summary>
/// Gives every NeoModel item its defaults (ClassName from the file name, Namespace from RootNamespace,
/// TargetDevice from the RuntimeIdentifier), validates the metadata, and computes the output paths.
/// It writes each model's options to a stamp file only when they change, so that a change of metadata
/// (not only of the model file) makes the compile target run again.
/// </summary>
public sealed class ResolveNeoModels : Task
{
    [Required]
    public ITaskItem[] Models { get; set; } = Array.Empty<ITaskItem>();

    public string RootNamespace { get; set; } = "";

    public string RuntimeIdentifier { get; set; } = "";

    /// <summary>The folder for plans, weights and reports (obj/.../neo/).</summary>
    [Required]
    public string IntermediateDirectory { get; set; } = "";

    /// <summary>A string that changes with the compiler (its version), so an upgrade recompiles models.</summary>
    public string CompilerIdentity { get; set; } = "";

    [Output]
    public ITaskItem[] ResolvedModels { get; set; } = Array.Empty<ITaskItem>();

    public override bool Execute()
    {
        try
        {
            ExecuteCore();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.LogError(null, DiagnosticCodes.OutputUnwritable, null, null, 0, 0, 0, 0, $"Neo cannot write to '{IntermediateDirectory}' ({e.Message}). Check the disk space and the permissions of the project's obj folder.");
        }
        catch (Exception e)
        {
            Log.LogError(null, DiagnosticCodes.InternalError, null, null, 0, 0, 0, 0, $"Neo could not read the NeoModel items ({e.GetType().Name}: {e.Message}). This is a bug in Neo; please report it.");
        }

        return !Log.HasLoggedErrors;
    }

    internal void ExecuteCore()
    {
        var resolved = new List<ITaskItem>();
        var classes = new Dictionary<string, string>(StringComparer.Ordinal);
        string directory = Path.GetFullPath(IntermediateDirectory);
        foreach (ITaskItem item in Models)
        {
            string file = item.ItemSpec;
            var request = new CompileRequest
            {
                ModelPath = item.GetMetadata("FullPath"),
                ClassName = item.GetMetadata("ClassName"),
                Namespace = Default(item.GetMetadata("Namespace"), RootNamespace),
                TargetDevice = item.GetMetadata("TargetDevice"),
                RuntimeIdentifier = RuntimeIdentifier,
                Shapes = item.GetMetadata("Shapes"),
                Optimize = Default(item.GetMetadata("Optimize"), "default"),
                Threads = item.GetMetadata("Threads"),
            };

            var diagnostics = new DiagnosticBag(file);
            CompileSettings? settings = CompileSettings.Resolve(request, diagnostics);
            if (settings is null)
            {
                // The item cannot be compiled, but its model may have problems too: report them all now
                // (the compiler repeats the metadata errors and adds the model's) rather than one build at a time.
                foreach (NeoDiagnostic d in NeoCompiler.Compile(request).Diagnostics)
                {
                    TaskLogging.Report(Log, d, file);
                }

                continue;
            }

            foreach (NeoDiagnostic d in diagnostics.Items)
            {
                TaskLogging.Report(Log, d, file);
            }

            string fullName = settings.Namespace + "." + settings.ClassName;
            if (classes.TryGetValue(fullName, out string? other))
            {
                Log.LogError(null, DiagnosticCodes.DuplicateClassName, null, file, 0, 0, 0, 0, $"the models '{other}' and '{file}' would both generate class '{fullName}'. Set ClassName (or Namespace) on one of the NeoModel items.");
                continue;
            }

            classes[fullName] = file;
            string planPath = Path.Combine(directory, NeoNaming.PlanFile(settings.ClassName));
            string optionsPath = Path.Combine(directory, settings.ClassName + ".options");
            var result = new TaskItem(item.ItemSpec);
            item.CopyMetadataTo(result);
            result.SetMetadata("NeoModel", file);
            result.SetMetadata("ClassName", settings.ClassName);
            result.SetMetadata("Namespace", settings.Namespace);
            result.SetMetadata("TargetDevice", settings.Device.Name);
            result.SetMetadata("Optimize", request.Optimize);
            result.SetMetadata("PlanPath", planPath);
            result.SetMetadata("WeightsPath", Path.Combine(directory, NeoNaming.WeightsFile(settings.ClassName)));
            result.SetMetadata("ReportPath", Path.Combine(directory, NeoNaming.ReportFile(settings.ClassName)));
            result.SetMetadata("IrDirectory", Path.Combine(directory, settings.ClassName, "ir"));
            result.SetMetadata("OptionsPath", optionsPath);
            result.SetMetadata("LogicalName", NeoNaming.WeightsResource(settings.Namespace, settings.ClassName));
            result.SetMetadata("WithCulture", "false");
            result.SetMetadata("Type", "Non-Resx");
            WriteIfChanged(optionsPath, Options(request, settings));
            resolved.Add(result);
        }

        ResolvedModels = resolved.ToArray();
    }

    private string Options(CompileRequest request, CompileSettings settings)
    {
        var sb = new StringBuilder();
        sb.Append("compiler=").Append(CompilerIdentity).Append('\n');
        sb.Append("model=").Append(request.ModelPath).Append('\n');
        sb.Append("class=").Append(settings.ClassName).Append('\n');
        sb.Append("namespace=").Append(settings.Namespace).Append('\n');
        sb.Append("device=").Append(settings.Device.Name).Append('\n');
        sb.Append("rid=").Append(RuntimeIdentifier).Append('\n');
        sb.Append("shapes=").Append(request.Shapes).Append('\n');
        sb.Append("optimize=").Append(request.Optimize).Append('\n');
        sb.Append("threads=").Append(settings.Threads.ToString(CultureInfo.InvariantCulture)).Append('\n');
        return sb.ToString();
    }

    private static void WriteIfChanged(string path, string text)
    {
        if (File.Exists(path) && File.ReadAllText(path) == text)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private static string Default(string value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value;
}
