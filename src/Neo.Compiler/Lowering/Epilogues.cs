using System;
using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Operators;

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
        var ops = new List<(string Type, string Value)>();
        foreach (Node e in node.Epilogue)
        {
            Value chained = e.Inputs.First(i => i is not null && i.Constant is null)!;
            if (!ElementwiseFunctors.TryUnary(e, chained, operators, out string? functor))
            {
                throw new InvalidOperationException($"Epilogue node '{e.Name}' ({e.OpType}) of '{node.Name}' has no operator struct: the fusion pass should not have fused it.");
            }

            ops.Add((ElementwiseFunctors.TypeOf(functor), functor));
        }

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

    /// <summary>What a step computing <paramref name="node"/> is called: "Mul" for a fused input scale, its op type, then "Add" for a residual and each epilogue op.</summary>
    public static string Label(Node node)
    {
        // A channel scale fused into the node (ChannelScaleFusion) is computed first: "Mul+Conv".
        var parts = node.InputScale is null ? new List<string> { node.OpType } : new List<string> { "Mul", node.OpType };
        if (node.Residual is not null)
        {
            parts.Add("Add");
        }

        parts.AddRange(node.Epilogue.Select(e => e.OpType));
        return string.Join("+", parts);
    }
}
