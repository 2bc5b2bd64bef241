using System;
using System.Collections.Generic;
using System.Linq;

namespace Neo.Compiler.IR;

/// <summary>Thrown when a pass leaves the graph inconsistent: always a compiler bug.</summary>
public sealed class IrVerificationException : Exception
{
    public IrVerificationException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// Checks the IR's invariants: every value read is defined before (topological order), each value has
/// one producer, every non-folded tensor has a type and static shape, graph outputs are defined.
/// Tests run it after every pass.
/// </summary>
public static class IrVerifier
{
    public static void Verify(Graph graph, string afterPass) => Verify(graph, afterPass, null);

    /// <summary>
    /// Also, when <paramref name="operators"/> is given, runs every node's shape inference again and checks that
    /// it gives the types and shapes the graph holds: a pass that rewires a node must leave it consistent.
    /// </summary>
    public static void Verify(Graph graph, string afterPass, Operators.OperatorRegistry? operators)
    {
        VerifyStructure(graph, afterPass);
        if (operators is not null)
        {
            VerifyShapes(graph, afterPass, operators);
        }
    }

    private static void VerifyShapes(Graph graph, string afterPass, Operators.OperatorRegistry operators)
    {
        foreach (Node n in graph.Nodes)
        {
            if (operators.Find(n) is not { } op)
            {
                throw Fail(afterPass, $"node '{n.Name}' has operator {n.Domain}.{n.OpType}, which Neo does not implement.");
            }

            if (n.Outputs.All(o => o is null))
            {
                // Nothing to infer (shape inference skips such nodes too; dead-node elimination removes them).
                continue;
            }

            var saved = n.Outputs.Select(o => o is null ? default : (o.Type, o.Shape, o.Constant)).ToArray();
            string? problem = null;
            try
            {
                op.InferShapes(n);
                for (int i = 0; i < saved.Length; i++)
                {
                    if (n.Outputs[i] is { } o && (o.Type != saved[i].Type || !Shapes.Equal(o.Shape, saved[i].Shape)))
                    {
                        problem = $"node '{n.Name}' ({n.OpType}) holds '{o.Name}' as {DataTypes.Name(saved[i].Type)}{Shapes.Format(saved[i].Shape)} but its inputs give {DataTypes.Name(o.Type)}{Shapes.Format(o.Shape)}.";
                    }
                }
            }
            catch (Diagnostics.CompileErrorException e)
            {
                problem = $"node '{n.Name}' ({n.OpType}) no longer passes shape inference: {e.Message}";
            }
            finally
            {
                for (int i = 0; i < saved.Length; i++)
                {
                    if (n.Outputs[i] is { } o)
                    {
                        (o.Type, o.Shape, o.Constant) = saved[i];
                    }
                }
            }

            if (problem is not null)
            {
                throw Fail(afterPass, problem);
            }
        }
    }

