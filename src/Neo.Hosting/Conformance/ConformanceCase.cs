using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Neo.Hosting.Conformance;

/// <summary>One case in the ONNX backend-test layout: <c>model.onnx</c> and <c>test_data_set_*/input_N.pb, output_N.pb</c>.</summary>
public sealed class ConformanceCase
{
    /// <summary>A case named <paramref name="name"/> in <paramref name="directory"/>.</summary>
    public ConformanceCase(string name, string directory)
    {
        Name = name;
        Directory = directory;
    }

    /// <summary>The case's name: its folder, prefixed by the suite folder when the run spans several suites.</summary>
    public string Name { get; }

    /// <summary>The case's folder.</summary>
    public string Directory { get; }

    /// <summary>The case's model file.</summary>
    public string ModelPath => Path.Combine(Directory, "model.onnx");

    /// <summary>The data set folders, in order.</summary>
    public IReadOnlyList<string> DataSets => System.IO.Directory.GetDirectories(Directory, "test_data_set_*")
        .OrderBy(d => d, StringComparer.Ordinal).ToList();

    /// <summary>
    /// The cases under <paramref name="root"/>: the folder itself if it is a case, its case subfolders, or,
    /// for a folder of suites (such as libonnx-testdata's <c>data</c>), the cases of each suite named <c>suite/case</c>.
    /// </summary>
    public static IReadOnlyList<ConformanceCase> Discover(string root, string? filter)
    {
        root = Path.GetFullPath(root);
        var cases = new List<ConformanceCase>();
        if (File.Exists(Path.Combine(root, "model.onnx")))
        {
            cases.Add(new ConformanceCase(Path.GetFileName(root), root));
        }
        else
        {
            string[] subs = System.IO.Directory.GetDirectories(root).OrderBy(d => d, StringComparer.Ordinal).ToArray();
            bool isSuite = subs.Any(s => File.Exists(Path.Combine(s, "model.onnx")));
            foreach (string sub in subs)
            {
                if (isSuite)
                {
                    if (File.Exists(Path.Combine(sub, "model.onnx")))
                    {
                        cases.Add(new ConformanceCase(Path.GetFileName(sub), sub));
                    }
                }
                else
                {
                    foreach (string c in System.IO.Directory.GetDirectories(sub).OrderBy(d => d, StringComparer.Ordinal))
                    {
                        if (File.Exists(Path.Combine(c, "model.onnx")))
                        {
                            cases.Add(new ConformanceCase(Path.GetFileName(sub) + "/" + Path.GetFileName(c), c));
                        }
                    }
                }
            }
        }

        if (string.IsNullOrWhiteSpace(filter))
        {
            return cases;
        }

        Regex[] patterns = filter!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Pattern).ToArray();
        return cases.Where(c => patterns.Any(p => p.IsMatch(c.Name) || p.IsMatch(Path.GetFileName(c.Directory)))).ToList();
    }

    /// <summary>A glob (<c>*</c>, <c>?</c>) matching the whole name; text without wildcards matches as a substring.</summary>
    private static Regex Pattern(string glob)
    {
        if (glob.IndexOfAny(new[] { '*', '?' }) < 0)
        {
            return new Regex(Regex.Escape(glob), RegexOptions.CultureInvariant);
        }

        string body = Regex.Escape(glob).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal);
        return new Regex("^" + body + "$", RegexOptions.CultureInvariant);
    }
}
