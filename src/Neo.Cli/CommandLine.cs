using System;
using System.Collections.Generic;

namespace Neo.Cli;

/// <summary>
/// The parsed arguments of one command: positional arguments and <c>--name value</c> options (an option
/// may repeat or take several values, as <c>--inputs a.pb b.pb</c>). Small enough to hold in one's head;
/// System.CommandLine would add a dependency for five commands.
/// </summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);

    private CommandLine()
    {
    }

    public List<string> Positional { get; } = new();

    /// <summary>Parses <paramref name="args"/>; <paramref name="multi"/> lists options that take every value up to the next option.</summary>
    public static CommandLine Parse(IReadOnlyList<string> args, ISet<string> known, ISet<string> flags, ISet<string> multi)
    {
        var c = new CommandLine();
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal) || a == "--")
            {
                c.Positional.Add(a);
                continue;
            }

            string name = a;
            string? inline = null;
            int eq = a.IndexOf('=');
            if (eq > 0)
            {
                name = a.Substring(0, eq);
                inline = a.Substring(eq + 1);
            }

            if (!known.Contains(name) && !flags.Contains(name))
            {
                throw new UsageException($"unknown option '{name}'.");
            }

            if (!c._options.TryGetValue(name, out List<string>? values))
            {
                c._options[name] = values = new List<string>();
            }

            if (flags.Contains(name))
            {
                values.Add("true");
                continue;
            }

            if (inline is not null)
            {
                values.Add(inline);
                continue;
            }

            int before = values.Count;
            while (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                values.Add(args[++i]);
                if (!multi.Contains(name))
                {
                    break;
                }
            }

            if (values.Count == before)
            {
                throw new UsageException($"option '{name}' needs a value.");
            }
        }

        return c;
    }

    public string? Option(string name) => _options.TryGetValue(name, out List<string>? v) && v.Count > 0 ? v[^1] : null;

    public IReadOnlyList<string> Options(string name) => _options.TryGetValue(name, out List<string>? v) ? v : Array.Empty<string>();

    public bool Flag(string name) => _options.ContainsKey(name);
}

/// <summary>A command line that does not make sense; the tool prints the message and the command's usage, and exits with 2.</summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message)
        : base(message)
    {
    }
}
