using System;
using System.Globalization;

namespace Neo.Compiler.Diagnostics;

public enum DiagnosticSeverity
{
    Info,
    Warning,
    Error,
}

/// <summary>
/// A problem the compiler found. <see cref="Message"/> says what is wrong and what to do; the task and
/// the neo tool print it after the model file and the code, so it does not repeat them.
/// </summary>
public sealed class NeoDiagnostic
{
    public NeoDiagnostic(string code, DiagnosticSeverity severity, string message, string? file = null, string? node = null)
    {
        Code = code;
        Severity = severity;
        Message = message;
        File = file;
        Node = node;
    }

    /// <summary>The code, <c>NEO1xxx</c> for the compiler (see docs/diagnostics.md).</summary>
    public string Code { get; }

    public DiagnosticSeverity Severity { get; }

    public string Message { get; }

    /// <summary>The model file the diagnostic is about.</summary>
    public string? File { get; }

    /// <summary>The node, tensor or attribute the diagnostic is about, where there is one.</summary>
    public string? Node { get; }

    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>The MSBuild canonical form: <c>file: error NEO1200: message</c>.</summary>
    public override string ToString()
    {
        string sev = Severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            _ => "info",
        };
        return string.Create(CultureInfo.InvariantCulture, $"{(File is null ? "" : File + ": ")}{sev} {Code}: {Message}");
    }
}

/// <summary>Thrown to abandon the current unit of work (a node, a model) with a coded error.</summary>
public sealed class CompileErrorException : Exception
{
    public CompileErrorException(string code, string message, string? node = null)
        : base(message)
    {
        Code = code;
        Node = node;
    }

    public string Code { get; }

    public string? Node { get; }
}
