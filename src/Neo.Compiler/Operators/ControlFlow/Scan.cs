using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.ControlFlow;

/// <summary>
/// Scan: runs its body once per slice of the scan inputs along their scan axes, carrying state values
/// and stacking scan outputs. Neo unrolls it at build time (the sequence length is a static dim): each
/// iteration reads its slices with Gather and the outputs are stacked with Unsqueeze and Concat, in
/// either direction. Opset 8's batched form (sequence_lens first, batch axis 0) unrolls per batch row;
/// its sequence lengths must be known at build time and equal the full length.
/// </summary>
public sealed class Scan : Operator
{
    public override string OpType => "Scan";

    /// <summary>Reads opset 8's sequence_lens at build time.</summary>
    public override bool NeedsConstantInput(Node node, int index) => index == 0 && node.OpsetVersion is > 0 and < 9;

    public override string Notes => "unrolled at build time; directions and axes; opset 8 batches with full-length sequences";

    public override IReadOnlyList<Node>? Expand(Node node, ExpansionContext context)
    {
        Graph body = node.Require("body").Graph ?? throw Invalid(node, "has a body that is not a graph.");
        int numScanInputs = checked((int)node.Require("num_scan_inputs").Int);
        bool legacy = node.OpsetVersion is > 0 and < 9;
        List<Value?> inputs = legacy ? node.Inputs.Skip(1).ToList() : node.Inputs.ToList();
        if (inputs.Any(v => v is null))
        {
            throw Invalid(node, "omits a state or scan input.");
        }

        int states = inputs.Count - numScanInputs;
        if (states < 0 || body.Inputs.Count != inputs.Count || body.Outputs.Count < states)
        {
            throw Invalid(node, $"has {inputs.Count} inputs ({numScanInputs} scanned), but its body takes {body.Inputs.Count} and gives {body.Outputs.Count}.");
        }

        int scanOutputs = body.Outputs.Count - states;
        long[] inDirections = node.GetInts(legacy ? "directions" : "scan_input_directions") ?? new long[numScanInputs];
        long[] outDirections = node.GetInts("scan_output_directions") ?? new long[scanOutputs];
        long[] inAxes = node.GetInts("scan_input_axes") ?? new long[numScanInputs];
        long[] outAxes = node.GetInts("scan_output_axes") ?? new long[scanOutputs];
        if (inDirections.Length != numScanInputs || inAxes.Length != numScanInputs || outDirections.Length != scanOutputs || outAxes.Length != scanOutputs)
        {
            throw Invalid(node, "has scan directions or axes whose count differs from its scan inputs or outputs.");
        }

        var nodes = new List<Node>();
        if (!legacy)
        {
            List<Value> results = Unroll(context, node, body, inputs!, states, inDirections, outDirections, inAxes, outAxes, nodes, "");
            Bind(context, node, results, nodes);
            return nodes;
        }

        // Opset 8: axis 0 of every input is the batch; the body sees one batch row at a time.
        int batch = ShapeOf(inputs[0]!).FirstOrDefault();
        if (node.Input(0) is { } lens)
        {
            int length = ShapeOf(inputs[states]!).ElementAtOrDefault(1);
            if (lens.Constant is null || Enumerable.Range(0, lens.Constant.Length).Any(i => lens.Constant.GetInt64(i) != length))
            {
                throw new CompileErrorException(DiagnosticCodes.DynamicShape, $"node {node.Display} takes sequence lengths '{lens.Name}' that are not all {length} (the full length) at build time; Neo unrolls scans with static lengths only.", node.Name);
            }
        }

        var perRow = new List<List<Value>>();
        for (int b = 0; b < batch; b++)
        {
            var rows = new List<Value>();
            foreach (Value v in inputs!)
            {
                rows.Add(Slice(context, node, v, 0, b, nodes, "/batch" + b));
            }

            perRow.Add(Unroll(context, node, body, rows, states, inDirections, outDirections, inAxes, outAxes, nodes, "_batch" + b));
            if (nodes.Count > Loop.MaxUnrolledNodes)
            {
                throw Invalid(node, $"unrolls to more than {Loop.MaxUnrolledNodes} nodes after {b + 1} of {batch} batch rows; Neo unrolls scans at build time and cannot compile one this long.");
            }

        }

        var stacked = new List<Value>();
        for (int k = 0; k < body.Outputs.Count; k++)
        {
            Value y = node.Output(k) ?? SubgraphInliner.Intermediate(node.Name + "/unused" + k);
            nodes.AddRange(Loop.Stack(context, node, perRow.Select(r => r[k]).ToList(), y, 0, reverse: false));
        }

        return nodes;
    }

