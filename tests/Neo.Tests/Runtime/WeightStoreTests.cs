using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Neo.Runtime;
using Xunit;

namespace Neo.Tests.Runtime;

/// <summary>Loading the embedded weights: a missing, foreign or damaged resource is NEO3001, never wrong numbers or a crash.</summary>
public sealed unsafe class WeightStoreTests
{
    private const string Resource = "Tests.Model.neoweights";

    private static readonly float[] Payload = Enumerable.Range(0, 48).Select(i => i * 0.5f).ToArray();

    private static byte[] Blob(float[] payload, out ulong checksum)
    {
        byte[] body = MemoryMarshal.AsBytes(payload.AsSpan()).ToArray();
        checksum = WeightStore.Checksum(body);
        var blob = new byte[WeightStore.HeaderSize + body.Length];
        WeightStore.Magic.CopyTo(blob);
        BinaryPrimitives.WriteInt64LittleEndian(blob.AsSpan(8), body.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(blob.AsSpan(16), checksum);
        body.CopyTo(blob, WeightStore.HeaderSize);
        return blob;
    }

    [Fact]
    public void ValidBlobLoadsAndViewsItsTensors()
    {
        byte[] blob = Blob(Payload, out ulong checksum);
        WeightStore store = WeightStore.Load(new ResourceAssembly(blob), Resource, Payload.Length * 4, checksum);
        Assert.Equal(Payload, store.F32(0, Payload.Length).ToArray());
        Assert.Equal(Payload[8..12], store.F32(32, 4).ToArray());
    }

    [Fact]
    public void MissingResourceIsNeo3001() =>
        AssertNeo3001(() => WeightStore.Load(new ResourceAssembly(null), Resource, 192, 1), "not embedded");

    [Fact]
    public void ResourceOfAnotherLengthIsNeo3001()
    {
        byte[] blob = Blob(Payload, out ulong checksum);
        AssertNeo3001(() => WeightStore.Load(new ResourceAssembly(blob), Resource, (Payload.Length * 4) + 64, checksum), "bytes of weights");
        AssertNeo3001(() => WeightStore.Load(new ResourceAssembly(blob[..^1]), Resource, Payload.Length * 4, checksum), "bytes of weights");
        AssertNeo3001(() => WeightStore.Load(new ResourceAssembly(blob), Resource, long.MaxValue, checksum), "bytes of weights");
    }

    [Fact]
    public void ForeignOrStaleBlobIsNeo3001()
    {
        byte[] blob = Blob(Payload, out ulong checksum);
        byte[] badMagic = (byte[])blob.Clone();
        badMagic[0] = (byte)'X';
        AssertNeo3001(() => WeightStore.Load(new ResourceAssembly(badMagic), Resource, Payload.Length * 4, checksum), "not a Neo weights blob");
        AssertNeo3001(() => WeightStore.Load(new ResourceAssembly(blob), Resource, Payload.Length * 4, checksum + 1), "different build");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DamagedPayloadIsNeo3001(bool mapped)
    {
        byte[] blob = Blob(Payload, out ulong checksum);
        blob[WeightStore.HeaderSize + 37] ^= 0x10; // The header still matches; the numbers do not.
        AssertNeo3001(() => WeightStore.Load(new ResourceAssembly(blob, mapped), Resource, Payload.Length * 4, checksum), "damaged");
    }

    [Fact]
    public void MappedResourceIsUsedInPlace()
    {
        byte[] blob = Blob(Payload, out ulong checksum);
        var assembly = new ResourceAssembly(blob, mapped: true);
        WeightStore store = WeightStore.Load(assembly, Resource, Payload.Length * 4, checksum);
        Assert.Equal(Payload, store.F32(0, Payload.Length).ToArray());
    }

    [Fact]
    public void ViewsOutsideTheBlobAreNeo3002()
    {
        byte[] blob = Blob(Payload, out ulong checksum);
        WeightStore store = WeightStore.Load(new ResourceAssembly(blob), Resource, Payload.Length * 4, checksum);
        var e = Assert.Throws<NeoRuntimeException>(() => store.F32(64, Payload.Length).ToArray());
        Assert.Equal("NEO3002", e.Code);
        e = Assert.Throws<NeoRuntimeException>(() => store.F32(-4, 1).ToArray());
        Assert.Equal("NEO3002", e.Code);
        e = Assert.Throws<NeoRuntimeException>(() => store.F64(0, int.MaxValue).ToArray());
        Assert.Equal("NEO3002", e.Code);
    }

    [Fact]
    public void ManyThreadsLoadingAtOnceAllGetTheSameWeights()
    {
        byte[] blob = Blob(Payload, out ulong checksum);
        var assembly = new ResourceAssembly(blob);
        float[][] seen = new float[32][];
        Parallel.For(0, seen.Length, new ParallelOptions { MaxDegreeOfParallelism = 16 }, i =>
            seen[i] = WeightStore.Load(assembly, Resource, Payload.Length * 4, checksum).F32(0, Payload.Length).ToArray());
        Assert.All(seen, s => Assert.Equal(Payload, s));
    }

    private static void AssertNeo3001(Func<WeightStore> load, string why)
    {
        var e = Assert.Throws<NeoRuntimeException>(() => load());
        Assert.Equal("NEO3001", e.Code);
        Assert.StartsWith("NEO3001: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(Resource, e.Message, StringComparison.Ordinal);
        Assert.Contains(why, e.Message, StringComparison.Ordinal);
        Assert.Contains("Rebuild", e.Message, StringComparison.Ordinal);
    }

    /// <summary>An assembly whose one resource is the given bytes, as a plain stream or as mapped, aligned memory (like a loaded image).</summary>
    private sealed class ResourceAssembly : Assembly
    {
        private readonly byte[]? _blob;
        private readonly bool _mapped;

        public ResourceAssembly(byte[]? blob, bool mapped = false)
        {
            _blob = blob;
            _mapped = mapped;
        }

        public override AssemblyName GetName() => new("Tests.Model");

        public override Stream? GetManifestResourceStream(string name)
        {
            if (_blob is null || name != Resource)
            {
                return null;
            }

            if (!_mapped)
            {
                return new MemoryStream(_blob, writable: false);
            }

            // Native memory on a 64-byte boundary, so the payload after the 64-byte header is aligned,
            // as WeightStore requires for in-place use. Freed with the process: tests make a handful.
            nint block = (nint)NativeMemory.AlignedAlloc((nuint)(_blob.Length + 128), 64);
            byte* start = (byte*)block + 64;
            _blob.CopyTo(new Span<byte>(start, _blob.Length));
            return new UnmanagedMemoryStream(start, _blob.Length);
        }
    }
}
