using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Neo.Compiler.Diagnostics;

namespace Neo.Compiler.Trees.XGBoost;

/// <summary>
/// Reads Universal Binary JSON (ubjson.org, draft 12), the format of XGBoost's <c>.ubj</c> models: typed
/// markers, big-endian numbers, and the optimized containers (<c>[$d#l…</c>) in which XGBoost stores its
/// float32 and integer arrays. Every count is checked against the bytes left before anything is allocated.
/// </summary>
internal sealed class UbjsonDocumentReader
{
    private const int MaxDepth = 64;

    private readonly byte[] _data;
    private int _pos;

    private UbjsonDocumentReader(byte[] data)
    {
        _data = data;
    }

    public static DocValue Read(byte[] data)
    {
        var reader = new UbjsonDocumentReader(data);
        DocValue value = reader.Value(reader.Marker(), 0);
        while (reader._pos < data.Length && data[reader._pos] == (byte)'N')
        {
            reader._pos++;
        }

        if (reader._pos != data.Length)
        {
            throw reader.Error("bytes follow the end of the document");
        }

        return value;
    }

    private byte Marker()
    {
        while (true)
        {
            byte m = Byte();
            if (m != (byte)'N')
            {
                return m;
            }
        }
    }

    private DocValue Value(byte marker, int depth)
    {
        if (depth > MaxDepth)
        {
            throw Error("the document nests deeper than " + MaxDepth.ToString(CultureInfo.InvariantCulture) + " levels");
        }

        switch (marker)
        {
            case (byte)'{':
                return Object(depth);
            case (byte)'[':
                return Array(depth);
            case (byte)'S':
                return new DocString(String());
            case (byte)'C':
                return new DocString(((char)Byte()).ToString());
            case (byte)'T':
                return new DocLiteral(true);
            case (byte)'F':
                return new DocLiteral(false);
            case (byte)'Z':
                return new DocLiteral(null);
            case (byte)'H':
                string text = String();
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)
                    || !float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float f))
                {
                    throw Error("a high-precision number is not a number");
                }

                return new DocNumber(f, d, long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long k) ? k : null);
            case (byte)'d':
                float single = BinaryPrimitives.ReadSingleBigEndian(Take(4));
                return new DocNumber(single, single, null);
            case (byte)'D':
                double dbl = BinaryPrimitives.ReadDoubleBigEndian(Take(8));
                return new DocNumber((float)dbl, dbl, null);
            default:
                long integer = Integer(marker);
                return new DocNumber(integer, integer, integer);
        }
    }

    /// <summary>An integer of the type <paramref name="marker"/> names; throws for any other marker.</summary>
    private long Integer(byte marker) => marker switch
    {
        (byte)'i' => (sbyte)Byte(),
        (byte)'U' => Byte(),
        (byte)'I' => BinaryPrimitives.ReadInt16BigEndian(Take(2)),
        (byte)'l' => BinaryPrimitives.ReadInt32BigEndian(Take(4)),
        (byte)'L' => BinaryPrimitives.ReadInt64BigEndian(Take(8)),
        _ => throw Error("unknown type marker '" + Printable(marker) + "'"),
    };

    private static int Size(byte marker) => marker switch
    {
        (byte)'i' or (byte)'U' or (byte)'C' or (byte)'T' or (byte)'F' or (byte)'Z' or (byte)'N' => 1,
        (byte)'I' => 2,
        (byte)'l' or (byte)'d' => 4,
        (byte)'L' or (byte)'D' => 8,
        _ => 1,
    };

    private int Count()
    {
        long n = Integer(Marker());
        if (n < 0 || n > _data.Length - _pos)
        {
            throw Error("a length of " + n.ToString(CultureInfo.InvariantCulture) + " does not fit in the file");
        }

        return (int)n;
    }

    /// <summary>Reads the optional <c>$type</c> and <c>#count</c> of an optimized container.</summary>
    private (byte? Type, int? Count) Header()
    {
        byte? type = null;
        int? count = null;
        if (Peek() == (byte)'$')
        {
            _pos++;
            type = Byte();
            if (Peek() != (byte)'#')
            {
                throw Error("a typed container has no count");
            }
        }

        if (Peek() == (byte)'#')
        {
            _pos++;
            count = Count();
            if (type is { } t && (long)count.Value * Size(t) > _data.Length - _pos)
            {
                throw Error("a container of " + count.Value.ToString(CultureInfo.InvariantCulture) + " elements does not fit in the file");
            }
        }

        return (type, count);
    }

    private DocObject Object(int depth)
    {
        var o = new DocObject();
        (byte? type, int? count) = Header();
        for (int i = 0; count is null || i < count; i++)
        {
            if (count is null)
            {
                while (Peek() == (byte)'N')
                {
                    _pos++;
                }

                if (Peek() == (byte)'}')
                {
                    _pos++;
                    break;
                }
            }

            string name = String();
            o.Members[name] = Value(type ?? Marker(), depth + 1);
        }

        return o;
    }

    private DocValue Array(int depth)
    {
        (byte? type, int? count) = Header();
        if (type is { } t && count is { } n && t is (byte)'d' or (byte)'D' or (byte)'i' or (byte)'U' or (byte)'I' or (byte)'l' or (byte)'L')
        {
            return TypedNumbers(t, n);
        }

        var items = new List<DocValue>();
        bool numbers = true;
        for (int i = 0; count is null || i < count; i++)
        {
            byte marker;
            if (type is { } known)
            {
                marker = known;
            }
            else
            {
                marker = Marker();
                if (count is null && marker == (byte)']')
                {
                    break;
                }
            }

            DocValue v = Value(marker, depth + 1);
            numbers &= v is DocNumber;
            items.Add(v);
        }

        if (numbers && items.Count > 0)
        {
            var singles = new float[items.Count];
            long[]? integers = new long[items.Count];
            for (int i = 0; i < items.Count; i++)
            {
                var num = (DocNumber)items[i];
                singles[i] = num.Single;
                if (integers is not null && num.Integer is { } k)
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

    private DocNumbers TypedNumbers(byte type, int count)
    {
        var singles = new float[count];
        long[]? integers = type is (byte)'d' or (byte)'D' ? null : new long[count];
        for (int i = 0; i < count; i++)
        {
            switch (type)
            {
                case (byte)'d':
                    singles[i] = BinaryPrimitives.ReadSingleBigEndian(Take(4));
                    break;
                case (byte)'D':
                    singles[i] = (float)BinaryPrimitives.ReadDoubleBigEndian(Take(8));
                    break;
                default:
                    long k = Integer(type);
                    integers![i] = k;
                    singles[i] = k;
                    break;
            }
        }

        return new DocNumbers(singles, integers);
    }

    private string String()
    {
        int n = Count();
        return Encoding.UTF8.GetString(Take(n));
    }

    private byte Byte()
    {
        if (_pos >= _data.Length)
        {
            throw Error("the document ends early");
        }

        return _data[_pos++];
    }

    private byte Peek() => _pos < _data.Length ? _data[_pos] : (byte)0;

    private ReadOnlySpan<byte> Take(int n)
    {
        if (n > _data.Length - _pos)
        {
            throw Error("the document ends early");
        }

        ReadOnlySpan<byte> s = _data.AsSpan(_pos, n);
        _pos += n;
        return s;
    }

    private static string Printable(byte b) => b is >= 0x20 and < 0x7f ? ((char)b).ToString() : "0x" + b.ToString("x2", CultureInfo.InvariantCulture);

    private CompileErrorException Error(string what) =>
        new(DiagnosticCodes.MalformedTreeModel, $"the file is not valid UBJSON: {what} (byte {_pos.ToString(CultureInfo.InvariantCulture)}). Check that it is an XGBoost model saved with save_model as .ubj and was not truncated.");
}
