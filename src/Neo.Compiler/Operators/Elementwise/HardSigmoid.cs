using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Runtime.Kernels;

namespace Neo.Compiler.Operators.Elementwise;

/// <summary>HardSigmoid: max(0, min(1, alpha·x + beta)), alpha 0.2 and beta 0.5 by default.</summary>
public sealed class HardSigmoid : UnaryElementwise
{
    public override string OpType => "HardSigmoid";

    public override string Functor(Node node) =>
        $"new HardSigmoid({PlanLiterals.Float(node.GetFloat("alpha", 0.2f))},{PlanLiterals.Float(node.GetFloat("beta", 0.5f))})";

    public override IUnaryOperator Create(Node node) => new Neo.Runtime.Kernels.HardSigmoid(node.GetFloat("alpha", 0.2f), node.GetFloat("beta", 0.5f));
}
