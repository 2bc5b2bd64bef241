using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

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
        _items.Add(new NeoDiagnostic(code, DiagnosticSeverity.Error, Printable(DiagnosticAdvice.Ensure(code, message)), File, node));

    public void Warning(string code, string message, string? node = null) =>
        _items.Add(new NeoDiagnostic(code, DiagnosticSeverity.Warning, Printable(DiagnosticAdvice.Ensure(code, message)), File, node));

    /// <summary>
    /// The message with the control and bidirectional-override characters that model names can carry
    /// escaped as <c>\uXXXX</c>: a diagnostic is one line (build logs and IDEs parse them line by line), and
    /// a name must not be able to forge another line or reorder what the reader sees (Trojan Source).
    /// </summary>
    public static string Printable(string message)
    {
        StringBuilder? sb = null;
        for (int i = 0; i < message.Length; i++)
        {
            char c = message[i];
            bool hide = char.IsControl(c) || c is '\u2028' or '\u2029' || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069') || c is '\u200e' or '\u200f' or '\u061c';
            if (hide)
            {
                sb ??= new StringBuilder(message, 0, i, message.Length + 16);
                sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                sb?.Append(c);
            }
        }

        return sb?.ToString() ?? message;
    }

    public void Add(CompileErrorException e) => Error(e.Code, e.Message, e.Node);
}
