using System;
using System.Collections.Generic;
using System.Linq;

namespace Neo.Compiler.Diagnostics;

/// <summary>
/// What to do about each code, as docs/diagnostics.md says it. Every message must tell the user what to do;
/// a message that only describes the problem (an operator's "has axis 7 for a tensor of rank 2") gets its
/// code's advice appended, so the rule holds for every operator without each one repeating it.
/// </summary>
public static class DiagnosticAdvice
{
    private static readonly Dictionary<string, string> ByCode = new(StringComparer.Ordinal)
    {
        [DiagnosticCodes.ModelNotFound] = "Fix the NeoModel item's Include path.",
        [DiagnosticCodes.ModelUnreadable] = "Check the file's permissions and that no other process locks it.",
        [DiagnosticCodes.UnknownFormat] = "Use an .onnx file.",
        [DiagnosticCodes.OutputUnwritable] = "Check the disk space and the permissions of the project's obj folder.",
        [DiagnosticCodes.MalformedModel] = "Re-export the model, and check that the file was not truncated.",
        [DiagnosticCodes.NoGraph] = "Check that the file is an ONNX model.",
        [DiagnosticCodes.UnsupportedElementType] = "Convert the model to a supported element type: float32, float64, float16, int64, int32, int16, int8, uint8, uint16, uint32, uint64 or bool.",
        [DiagnosticCodes.InvalidTensorData] = "Re-export the model.",
        [DiagnosticCodes.InvalidExternalData] = "Keep external data files beside the model, with relative paths.",
        [DiagnosticCodes.UndefinedTensor] = "Re-export the model.",
        [DiagnosticCodes.DuplicateName] = "Re-export the model: tensor, input and initializer names must be unique.",
        [DiagnosticCodes.GraphCycle] = "Re-export the model.",
        [DiagnosticCodes.UnsupportedOpset] = "Export the model with an opset Neo supports.",
        [DiagnosticCodes.TensorTooLarge] = "Check the model's dims and the Shapes metadata.",
        [DiagnosticCodes.InvalidGraph] = "Re-export the model.",
        [DiagnosticCodes.OutputShapeDisagrees] = "Check the Shapes metadata, or re-export the model.",
        [DiagnosticCodes.UnsupportedOperator] = "See docs/operators.md; replace the operator or file an issue.",
        [DiagnosticCodes.InvalidNode] = "Check the node against the ONNX operator's definition, and re-export the model.",
        [DiagnosticCodes.ShapeMismatch] = "Check the input shapes (Shapes metadata), and re-export the model.",
        [DiagnosticCodes.DynamicShape] = "Fix the input shapes with the Shapes metadata so the value can be computed at build time.",
        [DiagnosticCodes.InternalError] = "This is a bug in Neo; please report it with the model.",
    };

    /// <summary>Phrases that show a message already says what to do.</summary>
    private static readonly string[] Imperatives =
    {
        "Re-export", "re-export", "Use ", "Check", "Set ", "Give ", "Export", "Keep ", "Store ", "Compile ", "Rebuild", "Fix ",
        "See ", "Remove ", "Build ", "build on", "Pass ", "please report", "Make ", "Replace ", "Name each", "name each", "Write ", "Convert ",
    };

    /// <summary>The advice for <paramref name="code"/>.</summary>
    public static string For(string code) =>
        ByCode.TryGetValue(code, out string? advice) ? advice : "See docs/diagnostics.md for what to do.";

    /// <summary>Whether <paramref name="message"/> already tells the user what to do.</summary>
    public static bool IsAdvised(string message) => Imperatives.Any(i => message.Contains(i, StringComparison.Ordinal));

    /// <summary><paramref name="message"/>, with its code's advice appended when it gives none.</summary>
    public static string Ensure(string code, string message)
    {
        if (IsAdvised(message))
        {
            return message;
        }

        string trimmed = message.TrimEnd();
        return trimmed + (trimmed.EndsWith('.') ? " " : ". ") + For(code);
    }
}
