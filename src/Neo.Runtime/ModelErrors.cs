using System;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;

namespace Neo.Runtime;

/// <summary>
/// Argument checks that generated model classes call, kept here so the generated code stays short.
/// Every message names the model's input or output and its expected shape.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ModelErrors
{
    /// <summary>Throws for an input span of the wrong length.</summary>
    [DoesNotReturn]
    public static void ThrowInputLength(string parameter, string input, string shape, int expected, int actual) =>
        throw new ArgumentException(
            $"NEO3010: input '{input}' needs {expected} elements (shape {shape}, row-major) but got {actual}.", parameter);

    /// <summary>Throws for an output span of the wrong length.</summary>
    [DoesNotReturn]
    public static void ThrowOutputLength(string parameter, string output, string shape, int expected, int actual) =>
        throw new ArgumentException(
            $"NEO3011: output '{output}' needs room for {expected} elements (shape {shape}) but got a span of {actual}.", parameter);

    /// <summary>Throws for a span that does not hold the requested number of rows (the batch overloads of tree models).</summary>
    [DoesNotReturn]
    public static void ThrowRows(string parameter, string tensor, int perRow, int rows, int actual) =>
        throw new ArgumentException(
            rows < 0
                ? $"NEO3021: the row count must not be negative, but it is {rows}."
                : $"NEO3021: '{tensor}' needs {(long)rows * perRow} elements for {rows} rows of {perRow} but got {actual}.",
            parameter);

    /// <summary>Checks the number of arrays given to <see cref="INeoModel.Run"/>.</summary>
    public static void CheckCount(int inputs, int expectedInputs, int outputs, int expectedOutputs)
    {
        if (inputs != expectedInputs)
        {
            throw new ArgumentException($"NEO3012: the model takes {expectedInputs} inputs but got {inputs} arrays.", nameof(inputs));
        }

        if (outputs != expectedOutputs)
        {
            throw new ArgumentException($"NEO3012: the model has {expectedOutputs} outputs but got {outputs} arrays.", nameof(outputs));
        }
    }

    /// <summary>The array as <typeparamref name="T"/>[], or an <see cref="ArgumentException"/> naming the tensor.</summary>
    public static T[] As<T>(Array? array, string tensor, string parameter)
    {
        // An exact type check: the CLR would let an int[] pass as uint[].
        if (array is null || array.GetType() != typeof(T[]))
        {
            string got = array is null ? "null" : array.GetType().Name;
            throw new ArgumentException($"NEO3013: '{tensor}' must be a {typeof(T).Name}[] but got {got}.", parameter);
        }

        return (T[])array;
    }
}
