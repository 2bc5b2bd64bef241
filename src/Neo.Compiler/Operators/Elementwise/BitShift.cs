using Neo.Compiler.IR;

namespace Neo.Compiler.Operators.Elementwise;

/// <summary>BitShift: unsigned integers shifted LEFT or RIGHT (the direction attribute) by the bits in the second operand.</summary>
public sealed class BitShift : BinaryElementwise<Neo.Runtime.Kernels.ShiftLeft>
{
    public override string OpType => "BitShift";

    public override string Notes => "uint8 to uint64";

    private static bool IsLeft(Node node) => node.GetString("direction", "") switch
    {
        "LEFT" => true,
        "RIGHT" => false,
        string other => throw new Diagnostics.CompileErrorException(Diagnostics.DiagnosticCodes.InvalidNode, $"node {node.Display} has direction '{other}'; ONNX allows LEFT and RIGHT.", node.Name),
    };

    public override void InferShapes(Node node)
    {
        _ = IsLeft(node);
        base.InferShapes(node);
    }

    protected override string Functor(Node node) => IsLeft(node) ? "default(ShiftLeft)" : "default(ShiftRight)";

    protected override object CreateOp(Node node) => IsLeft(node) ? default(Neo.Runtime.Kernels.ShiftLeft) : default(Neo.Runtime.Kernels.ShiftRight);
}
