using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using Neo.Compiler.Diagnostics;
using Neo.Plan;

namespace Neo.Compiler;

/// <summary>The outcome of compiling one model.</summary>
public sealed class CompileResult
{
    internal CompileResult(IReadOnlyList<NeoDiagnostic> diagnostics, ModelPlan? plan, string? planText, byte[]? weights, CompileReport? report)
    {
        Diagnostics = diagnostics;
        Plan = plan;
        PlanText = planText;
        Weights = weights;
        Report = report;
    }

    public bool Success => Plan is not null && !Diagnostics.Any(d => d.IsError);

    public IReadOnlyList<NeoDiagnostic> Diagnostics { get; }

    public ModelPlan? Plan { get; }

    /// <summary>The plan as the generator reads it (<c>.neoplan</c>).</summary>
    public string? PlanText { get; }

    /// <summary>The weights blob (header and payload) to embed as a resource.</summary>
    public byte[]? Weights { get; }

    public CompileReport? Report { get; }
}

/// <summary>What the build did to a model: the one-line summary and <c>obj/neo/&lt;Class&gt;.report.json</c>.</summary>
public sealed class CompileReport
{
    public string ModelFile { get; init; } = "";

    public string ClassName { get; init; } = "";

    public string TargetDevice { get; init; } = "";

    public string Optimize { get; init; } = "";

    public int NodesBefore { get; init; }

    public int NodesAfter { get; init; }

    public int Steps { get; init; }

    public long ArenaBytes { get; init; }

    public long ArenaLowerBoundBytes { get; init; }

    public long WeightsBytes { get; init; }

    public long Macs { get; init; }

    public int InPlace { get; init; }

    /// <summary>Bytes of weights that kernels laid out at build time in the layout they read (panels, blocked filters).</summary>
    public long PrepackedWeightsBytes { get; init; }

    /// <summary>Steps that compute more than one model node (fused, folded or recognized): their label and the model nodes.</summary>
    public List<FusedGroup> FusedGroups { get; init; } = new();

    public List<PassTiming> Passes { get; init; } = new();

    public double TotalMilliseconds { get; set; }

    /// <summary>The line the build prints at normal verbosity.</summary>
    public string Summary() => string.Create(
        CultureInfo.InvariantCulture,
        $"Neo: {ModelFile} → {ClassName}: {NodesBefore} → {NodesAfter} nodes, {Steps} steps, arena {Size(ArenaBytes)}, weights {Size(WeightsBytes)}, {Macs / 1e6:0.##} MMAC, {TotalMilliseconds:0} ms");

    public string ToJson() => JsonSerializer.Serialize(this, ReportJsonContext.Default.CompileReport);

    private static string Size(long bytes) =>
        bytes >= 1 << 20 ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.#} MiB")
        : bytes >= 1 << 10 ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes} B");
}

public sealed class FusedGroup
{
    public string Label { get; init; } = "";

    public List<string> Nodes { get; init; } = new();
}

public sealed class PassTiming
{
    public string Pass { get; init; } = "";

    public double Milliseconds { get; init; }
}

[System.Text.Json.Serialization.JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
[System.Text.Json.Serialization.JsonSerializable(typeof(CompileReport))]
internal sealed partial class ReportJsonContext : System.Text.Json.Serialization.JsonSerializerContext
{
}
