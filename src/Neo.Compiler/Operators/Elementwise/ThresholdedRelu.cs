using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Runtime.Kernels;

namespace Neo.Compiler.Operators.Elementwise;

/// <summary>ThresholdedRelu: x &gt; alpha ? x : 0, elementwise (float32, float16, double).</summary>
public sealed class ThresholdedRelu : UnaryElementwise
{
    public override string OpType => "ThresholdedRelu";

    public override string Functor(Node node)
    {
        float alpha = node.GetFloat("alpha", 1f);
        return "new ThresholdedRelu(" + PlanLiterals.Float(alpha) + ")";
    }

    public override IUnaryOperator Create(Node node)
    {
        float alpha = node.GetFloat("alpha", 1f);
        return new Neo.Runtime.Kernels.ThresholdedRelu(alpha);
    }
}
