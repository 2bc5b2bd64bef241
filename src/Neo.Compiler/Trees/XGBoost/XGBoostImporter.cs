using Neo.Compiler.Diagnostics;
using Neo.Compiler.Import;
using Neo.Compiler.IR;

namespace Neo.Compiler.Trees.XGBoost;

/// <summary>XGBoost models saved with <c>save_model</c>: JSON (<c>.json</c>) or Universal Binary JSON (<c>.ubj</c>).</summary>
public sealed class XGBoostImporter : IModelImporter
{
    public string Format => "XGBoost (.json, .ubj)";

    public bool NodesFromFile => false;

    public bool Handles(string extension) => extension is ".json" or ".ubj";

    public Model? Import(byte[] bytes, string path, string? modelDirectory, DiagnosticBag diagnostics)
    {
        try
        {
            DocValue document = System.IO.Path.GetExtension(path).ToLowerInvariant() == ".ubj" || LooksLikeUbjson(bytes)
                ? UbjsonDocumentReader.Read(bytes)
                : JsonDocumentReader.Read(bytes);
            TreeEnsemble ensemble = XGBoostModelReader.Read(document);
            return TreeModelGraph.Build(ensemble, path, "xgboost", ensemble.Library);
        }
        catch (CompileErrorException e)
        {
            diagnostics.Add(e);
            return null;
        }
    }

    /// <summary>A UBJSON object starts with '{' and a length marker where JSON has a quote or space (a .json name on a .ubj file).</summary>
    private static bool LooksLikeUbjson(byte[] bytes) =>
        bytes.Length > 1 && bytes[0] == (byte)'{' && bytes[1] is (byte)'i' or (byte)'U' or (byte)'I' or (byte)'l' or (byte)'L' or (byte)'#' or (byte)'$';
}
