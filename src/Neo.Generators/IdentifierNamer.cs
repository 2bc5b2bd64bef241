using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Neo.Generators
{
    /// <summary>
    /// Makes valid, readable, unique C# identifiers from names in a model file, whatever they contain:
    /// characters that cannot appear in an identifier split words, words are joined in camelCase or
    /// PascalCase, a leading digit gets a prefix, keywords get '@', and repeats get a number.
    /// </summary>
    internal sealed class IdentifierNamer
    {
        private static readonly HashSet<string> Keywords = new HashSet<string>(StringComparer.Ordinal)
        {
            "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
            "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
            "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
            "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
            "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
            "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
            "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
            // Contextual keywords that would read badly or mean something in the positions we use names.
            "var", "value", "nameof", "dynamic", "await", "async", "yield", "record", "global", "scoped", "file", "field",
        };

        private readonly HashSet<string> _used = new HashSet<string>(StringComparer.Ordinal);

        public IdentifierNamer(params string[] reserved)
        {
            foreach (string r in reserved)
            {
                _used.Add(r);
            }
        }

        /// <summary>
        /// The longest identifier made from a model name (C# allows 511 characters; a model's names can be
        /// any length, and a readable parameter needs far fewer).
        /// </summary>
        public const int MaxLength = 64;

        /// <summary>Reserves a name so that nothing else gets it.</summary>
        public void Reserve(string name) => _used.Add(name);

        public bool IsTaken(string name) => _used.Contains(name);

        /// <summary>A unique camelCase identifier (for parameters and locals).</summary>
        public string Camel(string name, string fallback) => Unique(Words(name, pascal: false, fallback));

        /// <summary>A unique PascalCase identifier (for properties and constants).</summary>
        public string Pascal(string name, string fallback, params string[] suffixes)
        {
            string baseName = Words(name, pascal: true, fallback);
            string candidate = baseName;
            int k = 2;
            while (Taken(candidate, suffixes))
            {
                candidate = baseName + k.ToString(CultureInfo.InvariantCulture);
                k++;
            }

            _used.Add(candidate);
            foreach (string s in suffixes)
            {
                _used.Add(candidate + s);
            }

            return candidate;
        }

        private bool Taken(string candidate, string[] suffixes)
        {
            if (_used.Contains(candidate) || Keywords.Contains(candidate))
            {
                return true;
            }

            foreach (string s in suffixes)
            {
                if (_used.Contains(candidate + s))
                {
                    return true;
                }
            }

            return false;
        }

        private string Unique(string baseName)
        {
            string candidate = baseName;
            int k = 2;
            while (_used.Contains(candidate) || _used.Contains(Bare(candidate)))
            {
                candidate = baseName + k.ToString(CultureInfo.InvariantCulture);
                k++;
            }

            _used.Add(candidate);
            _used.Add(Bare(candidate));
            return candidate;
        }

        private static string Bare(string id) => id.StartsWith("@", StringComparison.Ordinal) ? id.Substring(1) : id;

        /// <summary>Splits <paramref name="name"/> into words of identifier characters and joins them.</summary>
        public static string Words(string name, bool pascal, string fallback)
        {
            var words = new List<string>();
            var current = new StringBuilder();
            foreach (char c in name ?? "")
            {
                if (IsIdentifierPart(c))
                {
                    current.Append(c);
                }
                else if (current.Length > 0)
                {
                    words.Add(current.ToString());
                    current.Clear();
                }
            }

            if (current.Length > 0)
            {
                words.Add(current.ToString());
            }

            var sb = new StringBuilder();
            for (int i = 0; i < words.Count; i++)
            {
                string w = words[i];
                if (i == 0 && !pascal)
                {
                    sb.Append(LowerFirst(w));
                }
                else
                {
                    sb.Append(char.ToUpperInvariant(w[0])).Append(w, 1, w.Length - 1);
                }
            }

            string id = sb.Length > MaxLength ? sb.ToString(0, MaxLength) : sb.ToString();
            if (id.Length == 0)
            {
                id = fallback;
            }

            if (!IsIdentifierStart(id[0]))
            {
                id = (pascal ? "T" : "t") + id;
            }

            return Keywords.Contains(id) ? "@" + id : id;
        }

        private static string LowerFirst(string w)
        {
            // "Conv" -> "conv", "ABC" -> "abc", "inputIds" stays.
            int n = 0;
            while (n < w.Length && char.IsUpper(w[n]))
            {
                n++;
            }

            if (n == 0)
            {
                return w;
            }

            if (n == w.Length || n == 1)
            {
                return w.Substring(0, n).ToLowerInvariant() + w.Substring(n);
            }

            return w.Substring(0, n - 1).ToLowerInvariant() + w.Substring(n - 1);
        }

        private static bool IsIdentifierStart(char c)
        {
            if (c == '_')
            {
                return true;
            }

            UnicodeCategory cat = CharUnicodeInfo.GetUnicodeCategory(c);
            return cat == UnicodeCategory.UppercaseLetter || cat == UnicodeCategory.LowercaseLetter || cat == UnicodeCategory.TitlecaseLetter
                || cat == UnicodeCategory.ModifierLetter || cat == UnicodeCategory.OtherLetter || cat == UnicodeCategory.LetterNumber;
        }

        /// <summary>Identifier characters, except '_' (a word separator) and formatting characters (invisible, so confusing).</summary>
        private static bool IsIdentifierPart(char c)
        {
            if (c == '_')
            {
                return false;
            }

            UnicodeCategory cat = CharUnicodeInfo.GetUnicodeCategory(c);
            return IsIdentifierStart(c) || cat == UnicodeCategory.DecimalDigitNumber || cat == UnicodeCategory.NonSpacingMark
                || cat == UnicodeCategory.SpacingCombiningMark;
        }
    }
}
