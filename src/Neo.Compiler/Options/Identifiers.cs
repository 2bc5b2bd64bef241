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

    /// <summary>The default class name: the PascalCase of the file name (<c>mobilenet_v2.onnx</c> → <c>MobilenetV2</c>).</summary>
    public static string ClassNameFromFile(string path)
    {
        string stem = System.IO.Path.GetFileNameWithoutExtension(path);
        var sb = new StringBuilder();
        bool upper = true;
        foreach (char c in stem)
        {
            if (c < 128 && char.IsLetterOrDigit(c))
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

        return sb.ToString();
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
        foreach (string part in ns.Split('.'))
        {
            if (!IsIdentifier(part))
            {
                return false;
            }
        }

        return true;
    }
}
