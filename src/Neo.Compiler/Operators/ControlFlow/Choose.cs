using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.ControlFlow;

/// <summary>
/// neo.Choose(condition, whenTrue, whenFalse): the join of an If whose condition is known only at run
/// time; copies whichever branch's result the condition selects. Only the chosen branch was computed.
/// </summary>
public sealed class Choose : Operator
{
    public override string OpType => "Choose";

    public override string Domain => "neo";

    public override string Notes => "the join of an If chosen at run time";

    public override void InferShapes(Node node)
    {
        Value cond = node.RequireInput(0), a = node.RequireInput(1), b = node.RequireInput(2);
        if (a.Type != b.Type || !Shapes.Equal(a.Shape, b.Shape))
        {
            throw new CompileErrorException(
                DiagnosticCodes.DynamicShape,
                $"node {node.Display}: the branches of If produce '{a.Name}' as {DataTypes.Name(a.Type)}{Shapes.Format(a.Shape)} and '{b.Name}' as {DataTypes.Name(b.Type)}{Shapes.Format(b.Shape)}, and its condition '{cond.Name}' is only known at run time. Neo chooses between branches at run time only when they agree on type and shape: make the condition known at build time (fix the input it depends on, or the Shapes metadata).",
                node.Name);
        }

        SetOutput(node, 0, a.Type, ShapeOf(a));
    }

    public override void Lower(Node node, LoweringContext context)
    {
        context.Step("Control.Choose")
            .In("condition", node.RequireInput(0))
            .In("whenTrue", node.RequireInput(1))
            .In("whenFalse", node.RequireInput(2))
            .Out("output", node.Output(0)!);
    }
}
