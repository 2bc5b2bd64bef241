using System;

namespace Neo.Runtime.Kernels;

/// <summary>Control flow that stays in the generated code: the joins of branches chosen at run time.</summary>
public static class Control
{
    /// <summary>
    /// The join of an If: copies <paramref name="whenTrue"/> when the condition's first element is true,
    /// else <paramref name="whenFalse"/>. Only the chosen branch was computed; the other is not read.
    /// </summary>
    public static void Choose<T>(ReadOnlySpan<bool> condition, ReadOnlySpan<T> whenTrue, ReadOnlySpan<T> whenFalse, Span<T> output) =>
        (condition[0] ? whenTrue : whenFalse).CopyTo(output);
}
