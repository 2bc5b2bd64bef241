using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Runtime.Kernels;

namespace Neo.Compiler.Operators.Elementwise;

/// <summary>Elu: x ≥ 0 ? x : alpha·(e^x − 1), elementwise (float32, float16, double).</summary>
public sealed class Elu : UnaryElementwise
{
    public override string OpType => "Elu";

    public override string Functor(Node node)
    {
        float alpha = node.GetFloat("alpha", 1f);
        return "new Elu(" + PlanLiterals.Float(alpha) + ")";
    }

    public override IUnaryOperator Create(Node node)
    {
        float alpha = node.GetFloat("alpha", 1f);
        return new Neo.Runtime.Kernels.Elu(alpha);
    }
}
