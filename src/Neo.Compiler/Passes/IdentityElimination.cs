using Neo.Compiler.IR;

namespace Neo.Compiler.Passes;

/// <summary>
/// Removes Identity and inference-mode Dropout: their readers read the input instead. A node whose
/// output is a graph output keeps it (the output's name is part of the model's contract), unless the
/// input is an intermediate that can take over the name.
/// </summary>
public sealed class IdentityElimination : IPass
{
    public string Name => "IdentityElimination";

    public Graph Run(Graph graph, PassContext context)
    {
        for (int i = 0; i < graph.Nodes.Count; i++)
        {
            Node n = graph.Nodes[i];
            bool identity = n.Domain.Length == 0 && (n.OpType == "Identity" || (n.OpType == "Dropout" && (n.Output(1) is null || !IsRead(graph, n.Output(1)!))));
            if (!identity || n.Input(0) is not { } input || n.Output(0) is not { } output || input.Constant is not null && graph.Outputs.Contains(output))
            {
                continue;
            }

            if (graph.Outputs.Contains(output))
            {
                // Keep the graph output's identity: the input takes its place only if it is a plain intermediate.
                if (input.Producer is null || graph.Outputs.Contains(input) || input.Producer.Outputs.IndexOf(input) < 0)
                {
                    continue;
                }

                Node producer = input.Producer;
                int k = producer.Outputs.IndexOf(input);
                graph.ReplaceUses(input, output);
                producer.Outputs[k] = output;
                output.Producer = producer;
            }
            else
            {
                graph.ReplaceUses(output, input);
            }

            graph.Nodes.RemoveAt(i);
            i--;
        }

        return graph;
    }

    private static bool IsRead(Graph g, Value v)
    {
        if (g.Outputs.Contains(v))
        {
            return true;
        }

        foreach (Node n in g.Nodes)
        {
            if (n.Inputs.Contains(v))
            {
                return true;
            }
        }

        return false;
    }
}
