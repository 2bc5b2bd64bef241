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
/// A compilation target: an architecture, the widest vectors to plan for, and tuning facts.
/// <c>TargetDevice</c> names one; when empty it follows the runtime identifier.
/// </summary>
public sealed class TargetDevice
{
    private static readonly Dictionary<string, TargetDevice> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["portable"] = new("portable", TargetArchitecture.Portable, 0, "any CPU; the JIT picks the vector width"),
        ["x64"] = new("x64", TargetArchitecture.X64, 0, "any x64 CPU; AVX-512, AVX2 or SSE chosen when the JIT compiles"),
        ["x64-avx2"] = new("x64-avx2", TargetArchitecture.X64, 256, "x64 with AVX2 and FMA (Haswell, Zen 1 and later)"),
        ["x64-avx512"] = new("x64-avx512", TargetArchitecture.X64, 512, "x64 with AVX-512 (Skylake-SP, Ice Lake, Zen 4 and later)"),
        ["arm64"] = new("arm64", TargetArchitecture.Arm64, 128, "any 64-bit ARM CPU (NEON)"),
    };

    public TargetDevice(string name, TargetArchitecture architecture, int vectorBits, string description)
    {
        Name = name;
        Architecture = architecture;
        VectorBits = vectorBits;
        Description = description;
    }

    public string Name { get; }

    public TargetArchitecture Architecture { get; }

    /// <summary>The vector width to plan for in bits, or 0 to leave it to the JIT.</summary>
    public int VectorBits { get; }

    public string Description { get; }

    public static IReadOnlyCollection<TargetDevice> All => Known.Values.OrderBy(d => d.Name, StringComparer.Ordinal).ToArray();

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
    public static TargetDevice FromRuntimeIdentifier(string? rid)
    {
        if (string.IsNullOrEmpty(rid))
        {
            return Known["portable"];
        }

        if (rid!.EndsWith("-arm64", StringComparison.OrdinalIgnoreCase))
        {
            return Known["arm64"];
        }

        if (rid.EndsWith("-x64", StringComparison.OrdinalIgnoreCase))
        {
            return Known["x64"];
        }

        return Known["portable"];
    }

    public override string ToString() => Name;
}
