using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Neo.Compiler;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Onnx;
using Neo.Compiler.Operators;

namespace Neo.Cli.Commands;

/// <summary>
/// <c>neo inspect MODEL</c>: what the model holds (inputs, outputs, opsets, operators, parameters),
/// what Neo makes of it (MACs, steps) and every node Neo cannot compile. Exit 1 when the model cannot be read.
/// </summary>
internal static class InspectCommand
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal) { "--shapes", "--target-device" };

    public static int Run(IReadOnlyList<string> args)
    {
        CommandLine c = CommandLine.Parse(args, Known, new HashSet<string>(), new HashSet<string>());
        if (c.Positional.Count != 1)
        {
            throw new UsageException("inspect takes one model file: neo inspect MODEL.");
        }

        string path = c.Positional[0];
        var diagnostics = new DiagnosticBag(path);
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"{path}: error {DiagnosticCodes.ModelNotFound}: the model file does not exist.");
            return 1;
        }

        Model? model = OnnxImporter.Import(File.ReadAllBytes(path), path, Path.GetDirectoryName(Path.GetFullPath(path)), diagnostics);
        if (model is null)
        {
            Diagnostics.Print(diagnostics.Items);
            return 1;
        }

        Graph g = model.Graph;
        var o = Console.Out;
        o.WriteLine($"{model.FileName}: ONNX IR {model.IrVersion}{(model.Producer.Length > 0 ? ", produced by " + model.Producer : "")}");
        o.WriteLine("opsets: " + string.Join(", ", model.Opsets.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key.Length == 0 ? "ai.onnx" : p.Key) + " " + p.Value.ToString(CultureInfo.InvariantCulture))));
        o.WriteLine("inputs:");
        foreach (Value v in g.Inputs)
        {
            o.WriteLine($"  {v.Name}: {Describe(v)}");
        }

        o.WriteLine("outputs:");
        foreach (Value v in g.Outputs)
        {
            o.WriteLine($"  {v.Name}: {Describe(v)}");
        }

        List<Node> nodes = AllNodes(g).ToList();
        o.WriteLine($"operators ({nodes.Count} nodes):");
        foreach (IGrouping<string, Node> group in nodes.GroupBy(n => (n.Domain.Length == 0 ? "" : n.Domain + ".") + n.OpType).OrderByDescending(x => x.Count()).ThenBy(x => x.Key, StringComparer.Ordinal))
        {
            o.WriteLine($"  {group.Key,-28} {group.Count(),6}");
        }

        List<Value> constants = g.AllValues().Where(v => v.Constant is not null && v.Producer is null).ToList();
        long parameters = constants.Sum(v => (long)v.Constant!.Length);
        long bytes = constants.Sum(v => v.Constant!.ByteLength);
        o.WriteLine($"parameters: {parameters.ToString("N0", CultureInfo.InvariantCulture)} in {constants.Count} constant tensors ({bytes / 1048576.0:0.##} MiB)");

        var unsupported = nodes.Where(n => OperatorRegistry.Default.Find(n) is null).ToList();
        if (unsupported.Count == 0)
        {
            o.WriteLine("unsupported operators: none");
        }
        else
        {
            o.WriteLine($"unsupported operators ({unsupported.Count} nodes):");
            foreach (Node n in unsupported)
            {
                o.WriteLine($"  {n.Name} ({(n.Domain.Length == 0 ? "" : n.Domain + ".")}{n.OpType})");
            }
        }

        CompileResult result = NeoCompiler.Compile(Requests.From(c, path));
        if (result.Success)
        {
            o.WriteLine("compiled signature (after Shapes and shape inference):");
            // The plan types are compiled into both the compiler and the generator, so they are not named here.
            foreach (var t in result.Plan!.Tensors.Where(t => t.Storage.ToString() is "Input" or "Output"))
            {
                o.WriteLine($"  {(t.Storage.ToString() == "Input" ? "input " : "output")} {t.Name}: {t.ElementType}[{string.Join(",", t.Shape)}]");
            }

            o.WriteLine($"MACs: {result.Report!.Macs.ToString("N0", CultureInfo.InvariantCulture)}");
            o.WriteLine(result.Report.Summary());
        }
        else
        {
            o.WriteLine("compile: fails with");
            foreach (NeoDiagnostic d in result.Diagnostics.Where(d => d.IsError && d.Code != DiagnosticCodes.UnsupportedOperator))
            {
                o.WriteLine("  " + d.Code + ": " + d.Message);
            }

            if (unsupported.Count > 0)
            {
                o.WriteLine($"  {DiagnosticCodes.UnsupportedOperator}: the {unsupported.Count} unsupported nodes above");
            }
        }

        return 0;
    }

    private static string Describe(Value v)
    {
        string dims = v.Shape is null ? "[?]" : "[" + string.Join(",", v.Shape.Select((d, i) => d >= 0 ? d.ToString(CultureInfo.InvariantCulture) : v.SymbolicDims?[i] ?? "?")) + "]";
        return DataTypes.Name(v.Type) + dims;
    }

    private static IEnumerable<Node> AllNodes(Graph g)
    {
        foreach (Node n in g.Nodes)
        {
            yield return n;
            foreach (NodeAttribute a in n.Attributes.Values)
            {
                foreach (Graph sub in a.Graph is null ? a.Graphs : a.Graphs.Append(a.Graph))
                {
                    foreach (Node s in AllNodes(sub))
                    {
                        yield return s;
                    }
                }
            }
        }
    }
}
