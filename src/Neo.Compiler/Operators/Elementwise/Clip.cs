using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Runtime.Kernels;

namespace Neo.Compiler.Operators.Elementwise;

/// <summary>
/// Clip: min(max(x, min), max). Before opset 11 the bounds are attributes; from 11 they are optional
/// inputs, which Neo needs to know at build time (exporters always give constants).
/// </summary>
public sealed class Clip : UnaryElementwise
{
    public override string OpType => "Clip";

    public override string Functor(Node node)
    {
        (float min, float max) = Bounds(node);
        return $"new Clip({PlanLiterals.Float(min)},{PlanLiterals.Float(max)})";
    }

    public override IUnaryOperator Create(Node node)
    {
        (float min, float max) = Bounds(node);
        return new Neo.Runtime.Kernels.Clip(min, max);
    }

    public override void InferShapes(Node node)
    {
        base.InferShapes(node);
        _ = Bounds(node);
    }

    public static (float Min, float Max) Bounds(Node node)
    {
        if (node.OpsetVersion > 0 && node.OpsetVersion < 11)
        {
            return (node.GetFloat("min", float.NegativeInfinity), node.GetFloat("max", float.PositiveInfinity));
        }

        return (Bound(node, 1, float.NegativeInfinity), Bound(node, 2, float.PositiveInfinity));
    }

    private static float Bound(Node node, int i, float absent)
    {
        Value? v = node.Input(i);
        if (v is null)
        {
            return absent;
        }

        if (v.Constant is null)
        {
            throw new CompileErrorException(DiagnosticCodes.DynamicShape, $"node {node.Display} takes its bound '{v.Name}' from a value computed at run time; Neo needs Clip bounds known at build time.", node.Name);
        }

        return (float)v.Constant.GetDouble(0);
    }
}
