using System;
using System.Linq;
using System.Text.RegularExpressions;
using Neo.Hosting;
using Xunit;

namespace Neo.Tests.Generator;

/// <summary>
/// The plan's <c>when</c> record (a step that runs only when a bool tensor holds, or does not): it reads and
/// writes back unchanged, plans without it read as before, and the generator refuses a guard that is not a
/// declared bool tensor.
/// </summary>
public sealed class PlanGuardTests
{
    private const string Plan = "neoplan 1\n"
        + "model \"m.onnx\"\nclass \"Guarded\"\nnamespace \"Neo.Tests.Guards\"\ndevice \"portable\"\nproducer \"\"\nthreads 1\narena 128\n"
        + "weights \"Neo.Tests.Guards.Guarded.neoweights\" 0 0000000000000000\nmacs 0\n"
        + "tensor t0 input bool [] 0 \"\" \"cond\"\n"
        + "tensor t1 input float32 [4] 0 \"\" \"x\"\n"
        + "tensor t2 output float32 [4] 0 \"\" \"y\"\n"
        + "step \"Relu\" \"Elementwise.Unary\"\nnode \"relu\" \"Relu\"\nwhen t0 true\narg x \"%t1\"\narg y \"%t2\"\narg op \"default(Relu)\"\nend\n"
        + "step \"Neg\" \"Elementwise.Unary\"\nnode \"neg\" \"Neg\"\nwhen t0 false\narg x \"%t1\"\narg y \"%t2\"\narg op \"default(Neg)\"\nend\n";

    [Fact]
    public void CompiledIfWritesGuardsThatReadBack()
    {
        var then = new Infrastructure.OnnxBuilder(13).Node("Relu", new[] { "x" }, new[] { "a" }).Output("a", Neo.Compiler.IR.DataType.Float32, 4);
        var otherwise = new Infrastructure.OnnxBuilder(13).Node("Neg", new[] { "x" }, new[] { "b" }).Output("b", Neo.Compiler.IR.DataType.Float32, 4);
        byte[] model = new Infrastructure.OnnxBuilder(13)
            .Input("cond", Neo.Compiler.IR.DataType.Bool).Input("x", Neo.Compiler.IR.DataType.Float32, 4)
            .Node("If", new[] { "cond" }, new[] { "y" }, "if", ("then_branch", then), ("else_branch", otherwise))
            .Output("y", Neo.Compiler.IR.DataType.Float32, 4).ToBytes();
        Neo.Compiler.CompileResult result = Neo.Compiler.NeoCompiler.Compile(new Neo.Compiler.Options.CompileRequest { ModelPath = "if.onnx", ModelBytes = model, ClassName = "If", Namespace = "Neo.Tests.Guards" });
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        var guarded = result.Plan!.Steps.Where(s => s.Guards.Count > 0).ToList();
        Assert.Equal(new[] { true, false }, guarded.Select(s => s.Guards.Single().WhenTrue));
        Assert.Equal(2, Regex.Matches(result.PlanText!, "\nwhen t[0-9]+ (true|false)\n").Count);
        (string source, var errors) = InMemoryModel.Generate("obj/neo/If.neoplan", result.PlanText!);
        Assert.Empty(errors);
        Assert.Equal(2, Regex.Matches(source, @"if \(!?cond\[0\]\)").Count);
    }

    [Fact]
    public void GeneratedCodeRunsEachStepUnderItsGuard()
    {
        (string source, var errors) = InMemoryModel.Generate("obj/neo/Guarded.neoplan", Plan);
        Assert.Empty(errors);
        Assert.Contains("if (cond[0])", source, StringComparison.Ordinal);
        Assert.Contains("if (!cond[0])", source, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("when t1 true\n", "guards step 0 by 't1', which is not a declared bool tensor")]
    [InlineData("when t9 true\n", "guards step 0 by 't9', which is not a declared bool tensor")]
    public void GeneratorRefusesAGuardThatIsNotABoolTensor(string guard, string message)
    {
        string plan = Plan.Replace("when t0 true\n", guard, StringComparison.Ordinal);
        (_, var errors) = InMemoryModel.Generate("obj/neo/Guarded.neoplan", plan);
        Assert.Contains(errors, e => e.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void MalformedGuardIsAFormatError()
    {
        (_, var errors) = InMemoryModel.Generate("obj/neo/Guarded.neoplan", Plan.Replace("when t0 true", "when t0 maybe", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'when' takes a tensor id and true or false", StringComparison.Ordinal));
    }
}
