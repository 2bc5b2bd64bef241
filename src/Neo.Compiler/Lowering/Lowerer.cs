using System;
using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Operators;
using Neo.Compiler.Options;

namespace Neo.Compiler.Lowering;

/// <summary>Lowers the optimized graph, node by node in order, into kernel calls.</summary>
public static class Lowerer
{
    public static LoweringContext Lower(Graph graph, OperatorRegistry operators, TargetDevice device, DiagnosticBag diagnostics, out long macs)
    {
        var context = new LoweringContext(graph, device, operators);
        macs = 0;
        foreach (Node node in graph.Nodes)
        {
            if (node.Outputs.All(o => o is null || o.Constant is not null))
            {
                continue;
            }

            Operator op = operators.Find(node)!;
            context.Current = node;
            try
            {
                op.Lower(node, context);
                macs += op.Macs(node);
            }
            catch (CompileErrorException e)
            {
                diagnostics.Add(NodeFailure.Attach(node, e));
            }
            catch (Exception e) when (NodeFailure.IsUnexpected(e))
            {
                diagnostics.Add(NodeFailure.From(node, e));
            }
        }

        context.Current = null;
        context.FinishOutputs();
        return context;
    }
}
