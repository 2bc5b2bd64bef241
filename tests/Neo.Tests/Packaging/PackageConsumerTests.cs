using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Neo.Compiler.IR;
using Neo.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Neo.Tests.Packaging;

/// <summary>
/// A newcomer's project: packs Neo.Build and Neo.Runtime, builds a console app that references only
/// Neo.Build and declares the shared ONNX models as NeoModel items, runs them through INeoModel, and
/// checks the outputs against the references; a second build must not run the Neo task again.
/// </summary>
public sealed class PackageConsumerTests
{
    /// <summary>The shared ONNX cases the consumer compiles: all of them.</summary>
    public static readonly string[] SharedCases = { "mlp_tabular", "lenet_mnist", "lstm_text", "squeezenet1_1", "mobilenet_v2", "resnet18", "tiny_bert" };

    /// <summary>Held-out CNNs (tests/scripts/make_heldout.py), built by the same consumer.</summary>
    public static readonly string[] HeldOutCases = { "mobilenet_v3_small", "efficientnet_b0", "regnet_y_400mf" };

    /// <summary>Real-world exports (tests/scripts/make_real_models.py): a CRNN OCR recognizer and a voice-activity detector with an If.</summary>
    public static readonly string[] RealCases = { "crnn_ocr", "vad_if" };

    private static readonly string[] Cases = SharedCases.Concat(HeldOutCases).Concat(RealCases).ToArray();

    private static string CaseDirectory(string c) =>
        SharedCases.Contains(c) ? Path.Combine(TestPaths.SharedModels, c)
        : RealCases.Contains(c) ? Models.RealModelTests.Ensure(c)
        : Models.HeldOutModelTests.Ensure(c);

    private readonly ITestOutputHelper _log;

    public PackageConsumerTests(ITestOutputHelper log) => _log = log;

    [Fact]
    public void ConsumerBuildsFromPackagesRunsTheModelsAndSkipsTheTaskWhenNothingChanged()
    {
        string root = DotnetCli.TempDirectory("neo-consumer");
        string feed = Path.Combine(root, "feed");
        string packages = Path.Combine(root, "packages");
        string app = Path.Combine(root, "app");
        Directory.CreateDirectory(app);
        try
        {
            foreach (string project in new[] { "src/Neo.Runtime/Neo.Runtime.csproj", "src/Neo.Build/Neo.Build.csproj" })
            {
                (int code, string output) = DotnetCli.Run(TestPaths.RepoRoot, $"pack {project} -c Release -o \"{feed}\"");
                Assert.True(code == 0, output);
            }

            Assert.True(File.Exists(Path.Combine(feed, "Neo.Build.0.1.0.nupkg")));
            Assert.True(File.Exists(Path.Combine(feed, "Neo.Runtime.0.1.0.nupkg")));
            WriteConsumer(app, feed);

            (int exit, string log) = DotnetCli.Run(app, "build -c Release", packages);
            _log.WriteLine(log);
            Assert.True(exit == 0, log);
            foreach (string c in Cases)
            {
                Assert.Contains($"Neo: {c}.onnx", log, StringComparison.Ordinal);
            }

            (exit, log) = DotnetCli.Run(app, $"run -c Release --no-build -- \"{Path.Combine(app, "data")}\"", packages);
            Assert.True(exit == 0, log);
            Assert.Contains($"ran {Cases.Length} models", log, StringComparison.Ordinal);
            foreach (string c in Cases)
            {
                ModelCase mc = ModelCase.Load(CaseDirectory(c));
                for (int i = 0; i < mc.Outputs.Count; i++)
                {
                    float[] got = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(Path.Combine(app, "data", $"{c}.out{i}.bin"))).ToArray();
                    Tolerance.AssertClose(got, mc.Outputs[i].Value.As<float>(), 1e-4, $"{c} output {i}");
                }
            }

            (exit, log) = DotnetCli.Run(app, "build -c Release -v:d", packages);
            Assert.True(exit == 0, log);
            Assert.Contains("Skipping target \"_NeoModel_CompileEach\" because all output files are up-to-date", log, StringComparison.Ordinal);
            Assert.DoesNotContain("Neo: mlp_tabular.onnx", log, StringComparison.Ordinal);
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

    private static void WriteConsumer(string app, string feed)
    {
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="neo-local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        string data = Path.Combine(app, "data");
        Directory.CreateDirectory(data);
        var items = new List<string>();
        var creates = new List<string>();
        foreach (string c in Cases)
        {
            ModelCase mc = ModelCase.Load(CaseDirectory(c));
            File.Copy(mc.ModelPath, Path.Combine(app, c + ".onnx"));
            items.Add($"""    <NeoModel Include="{c}.onnx" Shapes="{mc.Shapes}" />""");
            creates.Add($"(\"{c}\", new {Pascal(c)}())");
            for (int i = 0; i < mc.Inputs.Count; i++)
            {
                File.WriteAllBytes(Path.Combine(data, $"{c}.in{i}.bin"), mc.Inputs[i].Value.Bytes.ToArray());
            }
        }

        File.WriteAllText(Path.Combine(app, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <RootNamespace>Consumer</RootNamespace>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Neo.Build" Version="0.1.0" />
            {string.Join("\n", items)}
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), $$"""
            using System;
            using System.IO;
            using System.Runtime.InteropServices;
            using Consumer;
            using Neo.Runtime;

            // Runs every compiled model through the generic INeoModel entry point on raw little-endian inputs.
            var models = new (string Name, INeoModel Model)[] { {{string.Join(", ", creates)}} };
            string data = args[0];
            foreach (var (name, model) in models)
            {
                var inputs = new Array[model.Signature.Inputs.Count];
                for (int i = 0; i < inputs.Length; i++)
                {
                    TensorInfo info = model.Signature.Inputs[i];
                    byte[] bytes = File.ReadAllBytes(Path.Combine(data, $"{name}.in{i}.bin"));
                    Array a = Array.CreateInstance(info.ElementType, info.Length);
                    Buffer.BlockCopy(bytes, 0, a, 0, bytes.Length);
                    inputs[i] = a;
                }

                var outputs = new Array[model.Signature.Outputs.Count];
                for (int i = 0; i < outputs.Length; i++)
                {
                    outputs[i] = Array.CreateInstance(model.Signature.Outputs[i].ElementType, model.Signature.Outputs[i].Length);
                }

                model.Run(inputs, outputs);
                for (int i = 0; i < outputs.Length; i++)
                {
                    var bytes = new byte[Buffer.ByteLength(outputs[i])];
                    Buffer.BlockCopy(outputs[i], 0, bytes, 0, bytes.Length);
                    File.WriteAllBytes(Path.Combine(data, $"{name}.out{i}.bin"), bytes);
                }

                model.Dispose();
            }

            Console.WriteLine($"ran {models.Length} models");
            """);
    }

    private static string Pascal(string s) => Neo.Compiler.Options.Identifiers.ClassNameFromFile(s + ".onnx");
}
