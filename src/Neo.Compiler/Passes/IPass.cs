using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Operators;
using Neo.Compiler.Options;

namespace Neo.Compiler.Passes;

/// <summary>A named graph-to-graph transformation. One pass per file; the pipeline lists them in order.</summary>
public interface IPass
{
    /// <summary>The pass's name, as IR dumps and the build report show it.</summary>
    string Name { get; }

    /// <summary>Transforms the graph (in place or into a new one) and returns the result.</summary>
    Graph Run(Graph graph, PassContext context);
}

/// <summary>What passes may consult.</summary>
public sealed class PassContext
{
    public PassContext(DiagnosticBag diagnostics, OperatorRegistry operators, TargetDevice device)
    {
        Diagnostics = diagnostics;
        Operators = operators;
        Device = device;
    }

    public DiagnosticBag Diagnostics { get; }

    public OperatorRegistry Operators { get; }

    public TargetDevice Device { get; }
}
