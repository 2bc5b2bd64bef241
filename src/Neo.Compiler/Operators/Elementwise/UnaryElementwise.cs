using System;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators.Support;
using Neo.Runtime.Kernels;

namespace Neo.Compiler.Operators.Elementwise;

/// <summary>
/// The shared life cycle of elementwise functions: same shape and type out as in, folded at build time
/// with the very struct the runtime kernel uses, lowered to <c>Elementwise.Unary</c> for float32 (in place
/// when legal), <c>Numeric.UnaryHalf</c> for float16 (computed in float32) and <c>Numeric.Unary</c> for
/// double and the integer types. The element types an operator accepts are those its struct implements.
/// </summary>
public abstract class UnaryElementwise : Operator
{
    public override OpKind Kind => OpKind.Elementwise;

    /// <summary>The runtime operator struct, as a plan expression (<c>default(Relu)</c>, <c>new Clip(0f,6f)</c>).</summary>
    public abstract string Functor(Node node);

    /// <summary>The same operator, to fold constants with.</summary>
    public abstract IUnaryOperator Create(Node node);

    /// <summary>The operator for element types other than float32 and float16; by default the same struct.</summary>
    protected virtual object CreateTyped(Node node) => Create(node);

    /// <summary>The element types the operator computes: those its runtime struct implements.</summary>
    protected virtual DataType[] Types(Node node) => KernelTypes.Unary(CreateTyped(node).GetType());

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, Types(node));
        Value x = node.RequireInput(0);
        SetOutput(node, 0, x.Type, ShapeOf(x));
    }

    public override TensorData[]? Fold(Node node)
    {
        TensorData x = node.RequireInput(0).Constant!;
        object op = x.Type is DataType.Float32 or DataType.Float16 ? Create(node) : CreateTyped(node);
        return new[] { KernelFolding.Unary(x, op) };
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.RequireInput(0);
        Value y = node.Output(0)!;
        string call = x.Type switch
        {
            DataType.Float32 => "Elementwise.Unary",
            DataType.Float16 => "Numeric.UnaryHalf",
            _ => "Numeric.Unary",
        };
        context.Step(call)
            .In("x", x)
            .Out("y", y)
            .Expr("op", Functor(node))
            .InPlace(y, x);
    }
}

/// <summary>An elementwise function without parameters, named after its runtime struct.</summary>
public abstract class SimpleUnary<TOp> : UnaryElementwise
    where TOp : struct
{
    public override string Functor(Node node) => "default(" + typeof(TOp).Name + ")";

    public override IUnaryOperator Create(Node node) =>
        default(TOp) as IUnaryOperator ?? throw new InvalidOperationException($"{typeof(TOp).Name} has no float32 form.");

    protected override object CreateTyped(Node node) => default(TOp);

    protected override DataType[] Types(Node node) => KernelTypes.Unary(typeof(TOp));

    public override string Notes => string.Join(", ", Array.ConvertAll(KernelTypes.Unary(typeof(TOp)), DataTypes.Name));
}

public sealed class Relu : SimpleUnary<Neo.Runtime.Kernels.Relu>
{
    public override string OpType => "Relu";
}

public sealed class Sigmoid : SimpleUnary<Neo.Runtime.Kernels.Sigmoid>
{
    public override string OpType => "Sigmoid";
}

public sealed class Tanh : SimpleUnary<Neo.Runtime.Kernels.Tanh>
{
    public override string OpType => "Tanh";
}

public sealed class HardSwish : SimpleUnary<Neo.Runtime.Kernels.HardSwish>
{
    public override string OpType => "HardSwish";
}

public sealed class Sqrt : SimpleUnary<Neo.Runtime.Kernels.Sqrt>
{
    public override string OpType => "Sqrt";
}

public sealed class Neg : SimpleUnary<Neo.Runtime.Kernels.Neg>
{
    public override string OpType => "Neg";
}

public sealed class Exp : SimpleUnary<Neo.Runtime.Kernels.Exp>
{
    public override string OpType => "Exp";
}

public sealed class Log : SimpleUnary<Neo.Runtime.Kernels.Log>
{
    public override string OpType => "Log";
}

public sealed class Abs : SimpleUnary<Neo.Runtime.Kernels.Abs>
{
    public override string OpType => "Abs";
}

public sealed class Erf : SimpleUnary<Neo.Runtime.Kernels.Erf>
{
    public override string OpType => "Erf";
}
