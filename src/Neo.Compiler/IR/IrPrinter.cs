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

        foreach (Node n in graph.Nodes)
        {
            sb.Append("  ")
              .Append(string.Join(", ", n.Outputs.Select(o => o is null ? "_" : Describe(o))))
              .Append(" = ")
              .Append(n.Domain.Length > 0 ? n.Domain + "." : "")
              .Append(n.OpType)
              .Append('(')
              .Append(string.Join(", ", n.Inputs.Select(i => i is null ? "_" : i.Constant is not null ? "const " + i.Name : i.Name)))
              .Append(')');
            if (n.Attributes.Count > 0)
            {
                sb.Append(" {")
                  .Append(string.Join(", ", n.Attributes.Values.OrderBy(a => a.Name, System.StringComparer.Ordinal).Select(FormatAttribute)))
                  .Append('}');
            }

            sb.Append("  # ").Append(n.Name).Append('\n');
        }

        foreach (Value v in graph.Outputs)
        {
            sb.Append("  output ").Append(Describe(v)).Append('\n');
        }

        return sb.ToString();
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
            AttributeKind.Tensor => a.Tensor?.ToString() ?? "tensor",
            AttributeKind.Graph => "graph",
            AttributeKind.Payload => "{" + a.Payload + "}",
            _ => a.Kind.ToString(),
        };
        return a.Name + "=" + value;
    }
}
