using System;
using System.Collections.Generic;
using System.Globalization;

namespace Neo.Compiler.Options;

/// <summary>
/// The <c>Shapes</c> metadata: <c>name=1x128;other=1x128</c>. Input names may contain <c>:</c>, <c>.</c> and
/// <c>/</c> (the last <c>=</c> of an entry ends the name); a model with one input may give the bare shape.
/// </summary>
public sealed class ShapeSpec
{
    private ShapeSpec(Dictionary<string, int[]> named, int[]? bare)
    {
        Named = named;
        Bare = bare;
    }

    public IReadOnlyDictionary<string, int[]> Named { get; }

    /// <summary>A shape given without a name (only valid for a single-input model).</summary>
    public int[]? Bare { get; }

    public static ShapeSpec Empty { get; } = new(new Dictionary<string, int[]>(StringComparer.Ordinal), null);

    /// <summary>Parses the metadata, or returns an error message that says what is wrong.</summary>
    public static ShapeSpec Parse(string? text, out string? error)
    {
        error = null;
        var named = new Dictionary<string, int[]>(StringComparer.Ordinal);
        int[]? bare = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return Empty;
        }

        foreach (string raw in text!.Split(';'))
        {
            string entry = raw.Trim();
            if (entry.Length == 0)
            {
                continue;
            }

            int eq = entry.LastIndexOf('=');
            string name = eq < 0 ? "" : entry.Substring(0, eq).Trim();
            string dims = eq < 0 ? entry : entry.Substring(eq + 1).Trim();
            if (eq >= 0 && name.Length == 0)
            {
                error = $"the entry '{entry}' has no input name before '='.";
                return Empty;
            }

            int[]? shape = ParseDims(dims);
            if (shape is null)
            {
                error = $"'{dims}' is not a shape: write positive dimensions separated by 'x', for example 1x3x224x224.";
                return Empty;
            }

            if (eq < 0)
            {
                if (bare is not null || named.Count > 0)
                {
                    error = "a bare shape is only allowed alone; name each input as name=1x128;other=1x128.";
                    return Empty;
                }

                bare = shape;
            }
            else
            {
                if (bare is not null)
                {
                    error = "a bare shape is only allowed alone; name each input as name=1x128;other=1x128.";
                    return Empty;
                }

                if (named.ContainsKey(name))
                {
                    error = $"the input '{name}' is given twice.";
                    return Empty;
                }

                named[name] = shape;
            }
        }

        return new ShapeSpec(named, bare);
    }

    private static int[]? ParseDims(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        string[] parts = text.Split('x', 'X', '*', ',');
        var r = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out r[i]) || r[i] <= 0)
            {
                return null;
            }
        }

        return r;
    }
}
