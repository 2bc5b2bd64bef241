using System;
using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Options;
using Neo.Hosting;
using Neo.Runtime;
using Neo.Tests.Infrastructure;
using Xunit;

namespace Neo.Tests.Operators;

/// <summary>
/// If, Loop and Scan: an If whose condition is known at build time keeps only its branch; one known at run
/// time runs only the taken branch (guarded steps in the generated code); loops and scans unroll, nested
/// control flow included. Results are checked against ONNX Runtime.
/// </summary>
public sealed class ControlFlowTests
{
    private static readonly Lazy<Dictionary<string, string?>> Results = OnnxRuntimeReference.CompareOnce(Cases);

    public static IEnumerable<object[]> Names() => OnnxRuntimeReference.Names(Cases());

    [Theory]
    [MemberData(nameof(Names))]
    public void MatchesOnnxRuntime(string name) => OnnxRuntimeReference.AssertMatches(Results, name);

    [Fact]
    public void RuntimeConditionRunsOnlyTheTakenBranch()
    {
        BatchEntry built = InMemoryModelBatch.Build(new[] { Request(RuntimeIf(), "RuntimeIf") })[0];
        Assert.True(built.Model is not null, string.Join("\n", built.Errors));
        Assert.Contains("\nwhen ", built.Result!.PlanText!, StringComparison.Ordinal);
        Assert.Contains("if (!", built.Model!.Source, StringComparison.Ordinal);
        Assert.Contains("\"Control.Choose\"", built.Result!.PlanText!, StringComparison.Ordinal);

        using INeoModel model = built.Model.Create();
        float[] x = { -2f, -1f, 0f, 1f, 2f, 3f };
        foreach (bool cond in new[] { true, false })
        {
            var y = new float[6];
            model.Run(new Array[] { new[] { cond }, x }, new Array[] { y });
            float[] expected = cond ? x.Select(v => Math.Max(v, 0f)).ToArray() : x.Select(v => v * 3f).ToArray();
            Assert.Equal(expected, y);
        }
    }

