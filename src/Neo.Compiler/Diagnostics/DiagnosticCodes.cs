namespace Neo.Compiler.Diagnostics;

/// <summary>
/// Every code the compiler reports. Each has a row in docs/diagnostics.md (a test checks that), and
/// every message names the model file and, where there is one, the node, tensor or attribute.
/// </summary>
public static class DiagnosticCodes
{
    // NEO10xx: the NeoModel item and its metadata.
    public const string ModelNotFound = "NEO1001";
    public const string ModelUnreadable = "NEO1002";
    public const string UnknownFormat = "NEO1003";
    public const string OutputUnwritable = "NEO1004";
    public const string UnknownTargetDevice = "NEO1010";
    public const string InvalidShapes = "NEO1011";
    public const string ShapesUnknownInput = "NEO1012";
    public const string UnknownOptimize = "NEO1013";
    public const string InvalidThreads = "NEO1014";
    public const string InvalidClassName = "NEO1015";
    public const string InvalidNamespace = "NEO1016";
    public const string DuplicateClassName = "NEO1017";
    public const string SymbolicDimDefaulted = "NEO1018";
    public const string RuntimeIdentifierMismatch = "NEO1019";

    /// <summary>Reported by build/Neo.Build.targets: NativeAOT for linux-arm64 on an x64 host without the cross toolchain.</summary>
    public const string CrossToolchainMissing = "NEO1020";

    // NEO11xx: the model file.
    public const string MalformedModel = "NEO1100";
    public const string NoGraph = "NEO1101";
    public const string UnsupportedElementType = "NEO1102";
    public const string InvalidTensorData = "NEO1103";
    public const string InvalidExternalData = "NEO1104";
    public const string UndefinedTensor = "NEO1105";
    public const string DuplicateName = "NEO1106";
    public const string GraphCycle = "NEO1107";
    public const string UnsupportedOpset = "NEO1108";
    public const string TensorTooLarge = "NEO1109";
    public const string InvalidGraph = "NEO1110";
    public const string OutputShapeDisagrees = "NEO1111";

    // NEO115x: tree models (XGBoost, LightGBM, ONNX-ML tree ensembles).
    public const string MalformedTreeModel = "NEO1150";
    public const string InvalidTreeModel = "NEO1151";
    public const string UnsupportedTreeModel = "NEO1152";

    // NEO12xx: operators.
    public const string UnsupportedOperator = "NEO1200";
    public const string InvalidNode = "NEO1201";
    public const string ShapeMismatch = "NEO1202";
    public const string DynamicShape = "NEO1203";
    public const string UnsupportedAttribute = "NEO1204";

    // NEO13xx: the compiler itself.
    public const string InternalError = "NEO1300";
}
