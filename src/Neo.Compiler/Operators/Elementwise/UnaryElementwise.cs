using System;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Runtime.Kernels;

namespace Neo.Compiler.Operators.Elementwise;

/// <summary>
/// The shared life cycle of float elementwise functions: same shape out as in, folded at build time
/// with the very struct the runtime kernel uses, lowered to <c>Elementwise.Unary</c> (in place when legal).
/// </summary>
public abstract class UnaryElementwise : Operator
{
    public override OpKind Kind => OpKind.Elementwise;

    /// <summary>The runtime operator struct, as a plan expression (<c>default(Relu)</c>, <c>new Clip(0f,6f)</c>).</summary>
    public abstract string Functor(Node node);

    /// <summary>The same operator, to fold constants with.</summary>
    public abstract IUnaryOperator Create(Node node);

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, DataType.Float32);
        Value x = node.RequireInput(0);
        SetOutput(node, 0, x.Type, ShapeOf(x));
    }

    public override TensorData[]? Fold(Node node)
    {
        TensorData x = node.RequireInput(0).Constant!;
        IUnaryOperator op = Create(node);
        float[] src = x.As<float>();
        var dst = new float[src.Length];
        for (int i = 0; i < src.Length; i++)
        {
            dst[i] = op.Invoke(src[i]);
        }

        return new[] { TensorData.FromFloats(x.Shape, dst) };
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.RequireInput(0);
        Value y = node.Output(0)!;
        context.Step("Elementwise.Unary")
            .In("x", x)
            .Out("y", y)
            .Expr("op", Functor(node))
            .InPlace(y, x);
    }
}

/// <summary>An elementwise function without parameters, named after its runtime struct.</summary>
public abstract class SimpleUnary<TOp> : UnaryElementwise
    where TOp : struct, IUnaryOperator
{
    public override string Functor(Node node) => "default(" + typeof(TOp).Name + ")";

    public override IUnaryOperator Create(Node node) => default(TOp);
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
