using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Neo.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Neo.Tests.Robustness;

/// <summary>
/// 200 mutated models through <c>neo compile</c>, each in its own process as a user or script runs it:
/// the tool exits 0 (and wrote the plan, weights and code) or 1 with NEO diagnostics, one per line and
/// nothing else on stderr: no stack trace, no unhandled exception, no crash or hang.
/// </summary>
public sealed class CliFuzzTests
{
    private static readonly Regex DiagnosticLine = new(@"^.+: (error|warning) NEO[0-9]{4}: \S.*$", RegexOptions.CultureInvariant);

    private readonly ITestOutputHelper _log;

    public CliFuzzTests(ITestOutputHelper log) => _log = log;

    [Fact]
    public void TwoHundredMutatedModelsThroughNeoCompileExitZeroOrOneWithNeoCodes()
    {
        int count = int.TryParse(Environment.GetEnvironmentVariable("NEO_CLI_FUZZ_MODELS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? n : 200;
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        string neo = Path.Combine(TestPaths.RepoRoot, "src", "Neo.Cli", "bin", configuration, "net8.0", "neo.dll");
        Assert.True(File.Exists(neo), $"{neo} is not built");

        var seeds = new (string Name, byte[] Bytes)[]
        {
            ("mlp", File.ReadAllBytes(Path.Combine(TestPaths.SharedModels, "mlp_tabular", "model.onnx"))),
            ("lenet", File.ReadAllBytes(Path.Combine(TestPaths.SharedModels, "lenet_mnist", "model.onnx"))),
            ("digits", File.ReadAllBytes(Path.Combine(TestPaths.Shared, "samples", "digits.onnx"))),
            ("lstm", File.ReadAllBytes(Path.Combine(TestPaths.SharedModels, "lstm_text", "model.onnx"))),
            ("recurrent", FuzzTests.RecurrentAndControlFlow()),
        };
        string dir = DotnetCli.TempDirectory("neo-cli-fuzz");
        var results = new ConcurrentBag<(int Index, int Exit, string Out, string Err)>();
        var clock = Stopwatch.StartNew();
        try
        {
            // Mutants from a seed range of their own, so these are not the in-process fuzzer's models.
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount) }, i =>
            {
                (string name, byte[] seed) = seeds[i % seeds.Length];
                string model = Path.Combine(dir, $"{name}_{i}.onnx");
                File.WriteAllBytes(model, ModelMutator.Mutate(seed, new Random(1_000_000 + i)));
                (int exit, string stdout, string stderr) = Run(neo, dir, "compile", model, "--out", Path.Combine(dir, "out" + i.ToString(CultureInfo.InvariantCulture)));
                results.Add((i, exit, stdout, stderr));
            });

            var failures = new List<string>();
            foreach ((int i, int exit, string stdout, string stderr) in results.OrderBy(r => r.Index))
            {
                string[] errLines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                string[] outLines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (exit is not (0 or 1))
                {
                    failures.Add($"#{i}: exit {exit}: {stderr}");
                }
                else if (errLines.FirstOrDefault(l => !DiagnosticLine.IsMatch(l)) is { } stray)
                {
                    failures.Add($"#{i}: a stderr line that is not a NEO diagnostic: {stray}");
                }
                else if (outLines.FirstOrDefault(l => l.Contains(": error ", StringComparison.Ordinal) || l.Contains("   at ", StringComparison.Ordinal)) is { } misplaced)
                {
                    failures.Add($"#{i}: {misplaced}");
                }
                else if (exit == 1 && !errLines.Any(l => l.Contains(": error NEO", StringComparison.Ordinal)))
                {
                    failures.Add($"#{i}: exit 1 without a NEO error");
                }
                else if (exit == 0 && !Directory.EnumerateFiles(Path.Combine(dir, "out" + i.ToString(CultureInfo.InvariantCulture)), "*.g.cs").Any())
                {
                    failures.Add($"#{i}: exit 0 without generated code");
                }
            }

            int built = results.Count(r => r.Exit == 0);
            _log.WriteLine($"{results.Count} models through neo compile in {clock.Elapsed.TotalSeconds:0} s: {built} exit 0, {results.Count(r => r.Exit == 1)} exit 1");
            foreach (var g in results.Where(r => r.Exit == 1).SelectMany(r => Regex.Matches(r.Err, "error (NEO[0-9]{4})").Select(m => m.Groups[1].Value).Distinct()).GroupBy(c => c).OrderByDescending(g => g.Count()))
            {
                _log.WriteLine($"  {g.Count(),4} models report {g.Key}");
            }

            Assert.Equal(count, results.Count);
            Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
            Assert.True(built > 0 && built < count, $"{built} of {count} built: the mutants must include both valid and broken models");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static (int Exit, string Out, string Err) Run(string neo, string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(neo);
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var p = Process.Start(psi)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            return (-1, stdout.Result, "timed out after 120 s\n" + stderr.Result);
        }

        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