    [Fact]
    public void BuildTimeConditionKeepsOneBranch()
    {
        byte[] model = IfModel(condition: true);
        BatchEntry built = InMemoryModelBatch.Build(new[] { Request(model, "ConstantIf") })[0];
        Assert.True(built.Model is not null, string.Join("\n", built.Errors));
        string plan = built.Result!.PlanText!;
        Assert.DoesNotContain("\nwhen ", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Choose", plan, StringComparison.Ordinal);
        Assert.Contains("\"Relu\"", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Mul\"", plan, StringComparison.Ordinal);
    }

    [Fact]
    public void BranchesOfDifferentShapesNeedABuildTimeCondition()
    {
        var then = new OnnxBuilder(13).Node("Relu", new[] { "x" }, new[] { "a" }).Output("a", DataType.Float32, 2, 3);
        var otherwise = new OnnxBuilder(13).Node("Flatten", new[] { "x" }, new[] { "b" }, null, ("axis", 0L)).Output("b", DataType.Float32, 1, 6);
        byte[] model = new OnnxBuilder(13)
            .Input("cond", DataType.Bool).Input("x", DataType.Float32, 2, 3)
            .Node("If", new[] { "cond" }, new[] { "y" }, "if", ("then_branch", then), ("else_branch", otherwise))
            .OutputAnyShape("y", DataType.Float32).ToBytes();
        BatchEntry built = InMemoryModelBatch.Build(new[] { Request(model, "ShapeMismatch") })[0];
        Assert.Null(built.Model);
        Assert.Contains(built.Result!.Diagnostics, d => d.Code == "NEO1203" && d.Message.Contains("'cond'", StringComparison.Ordinal));
    }

    private static CompileRequest Request(byte[] model, string name) =>
        new() { ModelPath = name + ".onnx", ModelBytes = model, ClassName = name, Namespace = "Neo.Tests.ControlFlow" };

    private static IEnumerable<ReferenceCase> Cases()
    {
        var random = new Random(7);
        TensorData x = OnnxRuntimeReference.Random(random, 2f, 2, 3);
        yield return new ReferenceCase("if_runtime_true", RuntimeIf(), ("cond", Bool(true)), ("x", x));
        yield return new ReferenceCase("if_runtime_false", RuntimeIf(), ("cond", Bool(false)), ("x", x));
        yield return new ReferenceCase("if_build_time", IfModel(condition: false), ("x", x));
        yield return new ReferenceCase("if_fused_branches_true", FusibleBranchesIf(), ("cond", Bool(true)), ("x", x));
        yield return new ReferenceCase("if_fused_branches_false", FusibleBranchesIf(), ("cond", Bool(false)), ("x", x));
        yield return new ReferenceCase("loop_carried_and_scanned", LoopModel(nestedIf: false), ("a", OnnxRuntimeReference.Random(random, 1f, 2)));
        yield return new ReferenceCase("loop_with_runtime_if_true", LoopModel(nestedIf: true), ("a", OnnxRuntimeReference.Random(random, 1f, 2)), ("flag", Bool(true)));
        yield return new ReferenceCase("loop_with_runtime_if_false", LoopModel(nestedIf: true), ("a", OnnxRuntimeReference.Random(random, 1f, 2)), ("flag", Bool(false)));
        yield return new ReferenceCase("scan_reverse_axes", ScanModel(), ("s", OnnxRuntimeReference.Random(random, 1f, 2)), ("x", OnnxRuntimeReference.Random(random, 1f, 2, 3)));
    }

    private static TensorData Bool(bool v) => new(DataType.Bool, Array.Empty<int>(), new[] { v });

    /// <summary>y = cond ? Relu(x) : x·3, both branches reading x from the outer graph.</summary>
    private static byte[] RuntimeIf()
    {
        var then = new OnnxBuilder(13).Node("Relu", new[] { "x" }, new[] { "a" }).Output("a", DataType.Float32, 2, 3);
        var otherwise = new OnnxBuilder(13)
            .Initializer("three", Array.Empty<int>(), new[] { 3f })
            .Node("Mul", new[] { "x", "three" }, new[] { "b" }).Output("b", DataType.Float32, 2, 3);
        return new OnnxBuilder(13)
            .Input("cond", DataType.Bool).Input("x", DataType.Float32, 2, 3)
            .Node("If", new[] { "cond" }, new[] { "y" }, "if", ("then_branch", then), ("else_branch", otherwise))
            .Output("y", DataType.Float32, 2, 3).ToBytes();
    }

    /// <summary>
    /// Branches the optimizer rewrites: MatMul + Add (to Gemm), x·sigmoid(x) (to Silu) and elementwise chains
    /// (fused): the rewritten nodes must keep running only under their branch's condition.
    /// </summary>
    private static byte[] FusibleBranchesIf()
    {
        var then = new OnnxBuilder(13)
            .Initializer("w", new[] { 3, 3 }, new[] { 0.5f, -1f, 0.25f, 1f, 0.5f, -0.5f, -0.25f, 0.75f, 1f })
            .Initializer("bias", new[] { 3 }, new[] { 0.1f, -0.2f, 0.3f })
            .Node("MatMul", new[] { "x", "w" }, new[] { "m" })
            .Node("Add", new[] { "m", "bias" }, new[] { "g" })
            .Node("Sigmoid", new[] { "g" }, new[] { "s" })
            .Node("Mul", new[] { "g", "s" }, new[] { "silu" })
            .Node("Tanh", new[] { "silu" }, new[] { "t" })
            .Node("Add", new[] { "t", "x" }, new[] { "a" })
            .Output("a", DataType.Float32, 2, 3);
        var otherwise = new OnnxBuilder(13)
            .Initializer("half", Array.Empty<int>(), new[] { 0.5f })
            .Node("Exp", new[] { "x" }, new[] { "e" })
            .Node("Mul", new[] { "e", "half" }, new[] { "f" })
            .Node("Sub", new[] { "f", "x" }, new[] { "b" })
            .Output("b", DataType.Float32, 2, 3);
        return new OnnxBuilder(13)
            .Input("cond", DataType.Bool).Input("x", DataType.Float32, 2, 3)
            .Node("If", new[] { "cond" }, new[] { "y" }, "if", ("then_branch", then), ("else_branch", otherwise))
            .Output("y", DataType.Float32, 2, 3).ToBytes();
    }

    /// <summary>The same If with the condition an initializer.</summary>
    private static byte[] IfModel(bool condition)
    {
        var then = new OnnxBuilder(13).Node("Relu", new[] { "x" }, new[] { "a" }).Output("a", DataType.Float32, 2, 3);
        var otherwise = new OnnxBuilder(13)
            .Initializer("three", Array.Empty<int>(), new[] { 3f })
            .Node("Mul", new[] { "x", "three" }, new[] { "b" }).Output("b", DataType.Float32, 2, 3);
        return new OnnxBuilder(13)
            .Input("x", DataType.Float32, 2, 3)
            .Initializer("cond", new TensorData(DataType.Bool, Array.Empty<int>(), new[] { condition }))
            .Node("If", new[] { "cond" }, new[] { "y" }, "if", ("then_branch", then), ("else_branch", otherwise))
            .Output("y", DataType.Float32, 2, 3).ToBytes();
    }

    /// <summary>
    /// Four iterations of a_{i+1} = a_i + i (or, with <paramref name="nestedIf"/>, + i when the outer flag holds
    /// and - i otherwise), scanning a_{i+1}² out; the trip count and condition are initializers.
    /// </summary>
    private static byte[] LoopModel(bool nestedIf)
    {
        var body = new OnnxBuilder(13)
            .Input("i", DataType.Int64).Input("cond_in", DataType.Bool).Input("a_in", DataType.Float32, 2)
            .Node("Cast", new[] { "i" }, new[] { "fi" }, null, ("to", (long)DataType.Float32));
        if (nestedIf)
        {
            var plus = new OnnxBuilder(13).Node("Add", new[] { "a_in", "fi" }, new[] { "p" }).Output("p", DataType.Float32, 2);
            var minus = new OnnxBuilder(13).Node("Sub", new[] { "a_in", "fi" }, new[] { "m" }).Output("m", DataType.Float32, 2);
            body.Node("If", new[] { "flag" }, new[] { "a_out" }, "inner_if", ("then_branch", plus), ("else_branch", minus));
        }
        else
        {
            body.Node("Add", new[] { "a_in", "fi" }, new[] { "a_out" });
        }

        body.Node("Identity", new[] { "cond_in" }, new[] { "cond_out" })
            .Node("Mul", new[] { "a_out", "a_out" }, new[] { "sq" })
            .OutputAnyShape("cond_out", DataType.Bool).Output("a_out", DataType.Float32, 2).Output("sq", DataType.Float32, 2);
        var b = new OnnxBuilder(13).Input("a", DataType.Float32, 2);
        if (nestedIf)
        {
            b.Input("flag", DataType.Bool);
        }

        return b.Initializer("M", Array.Empty<int>(), new[] { 4L })
            .Initializer("go", new TensorData(DataType.Bool, Array.Empty<int>(), new[] { true }))
            .Node("Loop", new[] { "M", "go", "a" }, new[] { "a_final", "squares" }, "loop", ("body", body))
            .Output("a_final", DataType.Float32, 2).Output("squares", DataType.Float32, 4, 2).ToBytes();
    }

    /// <summary>A reverse scan over axis 1 of x [2, 3]: s += x_t, y_t = s·x_t, stacked along axis 1.</summary>
    private static byte[] ScanModel()
    {
        var body = new OnnxBuilder(13)
            .Input("s_in", DataType.Float32, 2).Input("x_t", DataType.Float32, 2)
            .Node("Add", new[] { "s_in", "x_t" }, new[] { "s_out" })
            .Node("Mul", new[] { "s_out", "x_t" }, new[] { "y_t" })
            .Output("s_out", DataType.Float32, 2).Output("y_t", DataType.Float32, 2);
        return new OnnxBuilder(13)
            .Input("s", DataType.Float32, 2).Input("x", DataType.Float32, 2, 3)
            .Node("Scan", new[] { "s", "x" }, new[] { "s_final", "ys" }, "scan",
                ("body", body), ("num_scan_inputs", 1L), ("scan_input_axes", new long[] { 1 }), ("scan_input_directions", new long[] { 1 }),
                ("scan_output_axes", new long[] { 1 }), ("scan_output_directions", new long[] { 1 }))
            .Output("s_final", DataType.Float32, 2).Output("ys", DataType.Float32, 2, 3).ToBytes();
    }
}

/// <summary>The verifier catches a pass that lets branch work leak out of its branch.</summary>
public sealed class GuardInvariantTests
{
    [Fact]
    public void ReadingBranchWorkOutsideTheBranchIsRejected()
    {
        (Graph g, Value cond, Value x, Value relu) = Branch();
        var neg = new Node("neg", "Neg") { OpsetVersion = 13 };
        var y = new Value("y", DataType.Float32, new[] { 2 }) { Producer = neg };
        neg.Inputs.Add(relu);
        neg.Outputs.Add(y);
        g.Nodes.Add(neg);
        g.Outputs.Add(y);
        var e = Assert.Throws<IrVerificationException>(() => IrVerifier.Verify(g, "Test"));
        Assert.Contains("computes only when 'cond' is true", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChooseJoinsTheBranch()
    {
        (Graph g, Value cond, Value x, Value relu) = Branch();
        var choose = new Node("choose", "Choose", "neo") { OpsetVersion = 1 };
        var y = new Value("y", DataType.Float32, new[] { 2 }) { Producer = choose };
        choose.Inputs.AddRange(new[] { cond, relu, x });
        choose.Outputs.Add(y);
        g.Nodes.Add(choose);
        g.Outputs.Add(y);
        IrVerifier.Verify(g, "Test");

        // The same join with the branches swapped reads the then-branch's value when the condition is false.
        choose.Inputs[1] = x;
        choose.Inputs[2] = relu;
        Assert.Throws<IrVerificationException>(() => IrVerifier.Verify(g, "Test"));
    }

    private static (Graph G, Value Cond, Value X, Value Relu) Branch()
    {
        var g = new Graph();
        var cond = new Value("cond", DataType.Bool, Array.Empty<int>());
        var x = new Value("x", DataType.Float32, new[] { 2 });
        g.Inputs.Add(cond);
        g.Inputs.Add(x);
        var relu = new Node("relu", "Relu") { OpsetVersion = 13 };
        var r = new Value("r", DataType.Float32, new[] { 2 }) { Producer = relu };
        relu.Inputs.Add(x);
        relu.Outputs.Add(r);
        relu.Guards.Add(new Guard(cond, true));
        g.Nodes.Add(relu);
        return (g, cond, x, r);
    }
}
