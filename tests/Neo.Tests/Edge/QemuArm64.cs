using System;
using System.Diagnostics;
using System.IO;
using System.Text;

namespace Neo.Tests.Edge;

/// <summary>
/// Runs a linux-arm64 executable on this x64 machine under Debian's qemu-user-static, with the arm64 C
/// library of libc6-arm64-cross as its root (both installed by .ci/run).
/// </summary>
public static class QemuArm64
{
    public const string Emulator = "/usr/bin/qemu-aarch64-static";

    public const string LibraryRoot = "/usr/aarch64-linux-gnu";

    public static (int ExitCode, string Output) Run(string executable, string arguments, int timeoutSeconds = 300)
    {
        if (!File.Exists(Emulator) || !File.Exists(Path.Combine(LibraryRoot, "lib", "ld-linux-aarch64.so.1")))
        {
            throw new InvalidOperationException(
                $"{Emulator} or {LibraryRoot}/lib/ld-linux-aarch64.so.1 is missing: install qemu-user-static and libc6-arm64-cross (.ci/run does).");
        }

        var psi = new ProcessStartInfo(Emulator, $"-L {LibraryRoot} \"{executable}\" {arguments}")
        {
            WorkingDirectory = Path.GetDirectoryName(executable)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // ICU is not in the arm64 root; the samples need no culture data.
        psi.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1";

        // The JIT's write-xor-execute mode writes code through a second (read-write) mapping of the executable pages;
        // qemu-user watches only the mapping it translated from, so code the JIT patches later (tier-up, stubs) could
        // run stale under the emulator: a self-contained MobileNetV2 publish crashed once in a Direct2D kernel under
        // load. One mapping lets qemu see every write. Real arm64 hardware keeps the default.
        psi.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        var output = new StringBuilder();
        using var p = new Process { StartInfo = psi };
        p.OutputDataReceived += (_, a) => { if (a.Data is not null) { lock (output) { output.AppendLine(a.Data); } } };
        p.ErrorDataReceived += (_, a) => { if (a.Data is not null) { lock (output) { output.AppendLine(a.Data); } } };
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        if (!p.WaitForExit(timeoutSeconds * 1000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{executable} under qemu did not finish in {timeoutSeconds} s:\n{output}");
        }

        p.WaitForExit();
        return (p.ExitCode, output.ToString());
    }

    /// <summary>True when the file is a 64-bit ELF executable for AArch64 (e_machine 183).</summary>
    public static bool IsArm64Elf(string path)
    {
        byte[] header = new byte[20];
        using (FileStream f = File.OpenRead(path))
        {
            if (f.Read(header, 0, header.Length) != header.Length)
            {
                return false;
            }
        }

        return header[0] == 0x7F && header[1] == (byte)'E' && header[2] == (byte)'L' && header[3] == (byte)'F'
            && header[4] == 2 && BitConverter.ToUInt16(header, 18) == 183;
    }
}
