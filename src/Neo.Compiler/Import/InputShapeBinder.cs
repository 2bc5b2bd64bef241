using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Options;

namespace Neo.Compiler.Import;

/// <summary>
/// Fixes the graph inputs' shapes from the Shapes metadata: given dims replace symbolic ones (and must
/// agree with static ones); symbolic dims left unset become 1, with a warning naming the input and dim.
/// Inputs bound to constants (conformance runs) stop being inputs.
/// </summary>
public static class InputShapeBinder
{
    public static void Bind(Graph graph, ShapeSpec spec, Dictionary<string, TensorData>? bound, DiagnosticBag diagnostics)
    {
        if (bound is not null)
        {
            foreach (Value input in graph.Inputs.ToList())
            {
                if (bound.TryGetValue(input.Name, out TensorData? data))
                {
                    input.Constant = data;
                    input.Type = data.Type;
                    input.Shape = data.Shape;
                    graph.Inputs.Remove(input);
                }
            }
        }

        foreach (string name in spec.Named.Keys.OrderBy(k => k, System.StringComparer.Ordinal))
        {
            if (!graph.Inputs.Any(i => i.Name == name))
            {
                diagnostics.Error(
                    DiagnosticCodes.ShapesUnknownInput,
                    $"Shapes names the input '{name}', which the model does not have. Its inputs are: {string.Join(", ", graph.Inputs.Select(i => "'" + i.Name + "'"))}.",
                    name);
            }
        }

        if (spec.Bare is not null && graph.Inputs.Count != 1)
        {
            diagnostics.Error(
                DiagnosticCodes.InvalidShapes,
                $"Shapes gives a bare shape, but the model has {graph.Inputs.Count} inputs ({string.Join(", ", graph.Inputs.Select(i => "'" + i.Name + "'"))}); name each, as name=1x128;other=1x128.");
            return;
        }

        foreach (Value input in graph.Inputs)
        {
            int[]? given = spec.Bare ?? (spec.Named.TryGetValue(input.Name, out int[]? s) ? s : null);
            if (given is not null)
            {
                if (input.Shape is not null && input.Shape.Length != given.Length)
                {
                    diagnostics.Error(
                        DiagnosticCodes.InvalidShapes,
                        $"Shapes gives input '{input.Name}' the shape {string.Join("x", given)} (rank {given.Length}), but the model declares rank {input.Shape.Length} {Describe(input)}.",
                        input.Name);
                    continue;
                }

                if (input.Shape is not null)
                {
                    for (int d = 0; d < given.Length; d++)
                    {
                        if (input.Shape[d] >= 0 && input.Shape[d] != given[d])
                        {
                            diagnostics.Error(
                                DiagnosticCodes.InvalidShapes,
                                $"Shapes gives input '{input.Name}' dimension {d} = {given[d]}, but the model fixes it to {input.Shape[d]} {Describe(input)}.",
                                input.Name);
                        }
                    }
                }

                input.Shape = (int[])given.Clone();
                continue;
            }

            if (input.Shape is null)
            {
                diagnostics.Error(
                    DiagnosticCodes.InvalidShapes,
                    $"input '{input.Name}' has no shape in the model; give it with the Shapes metadata, for example Shapes=\"{input.Name}=1x3x224x224\".",
                    input.Name);
                continue;
            }

            for (int d = 0; d < input.Shape.Length; d++)
            {
                if (input.Shape[d] < 0 && input.DefaultsToOneQuietly)
                {
                    input.Shape[d] = 1;
                }
                else if (input.Shape[d] < 0)
                {
                    string dimName = input.SymbolicDims?[d] ?? "dim" + d.ToString(CultureInfo.InvariantCulture);
                    diagnostics.Warning(
                        DiagnosticCodes.SymbolicDimDefaulted,
                        $"input '{input.Name}' has the symbolic dimension '{dimName}' (dimension {d}), which Shapes does not set; Neo compiles it as 1. Set it with Shapes=\"{input.Name}={string.Join("x", input.Shape.Select((v, i) => v >= 0 ? v.ToString(CultureInfo.InvariantCulture) : i == d ? "N" : "1"))}\".",
                        input.Name);
                    input.Shape[d] = 1;
                }
            }
        }
    }

    private static string Describe(Value v) =>
        "[" + string.Join(",", v.Shape!.Select((d, i) => d >= 0 ? d.ToString(CultureInfo.InvariantCulture) : v.SymbolicDims?[i] ?? "?")) + "]";
}
