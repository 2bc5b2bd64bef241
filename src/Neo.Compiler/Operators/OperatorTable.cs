using System.Linq;
using System.Text;

namespace Neo.Compiler.Operators;

/// <summary>
/// The operator table of docs/operators.md, written from the registry so it cannot drift from the code
/// (a test compares the file with this text; <c>neo operators</c> prints it).
/// </summary>
public static class OperatorTable
{
    /// <summary>The whole of docs/operators.md.</summary>
    public static string Markdown(OperatorRegistry registry)
    {
        var sb = new StringBuilder();
        sb.Append("# Supported operators\n\n");
        sb.Append("Generated from the compiler's operator registry (`Neo.Compiler.Operators.OperatorList`); do not edit by hand.\n");
        sb.Append("Regenerate with `neo operators > docs/operators.md` or by running the tests with `NEO_UPDATE_DOCS=1`.\n\n");
        sb.Append("Every operator is in the default ONNX domain unless a domain is shown. Shapes are static: inputs an operator reads\n");
        sb.Append("as a shape, axes, pads, repeats, K, depth or bounds must be known at build time (initializers, constants, or values\n");
        sb.Append("folded from them). See [adding-an-operator.md](adding-an-operator.md) to add one.\n\n");
        sb.Append("| operator | kind | notes |\n");
        sb.Append("| --- | --- | --- |\n");
        foreach (Operator op in registry.All)
        {
            string name = op.Domain.Length == 0 ? op.OpType : op.Domain + "." + op.OpType;
            sb.Append("| ").Append(name).Append(" | ").Append(Kind(op.Kind)).Append(" | ").Append(op.Notes.Replace("|", "\\|", System.StringComparison.Ordinal)).Append(" |\n");
        }

        sb.Append('\n').Append(registry.All.Count()).Append(" operators.\n");
        return sb.ToString();
    }

    private static string Kind(OpKind kind) => kind switch
    {
        OpKind.Elementwise => "elementwise",
        OpKind.Broadcast => "broadcast",
        OpKind.Injective => "injective",
        OpKind.Reduction => "reduction",
        OpKind.OutFusable => "out-fusable",
        _ => "opaque",
    };
}
