using System;
using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.ControlFlow;

/// <summary>
/// Loop: runs its body while the iteration count is below M and the condition holds, carrying values
/// from one iteration to the next and stacking scan outputs. Neo unrolls it at build time: each
/// iteration's copy of the body is inferred and folded before the next is added, so the trip count and
/// the condition must be known at build time (a constant M, or one computed from shapes; a condition
/// that folds). Carried values may change shape from one iteration to the next.
/// </summary>
public sealed class Loop : Operator
{
    /// <summary>Unrolling stops with an error past this many body nodes in all, so a huge trip count cannot exhaust the build.</summary>
    public const int MaxUnrolledNodes = 100_000;

    public override string OpType => "Loop";

    /// <summary>Reads the trip count (M) and the initial condition at build time.</summary>
    public override bool NeedsConstantInput(Node node, int index) => index is 0 or 1;

    public override string Notes => "trip count and condition known at build time; unrolled";

    public override IReadOnlyList<Node>? Expand(Node node, ExpansionContext context)
    {
        Graph body = node.Require("body").Graph ?? throw Invalid(node, "has a body that is not a graph.");
        Value? m = node.Input(0);
        Value? condIn = node.Input(1);
        var carried = node.Inputs.Skip(2).Select(v => v ?? throw Invalid(node, "omits a loop-carried input.")).ToList();
        int n = carried.Count;
        if (body.Inputs.Count != n + 2 || body.Outputs.Count < n + 1)
        {
            throw Invalid(node, $"has {n} loop-carried values, but its body takes {body.Inputs.Count} inputs and gives {body.Outputs.Count} outputs (it needs {n + 2} inputs and at least {n + 1} outputs).");
        }

        int scans = body.Outputs.Count - 1 - n;
        if (node.Outputs.Count > n + scans)
        {
            throw Invalid(node, $"has {node.Outputs.Count} outputs, but its body gives {n} carried values and {scans} scan outputs.");
        }

        long tripCount = long.MaxValue;
        if (m is not null)
        {
            if (m.Constant is null)
            {
                throw new CompileErrorException(DiagnosticCodes.DynamicShape, $"node {node.Display} runs '{m.Name}' times, which is only known at run time. Neo unrolls loops at build time: fix the input it depends on, or the Shapes metadata, so the trip count can be computed.", node.Name);
            }

            tripCount = m.Constant.GetInt64(0);
        }

        bool cond = true;
        if (condIn is not null)
        {
            cond = KnownCondition(node, condIn);
        }

        if (m is null && condIn is null)
        {
            throw Invalid(node, "has neither a trip count nor a condition: it never ends.");
        }

        var nodes = new List<Node>();
        var scanValues = new List<List<Value>>();
        for (int j = 0; j < scans; j++)
        {
            scanValues.Add(new List<Value>());
        }

        int unrolled = 0;
        for (int i = 0; i < tripCount && cond; i++)
        {
            string suffix = SubgraphInliner.Iteration(i);
            var bindings = new List<Value>
            {
                IterationValue(body.Inputs[0], node.Name + "/iteration" + suffix, i),
                new(node.Name + "/cond" + suffix, DataType.Bool, BodyShape(body.Inputs[1])) { Constant = new TensorData(DataType.Bool, BodyShape(body.Inputs[1]), new[] { true }) },
            };
            bindings.AddRange(carried);
            (List<Node> inlined, List<Value> results) = SubgraphInliner.Inline(context, body, bindings, node.Guards, node.Name + suffix + "/", suffix);
            nodes.AddRange(inlined);
            // An iteration counts as one node at least: a body of no nodes (outputs wired to inputs) under a
            // condition that stays true must still end, with an error, instead of hanging the build.
            unrolled += Math.Max(1, inlined.Count);
            if (unrolled > MaxUnrolledNodes)
            {
                throw Invalid(node, $"unrolls to more than {MaxUnrolledNodes} nodes after {i + 1} iterations; Neo unrolls loops at build time and cannot compile one this long.");
            }

            if (results.Any(r => r.Shape is null))
            {
                return nodes; // The body failed to compile; its errors were reported.
            }

            cond = KnownCondition(node, results[0]);
            carried = results.Skip(1).Take(n).ToList();
            for (int j = 0; j < scans; j++)
            {
                scanValues[j].Add(results[1 + n + j]);
            }
        }

        for (int k = 0; k < node.Outputs.Count; k++)
        {
            if (node.Outputs[k] is not { } y)
            {
                continue;
            }

            if (k < n)
            {
                nodes.AddRange(context.Process(SubgraphInliner.Synthesize(context, node, "Identity", "", new[] { carried[k] }, y, "output")));
            }
            else
            {
                nodes.AddRange(Stack(context, node, scanValues[k - n], y, axis: 0, reverse: false));
            }
        }

        return nodes;
    }

    /// <summary>Stacks per-iteration values along a new axis: Unsqueeze each, then Concat.</summary>
    internal static List<Node> Stack(ExpansionContext context, Node node, List<Value> values, Value y, int axis, bool reverse)
    {
        if (values.Count == 0)
        {
            throw Invalid(node, $"runs no iteration, so its scan output '{y.Name}' would be empty; Neo cannot give it a static shape.");
        }

        var nodes = new List<Node>();
        var parts = new List<Value>();
        foreach (Value v in reverse ? Enumerable.Reverse(values) : values)
        {
            int rank = (v.Shape?.Length ?? 0) + 1;
            int a = axis < 0 ? axis + rank : axis;
            Value u = SubgraphInliner.Intermediate(v.Name + "/stacked");
            nodes.AddRange(context.Process(SubgraphInliner.Synthesize(context, node, "Unsqueeze", "", new[] { v, SubgraphInliner.Int64Constant(node.Name + "/axes", a) }, u, "unsqueeze")));
            parts.Add(u);
        }

        Node concat = SubgraphInliner.Synthesize(context, node, "Concat", "", parts, y, "concat");
        int outRank = (values[0].Shape?.Length ?? 0) + 1;
        concat.Attributes["axis"] = NodeAttribute.FromInt("axis", axis < 0 ? axis + outRank : axis);
        nodes.AddRange(context.Process(concat));
        return nodes;
    }

    private static bool KnownCondition(Node node, Value cond)
    {
        if (cond.Constant is null)
        {
            throw new CompileErrorException(DiagnosticCodes.DynamicShape, $"node {node.Display} continues while '{cond.Name}' holds, which is only known at run time. Neo unrolls loops at build time, so the condition must be computable from constants and shapes.", node.Name);
        }

        return cond.Constant.GetDouble(0) != 0;
    }

    /// <summary>The iteration number as the body declares it (a scalar, or a one-element tensor).</summary>
    private static Value IterationValue(Value bodyInput, string name, int i)
    {
        int[] shape = BodyShape(bodyInput);
        return new Value(name, DataType.Int64, shape) { Constant = new TensorData(DataType.Int64, shape, new[] { (long)i }) };
    }

    private static int[] BodyShape(Value bodyInput) =>
        bodyInput.Shape is { } s && s.All(d => d == 1) ? s : System.Array.Empty<int>();

    public override void InferShapes(Node node) =>
        throw new CompileErrorException(DiagnosticCodes.InternalError, $"node {node.Display} was not expanded. This is a bug in Neo; please report it with the model.", node.Name);

    public override void Lower(Node node, LoweringContext context) => InferShapes(node);
}
