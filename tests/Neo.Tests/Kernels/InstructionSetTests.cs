using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.Intrinsics;
using Xunit;

namespace Neo.Tests.Kernels;

/// <summary>
/// The kernel tests again in a child test run whose runtime has vector instructions switched off
/// (DOTNET_EnableHWIntrinsic=0: every kernel on its scalar path) or AVX-512 switched off
/// (DOTNET_EnableAVX512F=0: the 256-bit paths on AVX-512 machines), so each path is correct on this machine.
/// </summary>
public sealed class InstructionSetTests
{
    private const string ExpectVariable = "NEO_TEST_EXPECT_ISA";

    [Theory]
    [InlineData("DOTNET_EnableHWIntrinsic", "scalar")]
    [InlineData("DOTNET_EnableAVX512F", "no-avx512")]
    public async System.Threading.Tasks.Task KernelTestsPassWithInstructionSetDisabled(string variable, string expect)
    {
        string assembly = typeof(InstructionSetTests).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { "test", assembly, "--filter", "FullyQualifiedName~Neo.Tests.Kernels&FullyQualifiedName!~InstructionSetTests" })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment[variable] = "0";
        start.Environment[ExpectVariable] = expect;
        using Process p = Process.Start(start)!;
        System.Threading.Tasks.Task<string> stderr = p.StandardError.ReadToEndAsync();
        System.Threading.Tasks.Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        using var timeout = new System.Threading.CancellationTokenSource(TimeSpan.FromMinutes(5));
        await p.WaitForExitAsync(timeout.Token);
        string all = await stdout + await stderr;
        Assert.True(p.ExitCode == 0, $"child run with {variable}=0 failed:\n{Tail(all)}");
        Assert.Contains("Passed!", all);
        Assert.Contains("Failed:     0", all);
    }

    /// <summary>In a child run, checks that the runtime really runs without the instructions the parent switched off.</summary>
    [Fact]
    public void RuntimeHonoursDisabledInstructionSets()
    {
        switch (Environment.GetEnvironmentVariable(ExpectVariable))
        {
            case "scalar":
                Assert.False(Vector128.IsHardwareAccelerated);
                Assert.False(Vector256.IsHardwareAccelerated);
                Assert.Equal(0, Neo.Runtime.Kernels.GemmTiles.Width);
                break;
            case "no-avx512":
                Assert.False(Vector512.IsHardwareAccelerated);
                Assert.NotEqual(512, Neo.Runtime.Kernels.GemmTiles.Width);
                break;
            default:
                // The parent run: the tile width is the widest accelerated one.
                int expected = Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : Vector128.IsHardwareAccelerated ? 128 : 0;
                Assert.Equal(expected, Neo.Runtime.Kernels.GemmTiles.Width);
                break;
        }
    }

    private static string Tail(string s) => s.Length > 4000 ? s[^4000..] : s;
}
