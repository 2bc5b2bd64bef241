using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Neo.Generators
{
    /// <summary>A plan that cannot be turned into code: what is wrong, for NEO2002.</summary>
    internal sealed class PlanContentException : Exception
    {
        public PlanContentException(string message)
            : base(message)
        {
        }
    }

    /// <summary>
    /// Translates the plan's argument language into C#, accepting nothing else: every name must be an
    /// identifier and every literal must match its grammar, so a plan can never inject code.
    /// <code>
    /// expr  := %tensor | @team | number | true | false | default | [numbers] | default(type) | new type(expr, ...) | Name.Member
    /// type  := Name | Name&lt;type, ...&gt; | float | double | long | int | short | sbyte | byte | ushort | uint | ulong | bool | Half
    /// </code>
    /// Kernel names resolve in <c>Neo.Runtime.Kernels</c>.
    /// </summary>
    internal sealed class ArgumentTranslator
    {
        private const string Kernels = "global::Neo.Runtime.Kernels.";

        private static readonly Regex IntLiteral = new Regex(@"^-?[0-9]+L?$", RegexOptions.CultureInvariant);
        private static readonly Regex FloatLiteral = new Regex(@"^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?[fd]$", RegexOptions.CultureInvariant);
        private static readonly Regex Name = new Regex(@"^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);

        private static readonly Dictionary<string, string> Primitives = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["float"] = "float", ["double"] = "double", ["long"] = "long", ["int"] = "int", ["short"] = "short",
            ["sbyte"] = "sbyte", ["byte"] = "byte", ["ushort"] = "ushort", ["uint"] = "uint", ["ulong"] = "ulong",
            ["bool"] = "bool", ["Half"] = "global::System.Half",
        };

        private static readonly HashSet<string> FloatConstants = new HashSet<string>(StringComparer.Ordinal)
        {
            "float.NaN", "float.PositiveInfinity", "float.NegativeInfinity", "float.MaxValue", "float.MinValue",
            "double.NaN", "double.PositiveInfinity", "double.NegativeInfinity", "double.MaxValue", "double.MinValue",
        };

        private readonly Func<string, string> _tensor;
        private readonly Func<string, string, string> _array;
        private string _text = "";
        private int _pos;

        /// <param name="tensor">Maps a tensor id to the C# expression for it (and records the use).</param>
        /// <param name="array">Maps an array literal's element type and C# initializer to a static field name.</param>
        public ArgumentTranslator(Func<string, string> tensor, Func<string, string, string> array)
        {
            _tensor = tensor;
            _array = array;
        }

        /// <summary>The C# call target for a plan call such as <c>Elementwise.Unary</c> or <c>Tensor.Copy&lt;float&gt;</c>.</summary>
        public static string Call(string call)
        {
            int lt = call.IndexOf('<');
            string path = lt < 0 ? call : call.Substring(0, lt);
            string[] parts = path.Split('.');
            if (parts.Length != 2 || !Name.IsMatch(parts[0]) || !Name.IsMatch(parts[1]))
            {
                throw new PlanContentException("calls '" + call + "', which is not a kernel name of the form Family.Method");
            }

            var t = new ArgumentTranslator(_ => "", (_, __) => "") { _text = lt < 0 ? "" : call.Substring(lt), _pos = 0 };
            string generic = lt < 0 ? "" : t.TypeArguments();
            if (t._pos != t._text.Length)
            {
                throw new PlanContentException("calls '" + call + "', whose type arguments are malformed");
            }

            return Kernels + parts[0] + "." + parts[1] + generic;
        }

        /// <summary>The C# expression for one argument value.</summary>
        public string Translate(string value)
        {
            _text = value;
            _pos = 0;
            string result = Expression();
            if (_pos != _text.Length)
            {
                throw Bad(value);
            }

            return result;
        }

        private string Expression()
        {
            if (Peek() == '%')
            {
                _pos++;
                return _tensor(Identifier());
            }

            if (Peek() == '@')
            {
                _pos++;
                string name = Identifier();
                if (name != "team")
                {
                    throw Bad(_text);
                }

                return "__team";
            }

            if (Peek() == '[')
            {
                return ArrayLiteral();
            }

            if (Peek() == '-' || char.IsDigit(Peek()))
            {
                string token = Token(c => char.IsLetterOrDigit(c) || c == '.' || c == '-' || c == '+');
                if (IntLiteral.IsMatch(token))
                {
                    return token;
                }

                if (FloatLiteral.IsMatch(token))
                {
                    return token;
                }

                throw Bad(token);
            }

            string word = Identifier();
            switch (word)
            {
                case "true":
                case "false":
                case "default" when Peek() != '(':
                    return word;
                case "default":
                    Expect('(');
                    string type = Type();
                    Expect(')');
                    return "default(" + type + ")";
                case "new":
                    Expect(' ');
                    string created = Type();
                    Expect('(');
                    var args = new List<string>();
                    while (Peek() != ')')
                    {
                        if (args.Count > 0)
                        {
                            Expect(',');
                        }

                        args.Add(Expression());
                    }

                    Expect(')');
                    return "new " + created + "(" + string.Join(", ", args) + ")";
            }

            if (Peek() == '.')
            {
                _pos++;
                string member = Identifier();
                string dotted = word + "." + member;
                return FloatConstants.Contains(dotted) ? dotted : Kernels + dotted;
            }

            throw Bad(word);
        }

        private string ArrayLiteral()
        {
            Expect('[');
            var items = new List<string>();
            string? elementType = null;
            while (Peek() != ']')
            {
                if (items.Count > 0)
                {
                    Expect(',');
                }

                string token = Token(c => char.IsLetterOrDigit(c) || c == '.' || c == '-' || c == '+');
                string type;
                if (IntLiteral.IsMatch(token))
                {
                    type = token.EndsWith("L", StringComparison.Ordinal) ? "long" : "int";
                }
                else if (FloatLiteral.IsMatch(token))
                {
                    type = token.EndsWith("f", StringComparison.Ordinal) ? "float" : "double";
                }
                else
                {
                    throw Bad(token);
                }

                if (elementType != null && elementType != type)
                {
                    throw Bad(_text);
                }

                elementType = type;
                items.Add(token);
            }

            Expect(']');
            return _array(elementType ?? "int", "{ " + string.Join(", ", items) + " }");
        }

        private string Type()
        {
            string name = Identifier();
            if (Primitives.TryGetValue(name, out string? primitive))
            {
                return primitive;
            }

            string generic = Peek() == '<' ? TypeArguments() : "";
            return Kernels + name + generic;
        }

        private string TypeArguments()
        {
            Expect('<');
            var sb = new StringBuilder("<");
            bool first = true;
            while (Peek() != '>')
            {
                if (!first)
                {
                    Expect(',');
                    sb.Append(", ");
                }

                sb.Append(Type());
                first = false;
            }

            Expect('>');
            return sb.Append('>').ToString();
        }

        private string Identifier()
        {
            string token = Token(c => char.IsLetterOrDigit(c) || c == '_');
            if (!Name.IsMatch(token))
            {
                throw Bad(token);
            }

            return token;
        }

        private string Token(Func<char, bool> part)
        {
            int start = _pos;
            if (_pos < _text.Length && _text[_pos] == '-')
            {
                _pos++;
            }

            while (_pos < _text.Length && part(_text[_pos]) && _text[_pos] < 128)
            {
                _pos++;
            }

            return _text.Substring(start, _pos - start);
        }

        private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

        private void Expect(char c)
        {
            if (Peek() != c)
            {
                throw Bad(_text);
            }

            _pos++;
        }

        private static PlanContentException Bad(string token) =>
            new PlanContentException("has the argument '" + token + "', which is not in the plan's argument language");

        public static string Invariant(long v) => v.ToString(CultureInfo.InvariantCulture);
    }
}
