using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.ControlFlow;

/// <summary>
/// If: runs then_branch or else_branch by a bool condition. When the condition is known at build time
/// (a constant, or computed from shapes), the chosen branch is inlined and the other dropped. Otherwise
/// both branches are inlined, each node guarded by the condition (the generated code skips the branch
/// not taken), and a <c>neo.Choose</c> node picks each output; the branches must then agree on every
/// output's type and shape, since Neo's shapes are static.
/// </summary>
public sealed class If : Operator
{
    public override string OpType => "If";

    public override string Notes => "condition known at build time: the branch is inlined; else both branches run guarded and the result is chosen at run time";

    public override IReadOnlyList<Node>? Expand(Node node, ExpansionContext context)
    {
        Value cond = node.RequireInput(0);
        Graph thenBranch = Branch(node, "then_branch");
        Graph elseBranch = Branch(node, "else_branch");
        if (thenBranch.Outputs.Count != node.Outputs.Count || elseBranch.Outputs.Count != node.Outputs.Count)
        {
            throw Invalid(node, $"has {node.Outputs.Count} outputs, but its branches have {thenBranch.Outputs.Count} and {elseBranch.Outputs.Count}.");
        }

        if (cond.Size != 1)
        {
            throw Invalid(node, $"has condition '{cond.Name}' of shape {Shapes.Format(cond.Shape)}; it must hold one element.");
        }

        var nodes = new List<Node>();
        if (cond.Constant is { } known)
        {
            Graph chosen = known.GetDouble(0) != 0 ? thenBranch : elseBranch;
            (List<Node> inlined, List<Value> results) = SubgraphInliner.Inline(context, chosen, System.Array.Empty<Value>(), node.Guards, node.Name + "/", "");
            nodes.AddRange(inlined);
            for (int i = 0; i < node.Outputs.Count; i++)
            {
                if (node.Outputs[i] is { } y)
                {
                    nodes.AddRange(context.Process(SubgraphInliner.Synthesize(context, node, "Identity", "", new[] { results[i] }, y, "output")));
                }
            }

            return nodes;
        }

        if (cond.Type != DataType.Bool)
        {
            throw Invalid(node, $"has condition '{cond.Name}' of type {DataTypes.Name(cond.Type)}; ONNX requires bool.");
        }

        var whenTrue = node.Guards.Append(new Guard(cond, true)).ToList();
        var whenFalse = node.Guards.Append(new Guard(cond, false)).ToList();
        (List<Node> thenNodes, List<Value> thenResults) = SubgraphInliner.Inline(context, thenBranch, System.Array.Empty<Value>(), whenTrue, node.Name + "/then/", "");
        (List<Node> elseNodes, List<Value> elseResults) = SubgraphInliner.Inline(context, elseBranch, System.Array.Empty<Value>(), whenFalse, node.Name + "/else/", "");
        nodes.AddRange(thenNodes);
        nodes.AddRange(elseNodes);
        for (int i = 0; i < node.Outputs.Count; i++)
        {
            if (node.Outputs[i] is { } y)
            {
                nodes.AddRange(context.Process(SubgraphInliner.Synthesize(context, node, "Choose", "neo", new[] { cond, thenResults[i], elseResults[i] }, y, "choose")));
            }
        }

        return nodes;
    }

    private static Graph Branch(Node node, string name) =>
        node.Require(name).Graph ?? throw Invalid(node, $"has attribute '{name}' that is not a graph.");

    public override void InferShapes(Node node) =>
        throw new CompileErrorException(DiagnosticCodes.InternalError, $"node {node.Display} was not expanded. This is a bug in Neo; please report it with the model.", node.Name);

    public override void Lower(Node node, LoweringContext context) => InferShapes(node);
}
