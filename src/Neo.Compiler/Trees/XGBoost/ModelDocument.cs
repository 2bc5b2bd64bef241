using System;
using System.Collections.Generic;
using System.Globalization;
using Neo.Compiler.Diagnostics;

namespace Neo.Compiler.Trees.XGBoost;

/// <summary>
/// A JSON or UBJSON document as the XGBoost reader sees it. Numeric arrays are kept as float32 (and, when
/// every element is an integer, int64) arrays parsed straight from their text or bytes, so a threshold
/// written as <c>2.45E0</c> becomes the float32 XGBoost holds, never a float64 rounded twice.
/// </summary>
internal abstract class DocValue
{
    /// <summary>What the value is, for messages (<c>an object</c>, <c>a string</c>).</summary>
    public abstract string Kind { get; }
}

internal sealed class DocObject : DocValue
{
    public Dictionary<string, DocValue> Members { get; } = new(StringComparer.Ordinal);

    public override string Kind => "an object";

    public DocValue? Get(string name) => Members.TryGetValue(name, out DocValue? v) ? v : null;
}

internal sealed class DocArray : DocValue
{
    public List<DocValue> Items { get; } = new();

    public override string Kind => "an array";
}

internal sealed class DocString : DocValue
{
    public DocString(string value)
    {
        Value = value;
    }

    public string Value { get; }

    public override string Kind => "a string";
}

/// <summary>A number: its float32 and float64 readings, and the integer when it is one.</summary>
internal sealed class DocNumber : DocValue
{
    public DocNumber(float single, double value, long? integer)
    {
        Single = single;
        Value = value;
        Integer = integer;
    }

    public float Single { get; }

    public double Value { get; }

    public long? Integer { get; }

    public override string Kind => "a number";
}

/// <summary>An array of numbers (a UBJSON typed array, or a JSON array whose elements are all numbers).</summary>
internal sealed class DocNumbers : DocValue
{
    public DocNumbers(float[] singles, long[]? integers)
    {
        Singles = singles;
        Integers = integers;
    }

    public float[] Singles { get; }

    /// <summary>The elements as integers, or null when some element is not an integer.</summary>
    public long[]? Integers { get; }

    public int Count => Singles.Length;

    public override string Kind => "an array of numbers";
}

internal sealed class DocLiteral : DocValue
{
    public DocLiteral(bool? value)
    {
        Value = value;
    }

    /// <summary>true, false, or null for JSON null.</summary>
    public bool? Value { get; }

    public override string Kind => Value is null ? "null" : "a boolean";
}

/// <summary>Typed access to a document, reporting a missing or mistyped field as NEO1151 with its path.</summary>
internal static class Doc
{
    public static DocObject Object(DocValue? v, string path) =>
        v as DocObject ?? throw Invalid(path, "an object", v);

    public static DocObject? OptionalObject(DocObject o, string name) => o.Get(name) as DocObject;

    public static DocObject Object(DocObject o, string name, string path) => Object(o.Get(name), path + "." + name);

    public static string String(DocObject o, string name, string path) =>
        o.Get(name) switch
        {
            DocString s => s.Value,
            var v => throw Invalid(path + "." + name, "a string", v),
        };

    public static string? OptionalString(DocObject o, string name) => (o.Get(name) as DocString)?.Value;

    /// <summary>An array of numbers as float32 (empty arrays included).</summary>
    public static float[] Singles(DocObject o, string name, string path) =>
        o.Get(name) switch
        {
            DocNumbers n => n.Singles,
            DocArray { Items.Count: 0 } => System.Array.Empty<float>(),
            var v => throw Invalid(path + "." + name, "an array of numbers", v),
        };

    /// <summary>An array of integers.</summary>
    public static long[] Integers(DocObject o, string name, string path) =>
        o.Get(name) switch
        {
            DocNumbers { Integers: { } i } => i,
            DocArray { Items.Count: 0 } => System.Array.Empty<long>(),
            var v => throw Invalid(path + "." + name, "an array of integers", v),
        };

    public static long[]? OptionalIntegers(DocObject o, string name, string path) =>
        o.Get(name) is null ? null : Integers(o, name, path);

    public static List<DocValue> Array(DocObject o, string name, string path) =>
        o.Get(name) switch
        {
            DocArray a => a.Items,
            DocNumbers { Count: 0 } => new List<DocValue>(),
            var v => throw Invalid(path + "." + name, "an array", v),
        };

    /// <summary>An integer written as a string, as XGBoost writes its parameters (<c>"num_class": "3"</c>).</summary>
    public static int IntParameter(DocObject o, string name, string path, int fallback)
    {
        switch (o.Get(name))
        {
            case null:
                return fallback;
            case DocString s when int.TryParse(s.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v):
                return v;
            case DocNumber { Integer: { } i } when i is >= int.MinValue and <= int.MaxValue:
                return (int)i;
            case var v:
                throw Invalid(path + "." + name, "an integer", v);
        }
    }

    public static CompileErrorException Invalid(string path, string expected, DocValue? got) =>
        new(DiagnosticCodes.InvalidTreeModel, $"the XGBoost model is invalid: '{path}' should be {expected} but is {(got is null ? "missing" : got.Kind)}. Save the model with XGBoost's save_model to a .json or .ubj file.");
}
