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

    /// <summary>The runtime's checksum, so build and load agree by construction.</summary>
    public static ulong Checksum(ReadOnlySpan<byte> data) => Neo.Runtime.WeightStore.Checksum(data);
}
