using System;
using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Fused;

/// <summary>
/// neo.FusedElementwise: a group of elementwise and broadcast nodes computed in one loop. Its inputs are
/// the group's tensor operands (at most <see cref="MaxInputs"/>; one-element constants are folded into the
/// code as literals) and its <c>body</c> attribute holds the fused nodes, which read the same values, so
/// the IR dump shows exactly what was fused. ElementwiseFusion makes it; it lowers to one
/// <c>FusedElementwise.Run</c> call whose expression is the body as nested operator structs.
/// </summary>
public sealed class FusedElementwise : Operator
{
    /// <summary>The runtime kernel's arity.</summary>
    public const int MaxInputs = 4;

    /// <summary>
    /// The most nodes one group fuses: the body becomes a nested generic type and is built recursively,
    /// so a chain of thousands of elementwise nodes (cheap to write in a model file) must be split into
    /// groups rather than overflow the stack or make a type no compiler will accept.
    /// </summary>
    public const int MaxBodyNodes = 32;

    public override string OpType => "FusedElementwise";

    public override string Domain => NeoDomain.Name;

    public override OpKind Kind => OpKind.Broadcast;

    public override string Notes => "made by ElementwiseFusion";

    public override void InferShapes(Node node)
    {
        Graph body = node.GetGraph("body") ?? throw Invalid(node, "has no body.");
        Value y = node.Output(0) ?? throw Invalid(node, "has no output.");
        if (body.Outputs.Count != 1 || !ReferenceEquals(body.Outputs[0], y) || node.Inputs.Count > MaxInputs)
        {
            throw Invalid(node, "is malformed: its body must compute its one output from at most four inputs.");
        }

        foreach (Value? x in node.Inputs)
        {
            if (x is null || x.Type != DataType.Float32 || Shapes.Broadcast(x.Shape!, y.Shape!) is not { } b || !Shapes.Equal(b, y.Shape))
            {
                throw Invalid(node, "reads an input that is not float32 or does not broadcast to its output.");
            }
        }
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Graph body = node.GetGraph("body")!;
        Value y = node.Output(0)!;
        (_, string expression) = Expression(node, body, context.Operators);
        List<LTensor> inputs = node.Inputs.Select(i => context.TensorOf(i!)).ToList();
        Emit(context, new[] { node }, inputs, context.TensorOf(y), expression);
    }

    /// <summary>
    /// Emits one <c>FusedElementwise.Run</c> over <paramref name="output"/>'s shape, with each input broadcast to it.
    /// Other operators lower through this too (BatchNormalization as x · a + b in one pass).
    /// </summary>
    public static void Emit(LoweringContext context, Node[] nodes, IReadOnlyList<LTensor> inputs, LTensor output, string expression)
    {
        if (inputs.Count > MaxInputs)
        {
            throw new InvalidOperationException("A fused elementwise loop reads at most four tensors.");
        }

        (int[] shape, int[][] strides) = Plan(output.Shape, inputs.Select(i => i.Shape).ToList());
        StepBuilder step = context.Step("FusedElementwise.Run", nodes);
        for (int k = 0; k < MaxInputs; k++)
        {
            string name = "x" + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (k < inputs.Count)
            {
                step.In(name, inputs[k]);
            }
            else
            {
                step.Expr(name, "default");
            }
        }

        var flat = new List<int>();
        for (int k = 0; k < MaxInputs; k++)
        {
            flat.AddRange(k < inputs.Count ? strides[k] : new int[shape.Length]);
        }

        step.Out("y", output).Ints("shape", shape).Ints("strides", flat).Expr("expression", expression);

        // Each element is read before it is written at the same index, so a dying input of the output's
        // full shape can hold the output.
        foreach (LTensor input in inputs.Where(i => Shapes.Equal(i.Shape, output.Shape)))
        {
            step.InPlace(output, input);
        }
    }

    /// <summary>The body as an expression over Arg0..Arg3: (struct type, plan expression).</summary>
    public static (string Type, string Value) Expression(Node node, Graph body, OperatorRegistry operators)
    {
        var producers = new Dictionary<Value, Node>();
        foreach (Node n in body.Nodes)
        {
            producers[n.Output(0)!] = n;
        }

        (string Type, string Value) Build(Value v)
        {
            int k = node.Inputs.IndexOf(v);
            if (k >= 0)
            {
                string arg = "Arg" + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return (arg, "default(" + arg + ")");
            }

            if (v.Constant is { Length: 1 } c)
            {
                return ("Literal", "new Literal(" + PlanLiterals.Float((float)c.GetDouble(0)) + ")");
            }

            if (!producers.TryGetValue(v, out Node? p))
            {
                throw new InvalidOperationException($"Fused node '{node.Name}' reads '{v.Name}', which is neither its input nor computed in its body.");
            }

            Operator? op = operators.Find(p);
            if (ElementwiseFunctors.BinaryFunctorType(op) is { } binary)
            {
                (string lt, string lv) = Build(p.Input(0)!);
                (string rt, string rv) = Build(p.Input(1)!);
                string type = $"Combine<{binary},{lt},{rt}>";
                return (type, $"new {type}(default({binary}),{lv},{rv})");
            }

            if (ElementwiseFunctors.UnaryFunctor(p, operators) is { } functor)
            {
                (string at, string av) = Build(p.Input(0)!);
                string type = $"Apply<{ElementwiseFunctors.TypeOf(functor)},{at}>";
                return (type, $"new {type}({functor},{av})");
            }

            throw new InvalidOperationException($"Fused node '{node.Name}' computes '{p.Name}' ({p.OpType}), which has no elementwise operator struct.");
        }

        return Build(node.Output(0)!);
    }

    /// <summary>
    /// Numpy broadcasting of several operands to <paramref name="outShape"/>: each operand's element strides
    /// (0 along broadcast dimensions), size-1 dimensions dropped and neighbours merged where every operand
    /// is contiguous across both, so the kernel's inner loop is as long as possible.
    /// </summary>
    public static (int[] Shape, int[][] Strides) Plan(int[] outShape, IReadOnlyList<int[]> shapes)
    {
        int rank = outShape.Length;
        int[][] full = shapes.Select(s => StridesFor(outShape, s)).ToArray();
        var shape = new List<int>();
        var strides = shapes.Select(_ => new List<int>()).ToArray();
        for (int d = 0; d < rank; d++)
        {
            if (outShape[d] == 1)
            {
                continue;
            }

            int last = shape.Count - 1;
            bool merge = last >= 0;
            for (int k = 0; k < full.Length && merge; k++)
            {
                merge = strides[k][last] == full[k][d] * outShape[d];
            }

            if (merge)
            {
                shape[last] *= outShape[d];
                for (int k = 0; k < full.Length; k++)
                {
                    strides[k][last] = full[k][d];
                }

                continue;
            }

            shape.Add(outShape[d]);
            for (int k = 0; k < full.Length; k++)
            {
                strides[k].Add(full[k][d]);
            }
        }

        if (shape.Count == 0)
        {
            return (new[] { 1 }, shapes.Select(_ => new[] { 0 }).ToArray());
        }

        return (shape.ToArray(), strides.Select(s => s.ToArray()).ToArray());
    }

    private static int[] StridesFor(int[] outShape, int[] shape)
    {
        int rank = outShape.Length;
        var strides = new int[rank];
        int acc = 1;
        for (int d = rank - 1; d >= 0; d--)
        {
            int k = d - (rank - shape.Length);
            int dim = k >= 0 ? shape[k] : 1;
            strides[d] = dim == 1 ? 0 : acc;
            acc *= dim;
        }

        return strides;
    }
}