    /// <summary>Unrolls the body over the scan length; returns the final states then the stacked scan outputs.</summary>
    private static List<Value> Unroll(
        ExpansionContext context, Node node, Graph body, List<Value> inputs, int states,
        long[] inDirections, long[] outDirections, long[] inAxes, long[] outAxes, List<Node> nodes, string tag)
    {
        int numScan = inputs.Count - states;
        int length = -1;
        var axes = new int[numScan];
        for (int j = 0; j < numScan; j++)
        {
            int[] s = ShapeOf(inputs[states + j]);
            axes[j] = Shapes.NormalizeAxis(inAxes[j], s.Length);
            if (axes[j] < 0)
            {
                throw Invalid(node, $"has scan axis {inAxes[j]} for input '{inputs[states + j].Name}' of rank {s.Length}.");
            }

            if (length >= 0 && s[axes[j]] != length)
            {
                throw Mismatch(node, "scans inputs of different lengths.");
            }

            length = s[axes[j]];
        }

        List<Value> carried = inputs.Take(states).ToList();
        var scanned = Enumerable.Range(0, body.Outputs.Count - states).Select(_ => new List<Value>()).ToList();
        for (int t = 0; t < length; t++)
        {
            string suffix = tag + SubgraphInliner.Iteration(t);
            var bindings = new List<Value>(carried);
            for (int j = 0; j < numScan; j++)
            {
                int index = inDirections[j] != 0 ? length - 1 - t : t;
                bindings.Add(Slice(context, node, inputs[states + j], axes[j], index, nodes, suffix));
            }

            (List<Node> inlined, List<Value> results) = SubgraphInliner.Inline(context, body, bindings, node.Guards, node.Name + suffix + "/", suffix);
            nodes.AddRange(inlined);
            if (nodes.Count > Loop.MaxUnrolledNodes)
            {
                // A scan length is a dim from the model: a long one must end in an error, not a hung build.
                throw Invalid(node, $"unrolls to more than {Loop.MaxUnrolledNodes} nodes after {t + 1} of {length} steps; Neo unrolls scans at build time and cannot compile one this long.");
            }

            if (results.Any(r => r.Shape is null))
            {
                throw new CompileErrorException(DiagnosticCodes.InvalidNode, $"node {node.Display}: its body did not compile (see the errors above).", node.Name);
            }

            carried = results.Take(states).ToList();
            for (int k = 0; k < scanned.Count; k++)
            {
                scanned[k].Add(results[states + k]);
            }
        }

        var outputs = new List<Value>(carried);
        for (int k = 0; k < scanned.Count; k++)
        {
            Value y = SubgraphInliner.Intermediate(node.Name + "/scan_output" + k + tag);
            int rank = (scanned[k].FirstOrDefault()?.Shape?.Length ?? 0) + 1;
            int axis = Shapes.NormalizeAxis(outAxes[k], rank);
            if (axis < 0)
            {
                throw Invalid(node, $"has scan output axis {outAxes[k]} for an output of rank {rank}.");
            }

            nodes.AddRange(Loop.Stack(context, node, scanned[k], y, axis, reverse: outDirections[k] != 0));
            outputs.Add(y);
        }

        return outputs;
    }

    /// <summary>Slice <paramref name="index"/> of <paramref name="v"/> along <paramref name="axis"/>, without that axis (a Gather).</summary>
    private static Value Slice(ExpansionContext context, Node node, Value v, int axis, int index, List<Node> nodes, string suffix)
    {
        Value y = SubgraphInliner.Intermediate(v.Name + suffix);
        Node gather = SubgraphInliner.Synthesize(context, node, "Gather", "", new[] { v, SubgraphInliner.Int64Scalar(node.Name + "/index", index) }, y, "slice");
        gather.Attributes["axis"] = NodeAttribute.FromInt("axis", axis);
        nodes.AddRange(context.Process(gather));
        return y;
    }

    private static void Bind(ExpansionContext context, Node node, List<Value> results, List<Node> nodes)
    {
        for (int k = 0; k < node.Outputs.Count && k < results.Count; k++)
        {
            if (node.Outputs[k] is { } y)
            {
                nodes.AddRange(context.Process(SubgraphInliner.Synthesize(context, node, "Identity", "", new[] { results[k] }, y, "output")));
            }
        }
    }

    public override void InferShapes(Node node) =>
        throw new CompileErrorException(DiagnosticCodes.InternalError, $"node {node.Display} was not expanded. This is a bug in Neo; please report it with the model.", node.Name);

    public override void Lower(Node node, LoweringContext context) => InferShapes(node);
}
