using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Neo.Compiler.Options;

/// <summary>Rules for the C# names the item's metadata gives (class and namespace).</summary>
public static class Identifiers
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    };

    /// <summary>
    /// Contextual keywords: legal identifiers in some places, but as a class or namespace name some are
    /// errors (<c>file</c>, <c>scoped</c>, <c>required</c>), warnings (<c>record</c>) or traps (<c>var</c>, <c>global</c>).
    /// </summary>
    private static readonly HashSet<string> ContextualKeywords = new(StringComparer.Ordinal)
    {
        "add", "allows", "alias", "and", "ascending", "args", "async", "await", "by", "descending", "dynamic", "equals",
        "extension", "field", "file", "from", "get", "global", "group", "init", "into", "join", "let", "managed", "nameof",
        "nint", "not", "notnull", "nuint", "on", "or", "orderby", "partial", "record", "remove", "required", "scoped",
        "select", "set", "unmanaged", "value", "var", "when", "where", "with", "yield",
    };

    /// <summary>
    /// Members every generated model class declares (see Neo.Generators' ModelEmitter): a class of the same
    /// name would not compile (CS0542), so such a ClassName is refused up front.
    /// </summary>
    private static readonly HashSet<string> GeneratedMembers = new(StringComparer.Ordinal)
    {
        "Signature", "Predict", "Run", "Dispose", "Outputs", "Execute", "LoadWeights", "ThrowIfDisposed",
        "ArenaBytes", "WeightsBytes", "WeightsChecksum", "WeightsResource", "DefaultThreads", "ModelFile", "Macs",
    };

    /// <summary>The longest class name Neo accepts: it also names files in obj/ (file names have at most 255 bytes).</summary>
    public const int MaxClassNameLength = 128;

    /// <summary>The default class name: the PascalCase of the file name (<c>mobilenet_v2.onnx</c> → <c>MobilenetV2</c>).</summary>
    public static string ClassNameFromFile(string path)
    {
        string stem = System.IO.Path.GetFileNameWithoutExtension(path);
        var sb = new StringBuilder();
        bool upper = true;
        foreach (char c in stem)
        {
            // Letters of any script are identifier characters; everything else separates words.
            if (char.IsLetterOrDigit(c) && (c < 128 || char.IsLetter(c)))
            {
                sb.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            else
            {
                upper = true;
            }
        }

        if (sb.Length == 0 || char.IsDigit(sb[0]))
        {
            sb.Insert(0, "Model");
        }

        string name = sb.Length > MaxClassNameLength ? sb.ToString(0, MaxClassNameLength) : sb.ToString();
        return GeneratedMembers.Contains(name) || ContextualKeywords.Contains(name) ? name + "Model" : name;
    }

    /// <summary>Why <paramref name="name"/> cannot be the generated class's name, or null when it can.</summary>
    public static string? ClassNameProblem(string name)
    {
        if (!IsIdentifier(name))
        {
            return "is not a valid C# class name. Use letters, digits and underscores, not starting with a digit, and not a keyword";
        }

        if (name.Length > MaxClassNameLength)
        {
            return $"is longer than {MaxClassNameLength} characters (it also names files in obj/). Use a shorter name";
        }

        if (ContextualKeywords.Contains(name))
        {
            return "is a C# contextual keyword, which cannot or should not name a class. Use another name, such as a PascalCase one";
        }

        if (GeneratedMembers.Contains(name) || name.StartsWith('_') || name.StartsWith("s_", StringComparison.Ordinal))
        {
            return "is the name of a member of the generated class (or has the form of one: _x, s_x). Use another name";
        }

        return null;
    }

    /// <summary>Whether <paramref name="name"/> is a plain C# identifier that is not a keyword.</summary>
    public static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || Keywords.Contains(name))
        {
            return false;
        }

        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            UnicodeCategory cat = CharUnicodeInfo.GetUnicodeCategory(c);
            bool letter = cat is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.LetterNumber;
            bool rest = cat is UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
            if (!(letter || c == '_' || (i > 0 && rest)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="ns"/> is a dotted sequence of identifiers.</summary>
    public static bool IsNamespace(string ns)
    {
        if (ns.Length > 512)
        {
            return false;
        }

        foreach (string part in ns.Split('.'))
        {
            if (!IsIdentifier(part) || part == "global")
            {
                return false;
            }
        }

        return true;
    }
}
