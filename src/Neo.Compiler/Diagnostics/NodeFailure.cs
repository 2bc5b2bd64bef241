using System;
using Neo.Compiler.IR;

namespace Neo.Compiler.Diagnostics;

/// <summary>
/// Turns an exception an operator threw for one node into a coded error naming that node, so the other
/// nodes are still checked and the build reports every problem at once. Operators are meant to throw
/// <see cref="CompileErrorException"/> for invalid nodes; anything else is either arithmetic on numbers
/// too large for Neo's 32-bit sizes (a model's attributes and dims can hold any 64-bit value) or a bug.
/// </summary>
public static class NodeFailure
{
    /// <summary>Whether <paramref name="e"/> is one an operator should not have thrown (not a coded error, not out of memory).</summary>
    public static bool IsUnexpected(Exception e) => e is not CompileErrorException and not OutOfMemoryException;

    /// <summary>A coded error about <paramref name="node"/>: adds the node to errors raised without one (an attribute of the wrong kind).</summary>
    public static CompileErrorException Attach(Node node, CompileErrorException e) =>
        e.Node is not null ? e : new CompileErrorException(e.Code, $"node {node.Display}: {e.Message}", node.Name);

    public static CompileErrorException From(Node node, Exception e) => e is OverflowException
        ? new CompileErrorException(
            DiagnosticCodes.InvalidNode,
            $"node {node.Display} has an attribute or input shape whose values are too large for Neo (an arithmetic overflow). Check the node's attributes (pads, strides, kernel_shape, group, axes) and the input shapes; re-export the model.",
            node.Name)
        : new CompileErrorException(
            DiagnosticCodes.InternalError,
            $"the compiler failed unexpectedly on node {node.Display} ({e.GetType().Name}: {e.Message}). This is a bug in Neo; please report it with the model.",
            node.Name);
}
