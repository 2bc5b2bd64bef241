using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using Neo.Hosting.Conformance;

namespace Neo.Cli.Commands;

/// <summary><c>neo conformance SUITE_DIR [--filter P] --json FILE</c>. Exit 0 once the run completes (the results are the report).</summary>
internal static class ConformanceCommand
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal) { "--filter", "--json" };

    public static int Run(IReadOnlyList<string> args)
    {
        CommandLine c = CommandLine.Parse(args, Known, new HashSet<string>(), new HashSet<string>());
        if (c.Positional.Count != 1)
        {
            throw new UsageException("conformance takes one folder: neo conformance SUITE_DIR [--filter PATTERN] --json FILE.");
        }

        string root = c.Positional[0];
        if (!Directory.Exists(root))
        {
            Console.Error.WriteLine($"neo: error NEO1001: the folder '{root}' does not exist.");
            return 1;
        }

        IReadOnlyList<ConformanceCase> cases = ConformanceCase.Discover(root, c.Option("--filter"));
        if (cases.Count == 0)
        {
            Console.Error.WriteLine($"neo: no cases under '{root}'{(c.Option("--filter") is { } f ? $" match '{f}'" : "")}.");
            return 1;
        }

        var clock = Stopwatch.StartNew();
        IReadOnlyList<ConformanceResult> results = ConformanceRunner.Run(cases, r =>
        {
            string scope = r.InScope ? "" : $" (out of scope: {r.OutOfScope})";
            string bound = r.BoundInputs.Count > 0 ? $" [bound: {string.Join(", ", r.BoundInputs)}]" : "";
            Console.Out.WriteLine($"{r.StatusText.ToUpperInvariant(),-11} {r.Name}{scope}{bound}{(r.Message.Length > 0 ? ": " + r.Message : "")}");
        });
        Console.Out.WriteLine(Totals.Of(results) + $" ({clock.Elapsed.TotalSeconds:0.0} s)");
        if (c.Option("--json") is { } json)
        {
            try
            {
                ConformanceRunner.WriteJson(json, results);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"neo: error NEO1002: cannot write '{json}': {e.Message}");
                return 1;
            }
        }

        return 0;
    }
}
