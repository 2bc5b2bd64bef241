using System;
using System.Collections.Generic;
using Neo.Compiler.Operators;

namespace Neo.Cli.Commands;

/// <summary><c>neo operators</c>: the supported-operator table (the text of docs/operators.md).</summary>
internal static class OperatorsCommand
{
    public static int Run(IReadOnlyList<string> args)
    {
        if (args.Count > 0)
        {
            throw new UsageException("operators takes no arguments.");
        }

        Console.Out.Write(OperatorTable.Markdown(OperatorRegistry.Default));
        return 0;
    }
}
