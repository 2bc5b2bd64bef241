using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Neo.Compiler;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.Options;
using Neo.Hosting;
using Neo.Runtime;
using Neo.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Neo.Tests.Robustness;

/// <summary>
/// Every case of the hostile corpus (<see cref="HostileModels"/>): a broken model gets a coded error that
/// names the model file and its problem, within seconds and bounded memory, and never an exception or
/// NEO1300; a valid one builds and computes what it says.
/// </summary>
public sealed class HostileModelTests
{
    /// <summary>Per compile; generous because CI machines are shared (the slowest case takes well under a second alone).</summary>
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(30);

    private readonly ITestOutputHelper _log;

    public HostileModelTests(ITestOutputHelper log) => _log = log;

    public static IEnumerable<object[]> Cases() => HostileModels.All.Select(c => new object[] { c.ToString() });

    [Theory]
    [MemberData(nameof(Cases))]
    public void HostileModelGivesACodedErrorOrCorrectResults(string id)
    {
        HostileCase c = HostileModels.Get(id);
        if (c.NeedsUnix && OperatingSystem.IsWindows())
        {
            // Windows needs privileges for symbolic links and has no FIFOs; the path checks run everywhere.
            c = HostileModels.Get("external-data/parent-folder");
        }

        string dir = DotnetCli.TempDirectory("neo-hostile");
        try
        {
            CompileRequest request = c.Prepare(dir);
            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            CompileResult result = NeoCompiler.Compile(request);
            clock.Stop();
            long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            long modelBytes = request.ModelBytes?.LongLength ?? new FileInfo(request.ModelPath).Length;
            _log.WriteLine($"{c}: {(result.Success ? "built" : string.Join(", ", result.Diagnostics.Where(d => d.IsError).Select(d => d.Code).Distinct()))} in {clock.ElapsedMilliseconds} ms, {allocated / 1048576.0:0.0} MiB allocated for a {modelBytes}-byte model");
            foreach (NeoDiagnostic d in result.Diagnostics)
            {
                _log.WriteLine("  " + d);
            }

            Assert.True(clock.Elapsed < TimeLimit, $"{c} took {clock.Elapsed}");

            // Bounded memory: allocations grow with the file, never with what the model's dims merely claim. A node
            // is a few dozen bytes of protobuf and, summed over import, some thirty passes, lowering and planning,
            // some twenty kilobytes of allocation (20,000 nodes: about 400 MiB in all, against gigabytes for a dim
            // that lies).
            Assert.True(allocated < (64L << 20) + (1000 * modelBytes), $"{c} allocated {allocated} bytes for a {modelBytes}-byte model");

            DiagnosticsAssert.AllCodedAndNamed(result.Diagnostics, request.ModelPath);
            Assert.DoesNotContain(result.Diagnostics, d => d.Code == DiagnosticCodes.InternalError);

            if (c.Code is null)
            {
                Assert.True(result.Success, $"{c} is a valid model but did not build:\n{string.Join("\n", result.Diagnostics)}");
                if (c.Check is not null)
                {
                    InMemoryModel built = InMemoryModel.Build(request);
                    using INeoModel model = built.Create();
                    c.Check(model);
                }

                return;
            }

            Assert.False(result.Success, $"{c} built, but must fail with {c.Code}");
            List<NeoDiagnostic> errors = result.Diagnostics.Where(d => d.IsError).ToList();
            NeoDiagnostic? match = c.Code == HostileCase.AnyCode
                ? errors.FirstOrDefault(d => c.Mentions.All(m => d.Message.Contains(m, StringComparison.Ordinal)))
                : errors.FirstOrDefault(d => d.Code == c.Code || d.Code == c.OrCode);
            Assert.True(match is not null, $"{c} must fail with {c.Code}{(c.OrCode is null ? "" : " or " + c.OrCode)}; got:\n{string.Join("\n", result.Diagnostics)}");
            foreach (string mention in c.Mentions)
            {
                Assert.True(match!.Message.Contains(mention, StringComparison.Ordinal), $"{c}: the {match.Code} message must name {mention}: {match.Message}");
            }

            foreach (string also in c.AlsoCodes)
            {
                Assert.True(errors.Any(d => d.Code == also), $"{c} must also report {also} in the same build; got:\n{string.Join("\n", result.Diagnostics)}");
            }
        }
        finally
        {
            DeleteQuietly(dir);
        }
    }

    [Fact]
    public void EveryCategoryHasBrokenAndHostileCases()
    {
        var categories = HostileModels.All.GroupBy(c => c.Category).ToDictionary(g => g.Key, g => g.Count());
        foreach (string category in new[] { "bytes", "values", "tensor-data", "graph", "opsets", "nesting", "zero-sized", "external-data", "names", "scale", "metadata" })
        {
            Assert.True(categories.TryGetValue(category, out int n) && n > 0, $"no hostile cases for {category}");
        }

        Assert.True(HostileModels.All.Count >= 80, $"the corpus has only {HostileModels.All.Count} cases");
        Assert.Equal(HostileModels.All.Count, HostileModels.All.Select(c => c.ToString()).Distinct().Count());
    }

    private static void DeleteQuietly(string dir)
    {
        try
        {
            string parent = Path.GetDirectoryName(dir)!;
            string name = Path.GetFileName(dir);
            foreach (string sibling in Directory.GetFileSystemEntries(parent, name + "-*"))
            {
                if (Directory.Exists(sibling))
                {
                    Directory.Delete(sibling, recursive: true);
                }
                else
                {
                    File.Delete(sibling);
                }
            }

            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
