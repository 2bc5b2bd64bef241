using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Neo.Compiler.IR;

/// <summary>The IR as text: what <c>-p:NeoDumpIr=true</c> writes after each pass, and what pass tests compare.</summary>
public static class IrPrinter
{
    public static string Print(Graph graph)
    {
        var sb = new StringBuilder();
        sb.Append("graph ").Append(graph.Name).Append('\n');
        foreach (Value v in graph.Inputs)
        {
            sb.Append("  input ").Append(Describe(v)).Append('\n');
        }

        PrintNodes(sb, graph.Nodes, "  ");
        foreach (Value v in graph.Outputs)
        {
            sb.Append("  output ").Append(Describe(v)).Append('\n');
        }

        return sb.ToString();
    }

    private static void PrintNodes(StringBuilder sb, IEnumerable<Node> nodes, string indent)
    {
        foreach (Node n in nodes)
        {
            sb.Append(indent)
              .Append(string.Join(", ", n.Outputs.Select(o => o is null ? "_" : Describe(o))))
              .Append(" = ")
              .Append(n.Domain.Length > 0 ? n.Domain + "." : "")
              .Append(n.OpType)
              .Append('(')
              .Append(string.Join(", ", n.Inputs.Select(Operand)))
              .Append(')');
            List<NodeAttribute> attributes = n.Attributes.Values.Where(a => a.Kind != AttributeKind.Graph).OrderBy(a => a.Name, System.StringComparer.Ordinal).ToList();
            if (attributes.Count > 0)
            {
                sb.Append(" {").Append(string.Join(", ", attributes.Select(FormatAttribute))).Append('}');
            }

            // What a fused out-fusable node computes after its accumulation: y = epilogue(acc + bias + residual).
            if (n.Residual is not null)
            {
                sb.Append(" residual=").Append(n.Residual.Name);
            }

            if (n.InputScale is not null)
            {
                sb.Append(" inputScale=").Append(n.InputScale.Name);
            }

            if (n.Epilogue.Count > 0)
            {
                sb.Append(" epilogue=[").Append(string.Join(", ", n.Epilogue.Select(EpilogueStep))).Append(']');
            }

            sb.Append("  # ").Append(n.Name).Append('\n');
            foreach (NodeAttribute a in n.Attributes.Values.Where(a => a.Kind == AttributeKind.Graph && a.Graph is not null).OrderBy(a => a.Name, System.StringComparer.Ordinal))
            {
                sb.Append(indent).Append("  ").Append(a.Name).Append(":\n");
                PrintNodes(sb, a.Graph!.Nodes, indent + "    ");
            }
        }
    }

    private static string Operand(Value? v) => v is null ? "_" : v.Constant is not null ? "const " + v.Name : v.Name;

    /// <summary>An epilogue node: its op type and the operands other than the chained value (shown as _).</summary>
    private static string EpilogueStep(Node e)
    {
        string operands = string.Join(", ", e.Inputs.Select(i => i is null || i.Constant is null ? "_" : "const " + i.Name));
        string attributes = e.Attributes.Count == 0 ? "" : " {" + string.Join(", ", e.Attributes.Values.OrderBy(a => a.Name, System.StringComparer.Ordinal).Select(FormatAttribute)) + "}";
        return (e.Domain.Length > 0 ? e.Domain + "." : "") + e.OpType + (e.Inputs.Count > 1 ? "(" + operands + ")" : "") + attributes;
    }

    private static string Describe(Value v) => $"{v.Name}: {DataTypes.Name(v.Type)}{Shapes.Format(v.Shape)}";

    private static string FormatAttribute(NodeAttribute a)
    {
        string value = a.Kind switch
        {
            AttributeKind.Int => a.Int.ToString(CultureInfo.InvariantCulture),
            AttributeKind.Float => a.Float.ToString("R", CultureInfo.InvariantCulture),
            AttributeKind.String => "\"" + a.String + "\"",
            AttributeKind.Ints => "[" + string.Join(",", a.Ints.Select(i => i.ToString(CultureInfo.InvariantCulture))) + "]",
            AttributeKind.Floats => "[" + string.Join(",", a.Floats.Select(f => f.ToString("R", CultureInfo.InvariantCulture))) + "]",
            AttributeKind.Strings => "[" + string.Join(",", a.Strings.Select(s => "\"" + s + "\"")) + "]",
            AttributeKind.Tensor => a.Tensor?.ToString() ?? "tensor",
            AttributeKind.Graph => "graph",
            AttributeKind.Payload => "{" + a.Payload + "}",
            _ => a.Kind.ToString(),
        };
        return a.Name + "=" + value;
    }
}
