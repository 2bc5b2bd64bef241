using System.Collections.Generic;

namespace Neo.Compiler.Options;

/// <summary>What to compile and how: the NeoModel item's metadata, already given their defaults.</summary>
public sealed class CompileRequest
{
    /// <summary>The model file. Its folder bounds where external data may come from.</summary>
    public string ModelPath { get; set; } = "";

    /// <summary>The model's bytes, when the caller already read them (fuzzing, tests); otherwise the file is read.</summary>
    public byte[]? ModelBytes { get; set; }

    /// <summary>The generated class's name; empty means the PascalCase of the file name.</summary>
    public string ClassName { get; set; } = "";

    /// <summary>The generated class's namespace; empty means the global namespace's <c>Neo.Models</c>.</summary>
    public string Namespace { get; set; } = "";

    /// <summary>The TargetDevice metadata; empty follows <see cref="RuntimeIdentifier"/>.</summary>
    public string TargetDevice { get; set; } = "";

    /// <summary>The project's runtime identifier, if any (<c>linux-arm64</c>).</summary>
    public string RuntimeIdentifier { get; set; } = "";

    /// <summary>The Shapes metadata: <c>input_ids=1x128;mask=1x128</c>, or a bare <c>1x3x224x224</c> for a single input.</summary>
    public string Shapes { get; set; } = "";

    /// <summary><c>default</c> or <c>none</c>.</summary>
    public string Optimize { get; set; } = "default";

    /// <summary>The Threads metadata: the default thread count of an instance (empty means 1).</summary>
    public string Threads { get; set; } = "";

    /// <summary>Where to write the IR after each pass (<c>-p:NeoDumpIr=true</c>), or null.</summary>
    public string? DumpIrDirectory { get; set; }

    /// <summary>
    /// Constant values for graph inputs, bound at build time (the conformance runner binds inputs that an
    /// operator reads as a shape). Keys are input names.
    /// </summary>
    public Dictionary<string, IR.TensorData>? BoundInputs { get; set; }
}
