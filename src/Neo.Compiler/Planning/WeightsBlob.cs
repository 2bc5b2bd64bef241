using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using Neo.Compiler.Lowering;
using Neo.Plan;

namespace Neo.Compiler.Planning;

/// <summary>
/// Lays the weights out in one blob: a 64-byte header (magic, payload length, checksum) then every
/// weight tensor on a 64-byte boundary, in first-use order so a forward pass streams through it.
/// The runtime's <c>WeightStore</c> reads this layout.
/// </summary>
public static class WeightsBlob
{
    public const int HeaderSize = 64;

    public static byte[] Build(IEnumerable<LTensor> weights, out long payloadBytes, out ulong checksum)
    {
        var payload = new MemoryStream();
        var seen = new HashSet<LTensor>();
        foreach (LTensor t in weights)
        {
            if (t.Storage != TensorStorage.Weights || !seen.Add(t))
            {
                continue;
            }

            long offset = ArenaPlanner.Align(payload.Length);
            payload.SetLength(offset);
            payload.Position = offset;
            t.Offset = offset;
            payload.Write(t.Data!.Bytes);
        }

        payload.SetLength(ArenaPlanner.Align(payload.Length));
        payloadBytes = payload.Length;
        byte[] body = payload.ToArray();
        checksum = Checksum(body);
        var blob = new byte[HeaderSize + body.Length];
        "NEOWGT01"u8.CopyTo(blob);
        BinaryPrimitives.WriteInt64LittleEndian(blob.AsSpan(8), payloadBytes);
        BinaryPrimitives.WriteUInt64LittleEndian(blob.AsSpan(16), checksum);
        body.CopyTo(blob, HeaderSize);
        return blob;
    }

    /// <summary>FNV-1a over 64-bit words: ties the generated code to the weights it was built with.</summary>
    public static ulong Checksum(ReadOnlySpan<byte> data)
    {
        ulong h = 14695981039346656037UL;
        int i = 0;
        for (; i + 8 <= data.Length; i += 8)
        {
            h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(i))) * 1099511628211UL;
        }

        for (; i < data.Length; i++)
        {
            h = (h ^ data[i]) * 1099511628211UL;
        }

        return h;
    }
}
