using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Operators;
using Neo.Compiler.Operators.Elementwise;

namespace Neo.Compiler.Lowering;

/// <summary>
/// The epilogue argument of out-fusable kernels: the fused elementwise chain as one operator struct,
/// <c>default(Identity)</c>, a single operator, or nested <c>Chain&lt;A, B&gt;</c> applied left to right.
/// The JIT compiles one kernel per distinct chain.
/// </summary>
public static class Epilogues
{
    /// <summary>The plan expression for <paramref name="node"/>'s fused epilogue.</summary>
    public static string Expression(Node node, OperatorRegistry operators)
    {
        List<(string Type, string Value)> ops = node.Epilogue
            .Select(n => (UnaryElementwise)operators.Find(n)!)
            .Zip(node.Epilogue, (op, n) => op.Functor(n))
            .Select(f => (TypeOf(f), f))
            .ToList();
        if (ops.Count == 0)
        {
            return "default(Identity)";
        }

        (string type, string value) = ops[0];
        for (int i = 1; i < ops.Count; i++)
        {
            type = "Chain<" + type + "," + ops[i].Type + ">";
            value = "new " + type + "(" + value + "," + ops[i].Value + ")";
        }

        return value;
    }

    /// <summary>The struct type a functor expression constructs: <c>default(Relu)</c> → Relu, <c>new Clip(0f,6f)</c> → Clip.</summary>
    private static string TypeOf(string functor)
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
