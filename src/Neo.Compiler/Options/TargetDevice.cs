using System;
using System.Collections.Generic;
using System.Linq;

namespace Neo.Compiler.Options;

/// <summary>The instruction-set family that generated code and prepacked weights are tuned for.</summary>
public enum TargetArchitecture
{
    /// <summary>Any CPU: vector width chosen when the JIT compiles the kernels.</summary>
    Portable,
    X64,
    Arm64,
}

/// <summary>
/// A compilation target: an architecture, the widest vectors to plan for, and tuning facts (cores and
/// cache sizes, which size GEMM blocks and decide when to use threads). <c>TargetDevice</c> names one;
/// when empty it follows the runtime identifier. Device names follow SageMaker Neo's where they exist.
/// </summary>
public sealed class TargetDevice
{
    private static readonly TargetDevice[] Devices =
    {
        new("portable", TargetArchitecture.Portable, 0, 0, 32, 1024, "any CPU; the JIT picks the vector width"),
        new("x64", TargetArchitecture.X64, 0, 0, 32, 1024, "any x64 CPU; AVX-512, AVX2 or SSE chosen when the JIT compiles"),
        new("x64-avx2", TargetArchitecture.X64, 256, 0, 32, 1024, "x64 with AVX2 and FMA (Haswell, Zen 1 and later)"),
        new("x64-avx512", TargetArchitecture.X64, 512, 0, 48, 2048, "x64 with AVX-512 (Skylake-SP, Ice Lake, Zen 4 and later)"),
        new("arm64", TargetArchitecture.Arm64, 128, 0, 64, 1024, "any 64-bit ARM CPU (NEON)"),
        new("rasp3b", TargetArchitecture.Arm64, 128, 4, 32, 512, "Raspberry Pi 3 Model B: Cortex-A53, 4 cores"),
        new("rasp4b", TargetArchitecture.Arm64, 128, 4, 32, 1024, "Raspberry Pi 4 Model B: Cortex-A72, 4 cores"),
        new("rasp5", TargetArchitecture.Arm64, 128, 4, 64, 512, "Raspberry Pi 5: Cortex-A76, 4 cores, 2 MiB L3"),
        new("jetson_nano", TargetArchitecture.Arm64, 128, 4, 32, 2048, "NVIDIA Jetson Nano: Cortex-A57, 4 cores (CPU only)"),
        new("jetson_orin", TargetArchitecture.Arm64, 128, 8, 64, 256, "NVIDIA Jetson Orin: Cortex-A78AE, 6 to 12 cores (CPU only)"),
        new("graviton2", TargetArchitecture.Arm64, 128, 0, 64, 1024, "AWS Graviton2: Neoverse N1"),
        new("graviton3", TargetArchitecture.Arm64, 128, 0, 64, 1024, "AWS Graviton3: Neoverse V1 (NEON; .NET does not use its SVE)"),
        new("ml_c5", TargetArchitecture.X64, 512, 0, 32, 1024, "SageMaker ml.c5: Intel Xeon Platinum (Skylake-SP / Cascade Lake), AVX-512"),
        new("ml_m5", TargetArchitecture.X64, 512, 0, 32, 1024, "SageMaker ml.m5: Intel Xeon Platinum (Skylake-SP / Cascade Lake), AVX-512"),
        new("ml_c6g", TargetArchitecture.Arm64, 128, 0, 64, 1024, "SageMaker ml.c6g: AWS Graviton2 (Neoverse N1)"),
    };

    private static readonly Dictionary<string, TargetDevice> Known = Devices.ToDictionary(d => d.Name, StringComparer.OrdinalIgnoreCase);

    public TargetDevice(string name, TargetArchitecture architecture, int vectorBits, int cores, int l1DataKiB, int l2KiB, string description)
    {
        Name = name;
        Architecture = architecture;
        VectorBits = vectorBits;
        Cores = cores;
        L1DataKiB = l1DataKiB;
        L2KiB = l2KiB;
        Description = description;
    }

    public string Name { get; }

    public TargetArchitecture Architecture { get; }

    /// <summary>The vector width to plan for in bits, or 0 to leave it to the JIT.</summary>
    public int VectorBits { get; }

    /// <summary>The device's core count, or 0 when it varies (servers, generic targets).</summary>
    public int Cores { get; }

    /// <summary>L1 data cache per core, in KiB (sizes GEMM register and cache blocks).</summary>
    public int L1DataKiB { get; }

    /// <summary>L2 cache per core (or per cluster), in KiB.</summary>
    public int L2KiB { get; }

    public string Description { get; }

    /// <summary>Every known device, generic targets first, in table order.</summary>
    public static IReadOnlyList<TargetDevice> All => Devices;

    public static bool TryGet(string name, out TargetDevice device)
    {
        if (Known.TryGetValue(name, out TargetDevice? d))
        {
            device = d;
            return true;
        }

        device = Known["portable"];
        return false;
    }

    /// <summary>The device a runtime identifier implies: <c>*-arm64</c> is arm64, <c>*-x64</c> is x64, anything else portable.</summary>
    public static TargetDevice FromRuntimeIdentifier(string? rid) => ArchitectureOf(rid) switch
    {
        TargetArchitecture.Arm64 => Known["arm64"],
        TargetArchitecture.X64 => Known["x64"],
        _ => Known["portable"],
    };

    /// <summary>The architecture a runtime identifier names, or Portable when it names none (or none is set).</summary>
    public static TargetArchitecture ArchitectureOf(string? rid)
    {
        if (string.IsNullOrEmpty(rid))
        {
            return TargetArchitecture.Portable;
        }

        if (rid!.EndsWith("-arm64", StringComparison.OrdinalIgnoreCase))
        {
            return TargetArchitecture.Arm64;
        }

        if (rid.EndsWith("-x64", StringComparison.OrdinalIgnoreCase))
        {
            return TargetArchitecture.X64;
        }

        return TargetArchitecture.Portable;
    }

    public override string ToString() => Name;
}
