using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Runtime.Kernels;

namespace Neo.Compiler.Operators.Elementwise;

/// <summary>Selu: gamma·(x &gt; 0 ? x : alpha·(e^x − 1)), elementwise (float32, float16, double).</summary>
public sealed class Selu : UnaryElementwise
{
    public override string OpType => "Selu";

    public override string Functor(Node node)
    {
        float alpha = node.GetFloat("alpha", 1.67326319217681884765625f);
        float gamma = node.GetFloat("gamma", 1.05070102214813232421875f);
        return "new Selu(" + PlanLiterals.Float(alpha) + "," + PlanLiterals.Float(gamma) + ")";
    }

    public override IUnaryOperator Create(Node node)
    {
        float alpha = node.GetFloat("alpha", 1.67326319217681884765625f);
        float gamma = node.GetFloat("gamma", 1.05070102214813232421875f);
        return new Neo.Runtime.Kernels.Selu(alpha, gamma);
    }
}