    private static void VerifyStructure(Graph graph, string afterPass)
    {
        var defined = new HashSet<Value>(graph.Inputs);
        defined.UnionWith(graph.OuterValues);
        foreach (Node n in graph.Nodes)
        {
            foreach (Value? v in n.Inputs)
            {
                if (v is null || v.Constant is not null)
                {
                    continue;
                }

                if (!defined.Contains(v))
                {
                    throw Fail(afterPass, $"node '{n.Name}' reads '{v.Name}' before it is defined.");
                }

                Check(v, afterPass);
            }

            CheckGuardedReads(n, afterPass);
            foreach (Guard g in n.Guards)
            {
                if (g.Condition.Type != DataType.Bool || (g.Condition.Constant is null && !defined.Contains(g.Condition)))
                {
                    throw Fail(afterPass, $"node '{n.Name}' is guarded by '{g.Condition.Name}', which is not a bool tensor defined before it.");
                }
            }

            foreach (Value? o in n.Outputs)
            {
                if (o is null)
                {
                    continue;
                }

                if (!defined.Add(o))
                {
                    throw Fail(afterPass, $"'{o.Name}' has more than one producer.");
                }

                if (!ReferenceEquals(o.Producer, n))
                {
                    throw Fail(afterPass, $"'{o.Name}' does not name node '{n.Name}' as its producer.");
                }

                Check(o, afterPass);
            }

            CheckFusion(n, afterPass);
        }

        foreach (Value v in graph.Outputs)
        {
            if (v.Constant is null && !defined.Contains(v))
            {
                throw Fail(afterPass, $"graph output '{v.Name}' is not defined.");
            }

            if (v.Constant is null && v.Producer is { Guards.Count: > 0 } p)
            {
                throw Fail(afterPass, $"graph output '{v.Name}' is computed by '{p.Name}', which runs only under a condition.");
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Node n in graph.Nodes)
        {
            if (!names.Add(n.Name))
            {
                throw Fail(afterPass, $"two nodes are named '{n.Name}'.");
            }
        }
    }

    /// <summary>
    /// A value computed under conditions (an If branch chosen at run time) may be read only where the same
    /// conditions hold, or by the neo.Choose that joins the branch; otherwise a pass moved or merged
    /// branch work (common subexpressions of two branches, say) and the reader would see stale memory.
    /// </summary>
    private static void CheckGuardedReads(Node n, string afterPass)
    {
        bool choose = n.Domain == "neo" && n.OpType == "Choose";
        for (int i = 0; i < n.Inputs.Count; i++)
        {
            if (n.Inputs[i] is not { Constant: null, Producer: { Guards.Count: > 0 } p } v)
            {
                continue;
            }

            foreach (Guard g in p.Guards)
            {
                bool joined = choose && (i is 1 or 2) && ReferenceEquals(g.Condition, n.Inputs[0]) && g.WhenTrue == (i == 1);
                if (!joined && !n.Guards.Contains(g))
                {
                    throw Fail(afterPass, $"node '{n.Name}' reads '{v.Name}', which '{p.Name}' computes only when '{g.Condition.Name}' is {(g.WhenTrue ? "true" : "false")}; '{n.Name}' does not run under that condition.");
                }
            }
        }
    }

    private static void Check(Value v, string afterPass)
    {
        if (v.Shape is null || v.Type == DataType.Undefined)
        {
            throw Fail(afterPass, $"'{v.Name}' has no type or shape.");
        }

        if (v.Shape.Any(d => d < 0))
        {
            throw Fail(afterPass, $"'{v.Name}' has a symbolic dimension left: {Shapes.Format(v.Shape)}.");
        }

        if (v.Constant is not null && (v.Constant.Type != v.Type || !Shapes.Equal(v.Constant.Shape, v.Shape)))
        {
            throw Fail(afterPass, $"constant '{v.Name}' holds {v.Constant} but is declared {DataTypes.Name(v.Type)}{Shapes.Format(v.Shape)}.");
        }
    }

    /// <summary>
    /// A fused out-fusable node lists its residual among its inputs (so liveness sees the read), the residual
    /// has the output's shape and type, and each epilogue node reads only the chained value and constants.
    /// </summary>
    private static void CheckFusion(Node n, string afterPass)
    {
        if (n.Residual is { } r)
        {
            Value? y = n.Output(0);
            if (!n.Inputs.Contains(r))
            {
                throw Fail(afterPass, $"node '{n.Name}' has residual '{r.Name}' but does not list it among its inputs.");
            }

            if (y is null || r.Type != y.Type || !Shapes.Equal(r.Shape, y.Shape))
            {
                throw Fail(afterPass, $"node '{n.Name}' adds residual '{r.Name}' {DataTypes.Name(r.Type)}{Shapes.Format(r.Shape)} to an output of another type or shape.");
            }
        }

        if (n.InputScale is { } scale && !n.Inputs.Contains(scale))
        {
            throw Fail(afterPass, $"node '{n.Name}' has input scale '{scale.Name}' but does not list it among its inputs.");
        }

        foreach (Node e in n.Epilogue)
        {
            if (e.Inputs.Count(i => i is not null && i.Constant is null) != 1 || e.Outputs.Count(o => o is not null) != 1)
            {
                throw Fail(afterPass, $"epilogue node '{e.Name}' of '{n.Name}' is not a function of the chained value and constants.");
            }
        }
    }

    private static IrVerificationException Fail(string pass, string what) => new($"IR invalid after {pass}: {what}");
}
