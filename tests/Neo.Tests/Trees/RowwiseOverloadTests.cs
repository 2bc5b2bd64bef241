using System;
using System.IO;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Options;
using Neo.Hosting;
using Neo.Tests.Infrastructure;
using Xunit;

namespace Neo.Tests.Trees;

/// <summary>
/// The generated API of tree models: compiled for one row by default (no NEO1018 warning), with
/// <c>Predict(features, rows, prediction, margin)</c> and <c>Predict(features, rows)</c> for any number of
/// rows, the plan's <c>rows</c> record, and the generator refusing a plan that claims rows it cannot honour.
/// </summary>
public sealed class RowwiseOverloadTests
{
    private const string Harness = """
        using System;
        using Neo.Tests.Trees.Generated;

        public static class Harness
        {
            public static int PerRow => Cancer.FeaturesPerRow;

            public static float[][] Batch(float[] features, int rows)
            {
                using var model = new Cancer();
                Cancer.Outputs o = model.Predict(features, rows);
                return new[] { o.Prediction, o.Margin };
            }

            public static float[][] Spans(float[] features, int rows)
            {
                using var model = new Cancer();
                var prediction = new float[rows * Cancer.PredictionPerRow];
                var margin = new float[rows * Cancer.MarginPerRow];
                model.Predict(features, rows, prediction, margin);
                return new[] { prediction, margin };
            }

            public static float[][] OneRowEach(float[] features, int rows)
            {
                using var model = new Cancer();
                var prediction = new float[rows];
                var margin = new float[rows];
                for (int r = 0; r < rows; r++)
                {
                    model.Predict(features.AsSpan(r * Cancer.FeaturesPerRow, Cancer.FeaturesPerRow), prediction.AsSpan(r, 1), margin.AsSpan(r, 1));
                }

                return new[] { prediction, margin };
            }

            public static void WrongLength(float[] features, int rows)
            {
                using var model = new Cancer();
                model.Predict(features, rows);
            }
        }
        """;

    private static readonly ModelCase Case = ModelCase.Load(Path.Combine(TestPaths.SharedModels, "xgb_breast_cancer_bin"));

    private static readonly Lazy<RowwiseHarness> Built = new(() => RowwiseHarness.Build(new CompileRequest { ModelPath = Path.Combine(Case.Directory, "model.json"), ClassName = "Cancer", Namespace = "Neo.Tests.Trees.Generated" }, Harness));

    private static RowwiseHarness Build() => Built.Value;

    [Fact]
    public void DefaultsToOneRowQuietlyAndDeclaresRows()
    {
        RowwiseHarness h = Build();
        Assert.DoesNotContain(h.Result.Diagnostics, d => d.Code == "NEO1018");
        Assert.Equal(1, h.Result.Plan!.Rows);
        Assert.Contains("\nrows 1\n", h.Result.PlanText, StringComparison.Ordinal);
        Assert.Equal(30, (int)h.Call("get_PerRow")!);
        Assert.Contains("public void Predict(global::System.ReadOnlySpan<float> features, int rows, global::System.Span<float> prediction, global::System.Span<float> margin)", h.Source, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Batch")]
    [InlineData("Spans")]
    [InlineData("OneRowEach")]
    public void EveryOverloadMatchesXGBoost(string method)
    {
        RowwiseHarness h = Build();
        float[] x = Case.Inputs[0].Value.As<float>();
        var outputs = (float[][])h.Call(method, x, 64)!;
        TreeAssert.BitEqual(Case.Outputs[0].Value.As<float>(), outputs[0], method + " prediction");
        TreeAssert.BitEqual(Case.Outputs[1].Value.As<float>(), outputs[1], method + " margin");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(1000)]
    public void AnyRowCountMatchesRowByRow(int rows)
    {
        RowwiseHarness h = Build();
        float[] source = Case.Inputs[0].Value.As<float>();
        float[] x = Enumerable.Range(0, rows * 30).Select(i => source[i % source.Length]).ToArray();
        var batch = (float[][])h.Call("Batch", x, rows)!;
        var single = (float[][])h.Call("OneRowEach", x, rows)!;
        TreeAssert.BitEqual(single[0], batch[0], $"{rows} rows prediction");
        TreeAssert.BitEqual(single[1], batch[1], $"{rows} rows margin");
    }

    [Fact]
    public void WrongRowCountIsAnArgumentException()
    {
        RowwiseHarness h = Build();
        ArgumentException e = Assert.Throws<ArgumentException>(() => h.Call("WrongLength", new float[61], 2));
        Assert.Contains("NEO3021", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => h.Call("WrongLength", new float[60], -2));
    }

    [Fact]
    public void ShapesSetTheCompiledRows()
    {
        var result = Neo.Compiler.NeoCompiler.Compile(new CompileRequest { ModelPath = Path.Combine(Case.Directory, "model.json"), Shapes = "features=64x30" });
        Assert.True(result.Success);
        Assert.Equal(64, result.Plan!.Rows);
        Assert.Equal(new[] { 64 }, result.Plan.Tensors.First(t => t.Name == "prediction").Shape);
        var wrong = Neo.Compiler.NeoCompiler.Compile(new CompileRequest { ModelPath = Path.Combine(Case.Directory, "model.json"), Shapes = "features=64x29" });
        Assert.Contains(wrong.Diagnostics, d => d.Code == "NEO1011");
    }

    [Fact]
    public void PlanRowsRecordIsValidated()
    {
        var plan = Neo.Compiler.NeoCompiler.Compile(new CompileRequest { ModelPath = Path.Combine(Case.Directory, "model.json"), Shapes = "features=8x30" });
        Assert.Contains("\nrows 8\n", plan.PlanText, StringComparison.Ordinal);
        (_, var ok) = InMemoryModel.Generate("neo/Model.neoplan", plan.PlanText!);
        Assert.Empty(ok);
        (_, var errors) = InMemoryModel.Generate("neo/Model.neoplan", plan.PlanText!.Replace("\nrows 8\n", "\nrows 0\n", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("bad row count", StringComparison.Ordinal));
    }

    [Fact]
    public void NetworksAndClassifiersAreNotRowwise()
    {
        var onnx = Neo.Compiler.NeoCompiler.Compile(new CompileRequest { ModelPath = Path.Combine(TreeCases.Root, "onnx_xgb_multiclass", "model.onnx"), Shapes = "X=4x13" });
        Assert.True(onnx.Success, string.Join("\n", onnx.Diagnostics));
        Assert.Equal(0, onnx.Plan!.Rows);
        Assert.DoesNotContain("\nrows ", onnx.PlanText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"Trees.Predict\"", "\"Tensor.Copy\"", "not a row-wise kernel")]
    [InlineData("arg rows \"1\"", "arg rows \"2\"", "'rows' argument")]
    [InlineData("tensor t0 input float32 [1,30]", "tensor t0 input float32 [2,30]", "first dimension")]
    public void GeneratorRefusesAPlanThatIsNotRowwise(string from, string to, string expected)
    {
        var result = Neo.Compiler.NeoCompiler.Compile(new CompileRequest { ModelPath = Path.Combine(Case.Directory, "model.json") });
        string tampered = result.PlanText!.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(result.PlanText, tampered);
        (_, var errors) = InMemoryModel.Generate("neo/Model.neoplan", tampered);
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }
}
