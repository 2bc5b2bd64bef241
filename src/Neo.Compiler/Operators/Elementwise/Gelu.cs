using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Runtime.Kernels;

namespace Neo.Compiler.Operators.Elementwise;

/// <summary>Gelu (opset 20): x·Φ(x) exactly (approximate = "none") or with the tanh approximation ("tanh").</summary>
public sealed class Gelu : UnaryElementwise
{
    public override string OpType => "Gelu";

    public override string Notes => "approximate none or tanh";

    private static bool UsesTanh(Node node) => node.GetString("approximate", "none") switch
    {
        "none" => false,
        "tanh" => true,
        string other => throw new Diagnostics.CompileErrorException(Diagnostics.DiagnosticCodes.InvalidNode, $"node {node.Display} has approximate '{other}'; ONNX allows 'none' and 'tanh'.", node.Name),
    };

    public override string Functor(Node node) => UsesTanh(node) ? "default(GeluTanh)" : "default(Gelu)";

    public override IUnaryOperator Create(Node node) => UsesTanh(node) ? default(GeluTanh) : default(Neo.Runtime.Kernels.Gelu);
}
