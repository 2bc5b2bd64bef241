using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Neo.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Neo.Tests.Robustness;

/// <summary>
/// A real project built twice, in two folders with awkward names and under two cultures, by the real
/// MSBuild, task and generator: the plans, weights and generated sources must be byte for byte the same
/// (no absolute paths, timestamps, hash order or culture in them), and the app must run. The models have
/// awkward file names and metadata too, as users' projects do.
/// </summary>
public sealed class ReproducibleBuildTests
{
    private readonly ITestOutputHelper _log;

    public ReproducibleBuildTests(ITestOutputHelper log) => _log = log;

    [Fact]
    public void TwoBuildsInOtherFoldersAndCulturesGiveIdenticalPlansWeightsAndSources()
    {
        string root = DotnetCli.TempDirectory("neo-repro-build");
        try
        {
            string first = Path.Combine(root, "first copy — ü");
            string second = Path.Combine(root, "second (copy) #2");
            WriteProject(first);
            WriteProject(second);

            string firstOutput = Build(first, "de_DE.UTF-8");
            string secondOutput = Build(second, "sv_SE.UTF-8");
            Assert.Contains("Neo: my model (v2) — ü.onnx → MyModelV2Ü", firstOutput, StringComparison.Ordinal);

            var firstFiles = Outputs(first);
            var secondFiles = Outputs(second);
            Assert.Equal(6, firstFiles.Count); // two plans, two weights blobs, two generated sources
            Assert.Equal(firstFiles.Keys.OrderBy(k => k, StringComparer.Ordinal), secondFiles.Keys.OrderBy(k => k, StringComparer.Ordinal));
            foreach ((string name, byte[] bytes) in firstFiles)
            {
                Assert.True(bytes.AsSpan().SequenceEqual(secondFiles[name]), $"{name} differs between the two builds");
                string text = System.Text.Encoding.UTF8.GetString(bytes);
                Assert.DoesNotContain(root, text, StringComparison.Ordinal);
            }

            (int exit, string run) = DotnetCli.Run(first, "run -c Release --no-build");
            Assert.True(exit == 0, run);
            Assert.Contains("probabilities: 12 values, sum 4.0000", run, StringComparison.Ordinal);
            Assert.Contains("logits: 10 values", run, StringComparison.Ordinal);
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private string Build(string project, string lang)
    {
        // UseSharedCompilation=false: the generator runs in a compiler started with this culture, not in a
        // compiler server that another build started.
        (int exit, string output) = DotnetCli.Run(
            project,
            "build -c Release -p:UseSharedCompilation=false",
            environment: new Dictionary<string, string> { ["LANG"] = lang, ["LC_ALL"] = lang });
        _log.WriteLine(output);
        Assert.True(exit == 0, output);
        return output;
    }

    /// <summary>The build's Neo outputs that must be reproducible (the report holds timings; the options stamp, the model's path).</summary>
    private static Dictionary<string, byte[]> Outputs(string project)
    {
        string obj = Path.Combine(project, "obj", "Release", "net10.0");
        return Directory.GetFiles(Path.Combine(obj, "neo"), "*.neo*")
            .Concat(Directory.GetFiles(Path.Combine(obj, "generated"), "*.g.cs", SearchOption.AllDirectories))
            .ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes, StringComparer.Ordinal);
    }

    private static void WriteProject(string dir)
    {
        string repo = TestPaths.RepoRoot;
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        Directory.CreateDirectory(Path.Combine(dir, "models"));
        File.Copy(Path.Combine(TestPaths.SharedModels, "mlp_tabular", "model.onnx"), Path.Combine(dir, "models", "my model (v2) — ü.onnx"));
        File.Copy(Path.Combine(TestPaths.SharedModels, "lenet_mnist", "model.onnx"), Path.Combine(dir, "lenet.onnx"));

        // As the samples do, but against the built task, generator and runtime rather than their projects.
        File.WriteAllText(Path.Combine(dir, "Directory.Build.props"), $"""
            <Project>
              <Import Project="{repo}/src/Neo.Build/build/Neo.Build.props" />
            </Project>
            """);
        File.WriteAllText(Path.Combine(dir, "Directory.Build.targets"), $"""
            <Project>
              <PropertyGroup>
                <NeoTaskAssembly>{repo}/src/Neo.Build/bin/{configuration}/net8.0/Neo.Build.dll</NeoTaskAssembly>
                <NeoTaskHost>true</NeoTaskHost>
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="Neo.Runtime" HintPath="{repo}/src/Neo.Runtime/bin/{configuration}/net10.0/Neo.Runtime.dll" />
                <Analyzer Include="{repo}/src/Neo.Generators/bin/{configuration}/netstandard2.0/Neo.Generators.dll" />
              </ItemGroup>
              <Import Project="{repo}/src/Neo.Build/build/Neo.Build.targets" />
            </Project>
            """);
        File.WriteAllText(Path.Combine(dir, "Repro.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <RootNamespace>Repro</RootNamespace>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
              </PropertyGroup>
              <ItemGroup>
                <NeoModel Include="models/my model (v2) — ü.onnx" Shapes="features=4x20" />
                <NeoModel Include="lenet.onnx" ClassName="LeNet" Namespace="Repro.Vision" TargetDevice="x64" Threads="2" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(dir, "Program.cs"), """
            using System;
            using System.Globalization;
            using System.Linq;
            using Neo.Runtime;

            INeoModel[] models = { new Repro.MyModelV2Ü(), new Repro.Vision.LeNet() };
            foreach (INeoModel m in models)
            {
                using (m)
                {
                    Array[] inputs = m.Signature.Inputs.Select(i => (Array)Enumerable.Range(0, i.Length).Select(k => (float)Math.Sin(k)).ToArray()).ToArray();
                    float[][] outputs = m.Signature.Outputs.Select(o => new float[o.Length]).ToArray();
                    m.Run(inputs, outputs);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{m.Signature.Outputs[0].Name}: {outputs[0].Length} values, sum {outputs[0].Sum():0.0000}"));
                }
            }
            """);
    }
}
