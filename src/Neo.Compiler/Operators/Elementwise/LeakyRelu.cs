using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Runtime.Kernels;

namespace Neo.Compiler.Operators.Elementwise;

/// <summary>LeakyRelu: x ≥ 0 ? x : alpha·x (alpha defaults to 0.01).</summary>
public sealed class LeakyRelu : UnaryElementwise
{
    public override string OpType => "LeakyRelu";

    public override string Functor(Node node) => $"new LeakyRelu({PlanLiterals.Float(node.GetFloat("alpha", 0.01f))})";

    public override IUnaryOperator Create(Node node) => new Neo.Runtime.Kernels.LeakyRelu(node.GetFloat("alpha", 0.01f));
}
