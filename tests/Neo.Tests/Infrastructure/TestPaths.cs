using System;
using System.IO;

namespace Neo.Tests.Infrastructure;

/// <summary>Where the repository and the shared data are, from a test's point of view.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>../shared beside the repository: the evaluation models and samples.</summary>
    public static string Shared { get; } = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    public static string SharedModels => Path.Combine(Shared, "models");

    /// <summary>The ONNX 1.12 conformance suite of Debian's libonnx-testdata (installed by .ci/run).</summary>
    public static string OnnxTestData => "/usr/share/libonnx-testdata/data";

    private static string FindRepoRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Neo.Build.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("Cannot find Neo.Build.sln above " + AppContext.BaseDirectory);
    }
}
