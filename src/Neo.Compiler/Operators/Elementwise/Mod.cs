using Neo.Compiler.IR;

namespace Neo.Compiler.Operators.Elementwise;

/// <summary>
/// Mod: the remainder with broadcasting. fmod = 0 (integers only) takes the divisor's sign, as Python's %;
/// fmod = 1 takes the dividend's, as C's fmod, and is required for floating-point types.
/// </summary>
public sealed class Mod : BinaryElementwise<Neo.Runtime.Kernels.FMod>
{
    public override string OpType => "Mod";

    public override string Notes => "fmod 0 (integers) and 1";

    private static bool IsFMod(Node node) => node.GetInt("fmod", 0) != 0;

    public override void InferShapes(Node node)
    {
        base.InferShapes(node);
        if (!IsFMod(node) && DataTypes.IsFloat(node.Input(0)!.Type))
        {
            throw Invalid(node, "computes Mod of floating-point values with fmod = 0; ONNX requires fmod = 1 for them.");
        }
    }

    protected override string Functor(Node node) => IsFMod(node) ? "default(FMod)" : "default(Mod)";

    protected override object CreateOp(Node node) => IsFMod(node) ? default(Neo.Runtime.Kernels.FMod) : default(Neo.Runtime.Kernels.Mod);
}
