using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Runtime.Kernels;

namespace Neo.Compiler.Operators.Elementwise;

/// <summary>Shrink: x &lt; −lambd ? x + bias : x &gt; lambd ? x − bias : 0, elementwise (float32, float16, double).</summary>
public sealed class Shrink : UnaryElementwise
{
    public override string OpType => "Shrink";

    public override string Functor(Node node)
    {
        float bias = node.GetFloat("bias", 0f);
        float lambd = node.GetFloat("lambd", 0.5f);
        return "new Shrink(" + PlanLiterals.Float(bias) + "," + PlanLiterals.Float(lambd) + ")";
    }

    public override IUnaryOperator Create(Node node)
    {
        float bias = node.GetFloat("bias", 0f);
        float lambd = node.GetFloat("lambd", 0.5f);
        return new Neo.Runtime.Kernels.Shrink(bias, lambd);
    }
}
