using System.Collections.Generic;
using System.Linq;

namespace Neo.Compiler.Diagnostics;

/// <summary>The diagnostics of one compilation, all reported together.</summary>
public sealed class DiagnosticBag
{
    private readonly List<NeoDiagnostic> _items = new();

    public DiagnosticBag(string file)
    {
        File = file;
    }

    /// <summary>The model file, as messages name it.</summary>
    public string File { get; }

    public IReadOnlyList<NeoDiagnostic> Items => _items;

    public bool HasErrors => _items.Any(d => d.IsError);

    /// <summary>Reports an error; a message that does not say what to do gets its code's advice (<see cref="DiagnosticAdvice"/>).</summary>
    public void Error(string code, string message, string? node = null) =>
        _items.Add(new NeoDiagnostic(code, DiagnosticSeverity.Error, DiagnosticAdvice.Ensure(code, message), File, node));

    public void Warning(string code, string message, string? node = null) =>
        _items.Add(new NeoDiagnostic(code, DiagnosticSeverity.Warning, DiagnosticAdvice.Ensure(code, message), File, node));

    public void Add(CompileErrorException e) => Error(e.Code, e.Message, e.Node);
}
