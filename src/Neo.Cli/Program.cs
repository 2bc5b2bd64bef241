using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Neo.Cli.Commands;

namespace Neo.Cli;

/// <summary>
/// <c>neo</c>: exit code 0 on success, 1 when the model or the run has problems (reported as NEO
/// diagnostics), 2 for a command line that does not parse. Never a stack trace.
/// </summary>
internal static class Program
{
    private const string Usage = """
        neo: Neo's command-line tool (compile ONNX models to C#).

        Usage:
          neo inspect MODEL [--shapes S]
              Inputs and outputs, opsets, operator counts, parameters and MACs, unsupported operators.
          neo compile MODEL --out DIR [--shapes S] [--target-device T] [--class-name C] [--namespace N] [--optimize default|none]
              Writes the plan (.neoplan), the weights (.neoweights), the generated C# (.g.cs) and a report to DIR.
          neo run MODEL --inputs input_0.pb [input_1.pb ...] [--out DIR] [--shapes S]
              Compiles in memory, runs, prints the outputs and writes them as TensorProto files (output_N.pb) to DIR.
          neo conformance SUITE_DIR [--filter PATTERN[,PATTERN...]] [--json FILE]
              Runs every case of a folder in the ONNX backend-test layout (or a folder of such folders) and
              compares with the suite's tolerance (rtol 1e-3, atol 1e-7; exact for integers and bools).
              PATTERN is a glob (test_add*) or a substring.
          neo operators
              The supported operators (the text of docs/operators.md).

        Options:
          --shapes S          fixes input dims: name=1x3x224x224;other=1x128 (a single input may give 1x3x224x224)
          --target-device T   x64, x64-avx2, x64-avx512, arm64 or portable (default: portable)
          --help              this text
          --version           the tool's version
        """;

    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            Console.Out.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        if (args[0] is "--version")
        {
            Console.Out.WriteLine(typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.1.0");
            return 0;
        }

        IReadOnlyList<string> rest = args.Skip(1).ToList();
        try
        {
            if (rest.Contains("--help"))
            {
                Console.Out.WriteLine(Usage);
                return 0;
            }

            return args[0] switch
            {
                "inspect" => InspectCommand.Run(rest),
                "compile" => CompileCommand.Run(rest),
                "run" => RunCommand.Run(rest),
                "conformance" => ConformanceCommand.Run(rest),
                "operators" => OperatorsCommand.Run(rest),
                _ => throw new UsageException($"unknown command '{args[0]}'."),
            };
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine("neo: " + e.Message);
            Console.Error.WriteLine("Run 'neo --help' for usage.");
            return 2;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The compiler reports bad models as diagnostics; reaching here is a bug in Neo or an I/O failure.
            Console.Error.WriteLine($"neo: error NEO1300: {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }
}
