using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Runtime.Kernels;

namespace Neo.Compiler.Operators.Elementwise;

/// <summary>
/// Clip: min(max(x, min), max). Before opset 11 the bounds are attributes; from 11 they are optional
/// inputs. Bounds known at build time (what exporters give) become one fused elementwise operator; bounds
/// computed at run time lower to Max and Min with a scalar operand.
/// </summary>
public sealed class Clip : UnaryElementwise
{
    public override string OpType => "Clip";

    public override string Notes => "bounds as attributes, constant inputs or run-time inputs; every numeric type";

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

    protected override DataType[] Types(Node node) => Support.KernelTypes.Unary(typeof(Neo.Runtime.Kernels.Clip));

    private static bool HasRuntimeBounds(Node node) =>
        !(node.OpsetVersion > 0 && node.OpsetVersion < 11) && ((node.Input(1) is { Constant: null }) || (node.Input(2) is { Constant: null }));

    public override void InferShapes(Node node)
    {
        base.InferShapes(node);
        if (!HasRuntimeBounds(node))
        {
            _ = Bounds(node);
        }
    }

    public override void Lower(Node node, LoweringContext context)
    {
        if (!HasRuntimeBounds(node))
        {
            base.Lower(node, context);
            return;
        }

        Value x = node.Input(0)!, y = node.Output(0)!;
        LTensor acc = context.TensorOf(x);
        LTensor output = context.TensorOf(y);
        if (node.Input(1) is { } min)
        {
            BinaryElementwise<Neo.Runtime.Kernels.Max>.LowerBinary(context, acc, context.TensorOf(min), output, "default(Max)");
            acc = output;
        }

        if (node.Input(2) is { } max)
        {
            BinaryElementwise<Neo.Runtime.Kernels.Min>.LowerBinary(context, acc, context.TensorOf(max), output, "default(Min)");
            acc = output;
        }

        if (acc != output)
        {
            context.Copy(acc, output, node);
        }
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
