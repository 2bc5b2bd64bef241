using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Neo.Compiler.Diagnostics;

namespace Neo.Compiler.Trees.XGBoost;

/// <summary>
/// Reads JSON into a <see cref="DocValue"/>. XGBoost writes non-finite floats as bare <c>NaN</c> and
/// <c>Infinity</c> (a categorical split's condition is NaN), which strict JSON readers refuse, so this small
/// reader accepts them; everything else is RFC 8259. Nesting is limited so a hostile file cannot overflow
/// the stack.
/// </summary>
internal sealed class JsonDocumentReader
{
    private const int MaxDepth = 64;

    private readonly byte[] _text;
    private int _pos;

    private JsonDocumentReader(byte[] text)
    {
        _text = text;
    }

    public static DocValue Read(byte[] utf8)
    {
        var reader = new JsonDocumentReader(utf8);
        if (utf8.Length >= 3 && utf8[0] == 0xEF && utf8[1] == 0xBB && utf8[2] == 0xBF)
        {
            reader._pos = 3;
        }

        DocValue value = reader.Value(0);
        reader.SkipSpace();
        if (reader._pos != utf8.Length)
        {
            throw reader.Error("text continues after the end of the document");
        }

        return value;
    }

    private DocValue Value(int depth)
    {
        if (depth > MaxDepth)
        {
            throw Error("the document nests deeper than " + MaxDepth.ToString(CultureInfo.InvariantCulture) + " levels");
        }

        SkipSpace();
        if (_pos >= _text.Length)
        {
            throw Error("the document ends early");
        }

        byte c = _text[_pos];
        switch (c)
        {
            case (byte)'{':
                return Object(depth);
            case (byte)'[':
                return Array(depth);
            case (byte)'"':
                return new DocString(String());
            case (byte)'t':
                Expect("true");
                return new DocLiteral(true);
            case (byte)'f':
                Expect("false");
                return new DocLiteral(false);
            case (byte)'n' when _pos + 1 < _text.Length && _text[_pos + 1] == (byte)'u':
                Expect("null");
                return new DocLiteral(null);
            default:
                (float single, double value, long? integer) = Number();
                return new DocNumber(single, value, integer);
        }
    }

    private DocObject Object(int depth)
    {
        var o = new DocObject();
        _pos++;
        SkipSpace();
        if (Peek() == '}')
        {
            _pos++;
            return o;
        }

        while (true)
        {
            SkipSpace();
            if (Peek() != '"')
            {
                throw Error("expected a member name in quotes");
            }

            string name = String();
            SkipSpace();
            if (Peek() != ':')
            {
                throw Error("expected ':' after a member name");
            }

            _pos++;
            o.Members[name] = Value(depth + 1);
            SkipSpace();
            char next = Peek();
            _pos++;
            if (next == '}')
            {
                return o;
            }

            if (next != ',')
            {
                _pos--;
                throw Error("expected ',' or '}' in an object");
            }
        }
    }

    private DocValue Array(int depth)
    {
        _pos++;
        var items = new List<DocValue>();
        SkipSpace();
        if (Peek() == ']')
        {
            _pos++;
            return new DocArray();
        }

        bool numbers = true;
        while (true)
        {
            DocValue v = Value(depth + 1);
            numbers &= v is DocNumber;
            items.Add(v);
            SkipSpace();
            char next = Peek();
            _pos++;
            if (next == ']')
            {
                break;
            }

            if (next != ',')
            {
                _pos--;
                throw Error("expected ',' or ']' in an array");
            }
        }

        if (numbers)
        {
            var singles = new float[items.Count];
            long[]? integers = new long[items.Count];
            for (int i = 0; i < items.Count; i++)
            {
                var n = (DocNumber)items[i];
                singles[i] = n.Single;
                if (integers is not null && n.Integer is { } k)
                {
                    integers[i] = k;
                }
                else
                {
                    integers = null;
                }
            }

            return new DocNumbers(singles, integers);
        }

        var array = new DocArray();
        array.Items.AddRange(items);
        return array;
    }

    private (float Single, double Value, long? Integer) Number()
    {
        int start = _pos;
        while (_pos < _text.Length && IsNumberChar(_text[_pos]))
        {
            _pos++;
        }

        ReadOnlySpan<byte> token = _text.AsSpan(start, _pos - start);
        if (token.Length == 0)
        {
            throw Error("expected a value");
        }

        string text = Encoding.ASCII.GetString(token);
        switch (text)
        {
            case "NaN" or "nan" or "-NaN" or "-nan":
                return (float.NaN, double.NaN, null);
            case "Infinity" or "inf":
                return (float.PositiveInfinity, double.PositiveInfinity, null);
            case "-Infinity" or "-inf":
                return (float.NegativeInfinity, double.NegativeInfinity, null);
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            || !float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float single))
        {
            _pos = start;
            throw Error("'" + (text.Length > 40 ? text.Substring(0, 40) : text) + "' is not a number");
        }

        long? integer = long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long k) ? k : null;
        return (single, value, integer);
    }

    private static bool IsNumberChar(byte c) =>
        c is (byte)'-' or (byte)'+' or (byte)'.' or (>= (byte)'0' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z');

    private string String()
    {
        _pos++;
        var sb = new StringBuilder();
        int run = _pos;
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw Error("a string is not terminated");
            }

            byte c = _text[_pos];
            if (c == (byte)'"')
            {
                sb.Append(Encoding.UTF8.GetString(_text, run, _pos - run));
                _pos++;
                return sb.ToString();
            }

            if (c < 0x20)
            {
                throw Error("a string holds a control character");
            }

            if (c != (byte)'\\')
            {
                _pos++;
                continue;
            }

            sb.Append(Encoding.UTF8.GetString(_text, run, _pos - run));
            if (_pos + 1 >= _text.Length)
            {
                throw Error("a string ends inside an escape");
            }

            byte e = _text[_pos + 1];
            _pos += 2;
            switch (e)
            {
                case (byte)'"': sb.Append('"'); break;
                case (byte)'\\': sb.Append('\\'); break;
                case (byte)'/': sb.Append('/'); break;
                case (byte)'b': sb.Append('\b'); break;
                case (byte)'f': sb.Append('\f'); break;
                case (byte)'n': sb.Append('\n'); break;
                case (byte)'r': sb.Append('\r'); break;
                case (byte)'t': sb.Append('\t'); break;
                case (byte)'u':
                    if (_pos + 4 > _text.Length || !int.TryParse(Encoding.ASCII.GetString(_text, _pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                    {
                        throw Error("a \\u escape is malformed");
                    }

                    sb.Append((char)code);
                    _pos += 4;
                    break;
                default:
                    throw Error("a string has an unknown escape");
            }

            run = _pos;
        }
    }

    private void Expect(string word)
    {
        for (int i = 0; i < word.Length; i++)
        {
            if (_pos + i >= _text.Length || _text[_pos + i] != (byte)word[i])
            {
                throw Error("expected '" + word + "'");
            }
        }

        _pos += word.Length;
    }

    private char Peek() => _pos < _text.Length ? (char)_text[_pos] : '\0';

    private void SkipSpace()
    {
        while (_pos < _text.Length && _text[_pos] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            _pos++;
        }
    }

    private CompileErrorException Error(string what) =>
        new(DiagnosticCodes.MalformedTreeModel, $"the file is not valid JSON: {what} (byte {_pos.ToString(CultureInfo.InvariantCulture)}). Check that it is an XGBoost model saved with save_model and was not truncated.");
}
