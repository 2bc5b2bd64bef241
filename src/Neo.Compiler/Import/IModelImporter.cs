using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;

namespace Neo.Compiler.Import;

/// <summary>Reads one model format into the compiler's graph.</summary>
public interface IModelImporter
{
    /// <summary>The format's name, for messages (<c>ONNX</c>).</summary>
    string Format { get; }

    /// <summary>Whether this importer reads files with this extension (lower case, with the dot).</summary>
    bool Handles(string extension);

    /// <summary>
    /// Whether the graph's operators are named by the file (ONNX) rather than made by the importer (tree formats):
    /// a file may then not name Neo's internal domain, whose operators skip the checks the optimizer made.
    /// </summary>
    bool NodesFromFile { get; }

    /// <summary>Imports the model; returns null after reporting errors.</summary>
    Model? Import(byte[] bytes, string path, string? modelDirectory, DiagnosticBag diagnostics);
}

/// <summary>ONNX models (<c>.onnx</c>).</summary>
public sealed class OnnxModelImporter : IModelImporter
{
    public string Format => "ONNX";

    public bool NodesFromFile => true;

    public bool Handles(string extension) => extension == ".onnx";

    public Model? Import(byte[] bytes, string path, string? modelDirectory, DiagnosticBag diagnostics) =>
        Onnx.OnnxImporter.Import(bytes, path, modelDirectory, diagnostics);
}
