using System.Diagnostics.CodeAnalysis;
using System.Linq;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Operators;
using Neo.Compiler.Operators.Elementwise;

namespace Neo.Compiler.Lowering;

/// <summary>
/// Elementwise nodes as runtime operator structs, in the plan's argument language: what fused epilogues
/// and fused elementwise groups are built from. The fusion passes ask the same questions, so a node is
/// fused only if it can be lowered this way.
/// </summary>
public static class ElementwiseFunctors
{
    /// <summary>
    /// The node as a float function of one value, <paramref name="chained"/>, when its other operands are
    /// known at build time: a unary operator (<c>default(Relu)</c>, <c>new Clip(0f,6f)</c>), or a binary
    /// operator with a one-element constant on the other side (<c>new BindRight&lt;Mul&gt;(0.5f)</c>).
    /// </summary>
    public static bool TryUnary(Node node, Value chained, OperatorRegistry operators, [NotNullWhen(true)] out string? functor)
    {
        functor = null;
        if (node.Output(0) is not { Type: DataType.Float32 } || chained.Type != DataType.Float32)
        {
            return false;
        }

        switch (operators.Find(node))
        {
            case UnaryElementwise unary when ReferenceEquals(node.Input(0), chained)
                && node.Inputs.Skip(1).All(i => i is null || i.Constant is not null):
                try
                {
                    functor = unary.Functor(node);
                    return true;
                }
                catch (CompileErrorException)
                {
                    return false;
                }

            case Operator op when BinaryFunctorType(op) is { } type && node.Inputs.Count == 2:
                Value? a = node.Input(0), b = node.Input(1);
                if (ReferenceEquals(a, chained) && b is { Constant: { Length: 1, Type: DataType.Float32 } cb } && !ReferenceEquals(b, chained))
                {
                    functor = $"new BindRight<{type}>({PlanLiterals.Float((float)cb.GetDouble(0))})";
                    return true;
                }

                if (ReferenceEquals(b, chained) && a is { Constant: { Length: 1, Type: DataType.Float32 } ca } && !ReferenceEquals(a, chained))
                {
                    functor = $"new BindLeft<{type}>({PlanLiterals.Float((float)ca.GetDouble(0))})";
                    return true;
                }

                return false;

            default:
                return false;
        }
    }

    /// <summary>The float binary operator struct (<c>Add</c>) of a binary elementwise node, or null.</summary>
    public static string? BinaryFunctorType(Operator? op) => op switch
    {
        Add => nameof(Neo.Runtime.Kernels.Add),
        Sub => nameof(Neo.Runtime.Kernels.Sub),
        Mul => nameof(Neo.Runtime.Kernels.Mul),
        Div => nameof(Neo.Runtime.Kernels.Div),
        Pow => nameof(Neo.Runtime.Kernels.Pow),
        _ => null,
    };

    /// <summary>The unary operator struct of a unary elementwise node on float32 whose parameters are known, or null.</summary>
    public static string? UnaryFunctor(Node node, OperatorRegistry operators) =>
        node.Input(0) is { } x && TryUnary(node, x, operators, out string? f) && operators.Find(node) is UnaryElementwise ? f : null;

    /// <summary>The struct type a functor expression constructs: <c>default(Relu)</c> → Relu, <c>new Clip(0f,6f)</c> → Clip.</summary>
    public static string TypeOf(string functor)
    {
        if (functor.StartsWith("default(", System.StringComparison.Ordinal))
        {
            return functor.Substring(8, functor.Length - 9);
        }

        string rest = functor.Substring(4);
        int depth = 0;
        for (int i = 0; i < rest.Length; i++)
        {
            char c = rest[i];
            if (c == '<')
            {
                depth++;
            }
            else if (c == '>')
            {
                depth--;
            }
            else if (c == '(' && depth == 0)
            {
                return rest.Substring(0, i);
            }
        }

        return rest;
    }
}
