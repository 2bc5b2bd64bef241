using Neo.Compiler.IR;
using Neo.Runtime.Kernels;

namespace Neo.Compiler.Operators.Fused;

/// <summary>
/// neo.Gelu: x/2 · (1 + erf(x/√2)), or with <c>approximate="tanh"</c> its tanh form. GeluRecognition makes
/// it from the Div/Erf/Add/Mul/Mul pattern exporters emit; as a unary operator it fuses into a
/// preceding Gemm or MatMul's epilogue.
/// </summary>
public sealed class Gelu : Elementwise.UnaryElementwise
{
    public override string OpType => "Gelu";

    public override string Domain => NeoDomain.Name;

    public override string Notes => "made by GeluRecognition (erf and tanh forms)";

    private static bool IsTanh(Node node) => node.GetString("approximate", "none") == "tanh";

    public override string Functor(Node node) => IsTanh(node) ? "default(FusedGeluTanh)" : "default(FusedGelu)";

    public override IUnaryOperator Create(Node node) => IsTanh(node) ? default(FusedGeluTanh) : default(FusedGelu);
}
