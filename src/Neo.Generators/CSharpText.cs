using System.Globalization;
using System.Text;

namespace Neo.Generators
{
    /// <summary>How text from a model reaches generated C#: as an escaped literal, in a comment, or in XML docs.</summary>
    internal static class CSharpText
    {
        /// <summary>A C# string literal; everything outside printable ASCII is a \u escape, so nothing can end the literal or the line.</summary>
        public static string Literal(string s)
        {
            var sb = new StringBuilder(s.Length + 2).Append('"');
            foreach (char c in s)
            {
                if (c == '"' || c == '\\')
                {
                    sb.Append('\\').Append(c);
                }
                else if (c < 0x20 || c > 0x7e)
                {
                    sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                }
                else
                {
                    sb.Append(c);
                }
            }

            return sb.Append('"').ToString();
        }

        /// <summary>Text for a // comment: line breaks and other control characters become spaces.</summary>
        public static string Comment(string s)
        {
            var sb = new StringBuilder(s.Length);
            foreach (char c in s)
            {
                sb.Append(char.IsControl(c) || c == '\u2028' || c == '\u2029' || char.IsSurrogate(c) ? ' ' : c);
            }

            return sb.ToString();
        }

        /// <summary>Text for a /// XML doc line: a comment that is also escaped XML.</summary>
        public static string Xml(string s) =>
            Comment(s).Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");
    }
}
