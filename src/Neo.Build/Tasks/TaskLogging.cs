using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Neo.Compiler.Diagnostics;

namespace Neo.Build.Tasks;

/// <summary>Reports compiler diagnostics through MSBuild, with their code and the model file.</summary>
internal static class TaskLogging
{
    public static void Report(TaskLoggingHelper log, NeoDiagnostic d, string file)
    {
        switch (d.Severity)
        {
            case DiagnosticSeverity.Error:
                log.LogError(null, d.Code, null, file, 0, 0, 0, 0, d.Message);
                break;
            case DiagnosticSeverity.Warning:
                log.LogWarning(null, d.Code, null, file, 0, 0, 0, 0, d.Message);
                break;
            default:
                log.LogMessage(null, d.Code, null, file, 0, 0, 0, 0, MessageImportance.Normal, d.Message);
                break;
        }
    }
}
