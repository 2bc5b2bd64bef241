using System;
using System.IO;
using Neo.Tests.Infrastructure;
using Xunit;

namespace Neo.Tests.Cli;

/// <summary>The neo tool, run in process: its exit codes and that bad input gives NEO diagnostics, not stack traces.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class NeoToolTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("neo-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Exit, string Out, string Err) Neo(params string[] args)
    {
        TextWriter oldOut = Console.Out, oldErr = Console.Error;
        var o = new StringWriter();
        var e = new StringWriter();
        Console.SetOut(o);
        Console.SetError(e);
        try
        {
            int exit = global::Neo.Cli.Program.Main(args);
            return (exit, o.ToString(), e.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }

    private static string Case(string name) => Path.Combine(TestPaths.OnnxTestData, "node", name);

    [Fact]
    public void CompileWritesPlanWeightsAndCode()
    {
        (int exit, string output, string err) = Neo("compile", Path.Combine(Case("test_matmul_3d"), "model.onnx"), "--out", _dir, "--class-name", "MatMul3d");
        Assert.True(exit == 0, err);
        Assert.Contains("MatMul3d", output);
        foreach (string ext in new[] { ".neoplan", ".neoweights", ".g.cs", ".report.json" })
        {
            Assert.True(File.Exists(Path.Combine(_dir, "MatMul3d" + ext)), ext);
        }

        Assert.Contains("MatMul.Batched", File.ReadAllText(Path.Combine(_dir, "MatMul3d.g.cs")));
    }

    [Fact]
    public void CompileOfABadModelExitsWithDiagnostics()
    {
        string bad = Path.Combine(_dir, "bad.onnx");
        File.WriteAllBytes(bad, new byte[] { 0x0a, 0xff, 0xff, 0x01, 0x02 });
        (int exit, _, string err) = Neo("compile", bad, "--out", _dir);
        Assert.Equal(1, exit);
        Assert.Contains("NEO1100", err);
        Assert.DoesNotContain("   at ", err);

        (exit, _, err) = Neo("compile", Path.Combine(_dir, "missing.onnx"), "--out", _dir);
        Assert.Equal(1, exit);
        Assert.Contains("NEO1001", err);
    }

    [Fact]
    public void UnsupportedOperatorsAreListedByInspectAndRefusedByCompile()
    {
        string model = Path.Combine(Case("test_adagrad"), "model.onnx");
        (int exit, string output, _) = Neo("inspect", model);
        Assert.Equal(0, exit);
        Assert.Contains("Adagrad", output);
        Assert.Contains("unsupported operators (1 nodes)", output);

        (exit, _, string err) = Neo("compile", model, "--out", _dir);
        Assert.Equal(1, exit);
        Assert.Contains("NEO1200", err);
    }

    [Fact]
    public void RunWritesOutputsThatMatchTheReference()
    {
        string c = Case("test_transpose_all_permutations_2");
        (int exit, string output, string err) = Neo("run", Path.Combine(c, "model.onnx"), "--inputs", Path.Combine(c, "test_data_set_0", "input_0.pb"), "--out", _dir);
        Assert.True(exit == 0, err);
        Assert.Contains("float32", output);
        (_, global::Neo.Compiler.IR.TensorData got) = global::Neo.Compiler.Onnx.OnnxTensors.ReadFile(Path.Combine(_dir, "output_0.pb"));
        (_, global::Neo.Compiler.IR.TensorData expected) = global::Neo.Compiler.Onnx.OnnxTensors.ReadFile(Path.Combine(c, "test_data_set_0", "output_0.pb"));
        Assert.True(got.ContentEquals(expected));
    }

    [Fact]
    public void ConformanceWritesJson()
    {
        string json = Path.Combine(_dir, "results.json");
        (int exit, string output, string err) = Neo("conformance", Path.Combine(TestPaths.OnnxTestData, "node"), "--filter", "test_where_*,test_adagrad", "--json", json);
        Assert.True(exit == 0, err);
        Assert.Contains("PASS        test_where_example", output);
        string text = File.ReadAllText(json);
        Assert.Contains("\"status\": \"pass\"", text);
        Assert.Contains("\"status\": \"unsupported\"", text);
    }

    [Fact]
    public void UsageErrorsExitWithTwo()
    {
        Assert.Equal(2, Neo("frobnicate").Exit);
        Assert.Equal(2, Neo("compile", "x.onnx").Exit);
        Assert.Equal(2, Neo("run", "x.onnx", "--bogus", "1").Exit);
    }
}

/// <summary>Tests that redirect the process's console run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "Console";
}
