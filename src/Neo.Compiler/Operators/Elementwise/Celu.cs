using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Runtime.Kernels;

namespace Neo.Compiler.Operators.Elementwise;

/// <summary>Celu: max(0, x) + min(0, alpha·(e^(x/alpha) − 1)), elementwise (float32, float16, double).</summary>
public sealed class Celu : UnaryElementwise
{
    public override string OpType => "Celu";

    public override string Functor(Node node)
    {
        float alpha = node.GetFloat("alpha", 1f);
        return "new Celu(" + PlanLiterals.Float(alpha) + ")";
    }

    public override IUnaryOperator Create(Node node)
    {
        float alpha = node.GetFloat("alpha", 1f);
        return new Neo.Runtime.Kernels.Celu(alpha);
    }
}
