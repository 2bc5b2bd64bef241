using System;
using System.Collections.Generic;
using System.IO;
using Neo.Compiler;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.Options;
using Neo.Hosting;

namespace Neo.Cli.Commands;

/// <summary><c>neo compile MODEL --out DIR</c>: the build's compile step, with the generated C# written out too.</summary>
internal static class CompileCommand
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "--out", "--shapes", "--target-device", "--class-name", "--namespace", "--optimize", "--threads",
    };

    public static int Run(IReadOnlyList<string> args)
    {
        CommandLine c = CommandLine.Parse(args, Known, new HashSet<string>(), new HashSet<string>());
        if (c.Positional.Count != 1)
        {
            throw new UsageException("compile takes one model file: neo compile MODEL --out DIR.");
        }

        string outDir = c.Option("--out") ?? throw new UsageException("compile needs --out DIR.");
        CompileRequest request = Requests.From(c, c.Positional[0]);
        CompileResult result = NeoCompiler.Compile(request);
        Diagnostics.Print(result.Diagnostics);
        if (!result.Success)
        {
            return 1;
        }

        string className = result.Plan!.ClassName;
        string planPath = Path.Combine(outDir, className + ".neoplan");
        (string source, IReadOnlyList<string> errors) = InMemoryModel.Generate(planPath, result.PlanText!);
        if (errors.Count > 0)
        {
            foreach (string e in errors)
            {
                Console.Error.WriteLine(e);
            }

            return 1;
        }

        try
        {
            Directory.CreateDirectory(outDir);
            File.WriteAllText(planPath, result.PlanText);
            File.WriteAllBytes(Path.Combine(outDir, className + ".neoweights"), result.Weights!);
            File.WriteAllText(Path.Combine(outDir, className + ".g.cs"), source);
            File.WriteAllText(Path.Combine(outDir, className + ".report.json"), result.Report!.ToJson());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"neo: error NEO1002: cannot write to '{outDir}': {e.Message}");
            return 1;
        }

        Console.Out.WriteLine(result.Report!.Summary());
        Console.Out.WriteLine($"wrote {className}.neoplan, {className}.neoweights, {className}.g.cs and {className}.report.json to {outDir}");
        return 0;
    }
}

/// <summary>Compile requests from the shared options.</summary>
internal static class Requests
{
    public static CompileRequest From(CommandLine c, string model) => new()
    {
        ModelPath = model,
        Shapes = c.Option("--shapes") ?? "",
        TargetDevice = c.Option("--target-device") ?? "portable",
        ClassName = c.Option("--class-name") ?? "",
        Namespace = c.Option("--namespace") ?? "",
        Optimize = c.Option("--optimize") ?? "default",
        Threads = c.Option("--threads") ?? "",
    };
}

/// <summary>Prints compiler diagnostics in the MSBuild canonical form, errors to stderr.</summary>
internal static class Diagnostics
{
    public static void Print(IEnumerable<NeoDiagnostic> diagnostics)
    {
        foreach (NeoDiagnostic d in diagnostics)
        {
            (d.IsError ? Console.Error : Console.Out).WriteLine(d.ToString());
        }
    }
}
