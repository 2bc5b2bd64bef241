using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Onnx.Proto;
using Neo.Compiler.Operators;
using Neo.Compiler.Options;
using Neo.Runtime;

namespace Neo.Tests.Infrastructure;

/// <summary>One hostile or broken model, and what Neo must do with it.</summary>
public sealed class HostileCase
{
    /// <summary>What kind of hostility: bytes, values, tensor data, graph, opsets, nesting, empty tensors, external data, names, scale, metadata.</summary>
    public required string Category { get; init; }

    public required string Name { get; init; }

    /// <summary>Stands for "any coded error (not NEO1300) that names <see cref="Mentions"/>".</summary>
    public const string AnyCode = "*";

    /// <summary>The code the build must fail with (or <see cref="AnyCode"/>); null when the model is valid and must build and run correctly.</summary>
    public string? Code { get; init; }

    /// <summary>A code the build may fail with instead of <see cref="Code"/> (protobuf decides which of two applies).</summary>
    public string? OrCode { get; init; }

    /// <summary>What the diagnostic with <see cref="Code"/> must name: the node, tensor, attribute or input at fault.</summary>
    public string[] Mentions { get; init; } = Array.Empty<string>();

    /// <summary>Other codes the same build must report too (a model with several problems reports them all at once).</summary>
    public string[] AlsoCodes { get; init; } = Array.Empty<string>();

    /// <summary>Writes the files the case needs into a fresh folder and returns the compile request.</summary>
    public required Func<string, CompileRequest> Prepare { get; init; }

    /// <summary>For a valid model: runs the built model and checks its outputs (throws when they are wrong).</summary>
    public Action<INeoModel>? Check { get; init; }

    /// <summary>Whether the case needs symbolic links or FIFOs (Unix only).</summary>
    public bool NeedsUnix { get; init; }

    public override string ToString() => Category + "/" + Name;
}

/// <summary>
/// A held-out-style corpus of hostile and broken ONNX models, built in code (with <see cref="OnnxBuilder"/>
/// or raw protobuf bytes) so the suite needs no binary fixtures. Each category covers one way a model file
/// from outside can try to crash, hang or exhaust the build, read files it should not, or make the
/// generated code do something the model did not say.
/// </summary>
public static class HostileModels
{
    /// <summary>The input every small case reads: 2x3 float32.</summary>
    public static readonly float[] X = { -1, 2, -3, 4, -5, 6 };

    private static readonly Lazy<IReadOnlyList<HostileCase>> Cases = new(Build);

    public static IReadOnlyList<HostileCase> All => Cases.Value;

    public static HostileCase Get(string id) => All.Single(c => c.ToString() == id);

    private static IReadOnlyList<HostileCase> Build()
    {
        var cases = new List<HostileCase>();
        Bytes(cases);
        ImpossibleValues(cases);
        TensorData(cases);
        GraphStructure(cases);
        Opsets(cases);
        Nesting(cases);
        ZeroSized(cases);
        ExternalData(cases);
        Names(cases);
        Scale(cases);
        Metadata(cases);
        return cases;
    }

    // ---- Bytes that are not a model ------------------------------------------------------------------

    private static void Bytes(List<HostileCase> cases)
    {
        byte[] lenet = File.ReadAllBytes(Path.Combine(TestPaths.SharedModels, "lenet_mnist", "model.onnx"));
        cases.Add(Raw("bytes", "empty-file", Array.Empty<byte>(), DiagnosticCodes.NoGraph));
        cases.Add(Raw("bytes", "truncated-half", lenet[..(lenet.Length / 2)], DiagnosticCodes.MalformedModel));
        cases.Add(Raw("bytes", "truncated-one-byte", lenet[..^1], DiagnosticCodes.MalformedModel));
        var random = new byte[4096];
        new Random(8).NextBytes(random);
        random[0] = 0xff; // wire type 7 does not exist: never a valid protobuf
        cases.Add(Raw("bytes", "random-bytes", random, DiagnosticCodes.MalformedModel));
        cases.Add(Raw("bytes", "text-file", "<html><body>404 Not Found</body></html>"u8.ToArray(), DiagnosticCodes.MalformedModel, DiagnosticCodes.NoGraph));

        // A serialized TensorProto (a test-data .pb) is valid protobuf but not a model.
        var tensor = new TensorProto { Name = "t", DataType = 1, RawData = ByteString.CopyFrom(new byte[16]) };
        tensor.Dims.Add(4);
        cases.Add(Raw("bytes", "tensor-pb-not-a-model", tensor.ToByteArray(), DiagnosticCodes.MalformedModel, DiagnosticCodes.NoGraph));

        // field 7 (graph), length-delimited, claiming 2 GiB with 3 bytes behind it.
        cases.Add(Raw("bytes", "huge-length-prefix", new byte[] { 0x3a, 0xff, 0xff, 0xff, 0xff, 0x07, 1, 2, 3 }, DiagnosticCodes.MalformedModel));

        // field 1 (ir_version) with an 11-byte varint.
        cases.Add(Raw("bytes", "overlong-varint", new byte[] { 0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01 }, DiagnosticCodes.MalformedModel));

        // A packed float field claiming more floats than the message holds.
        cases.Add(Raw("bytes", "packed-field-overrun", PackedOverrun(), DiagnosticCodes.MalformedModel));

        // Graphs nested through If attributes past Google.Protobuf's recursion limit (100 messages).
        cases.Add(Raw("bytes", "nesting-past-protobuf-limit", NestedIfs(40).ToBytes(), DiagnosticCodes.MalformedModel));
    }

    private static byte[] PackedOverrun()
    {
        // GraphProto(7) { initializer(5) { float_data(4) packed length 1000 with 8 bytes } }
        var tensor = new List<byte> { 0x22, 0xe8, 0x07 };
        tensor.AddRange(new byte[8]);
        var init = new List<byte> { 0x2a, (byte)tensor.Count };
        init.AddRange(tensor);
        var graph = new List<byte> { 0x3a, (byte)init.Count };
        graph.AddRange(init);
        return graph.ToArray();
    }

    // ---- Protobuf fields with impossible values -----------------------------------------------------

    private static void ImpossibleValues(List<HostileCase> cases)
    {
        cases.Add(Model("values", "negative-input-dim", b => b.Input("x", DataType.Float32, 2, -5).Node("Relu", new[] { "x" }, new[] { "y" }).Output("y", DataType.Float32, 2, 3), DiagnosticCodes.TensorTooLarge, "'x'"));
        cases.Add(Model("values", "huge-input-dim", b => b.Input("x", DataType.Float32, 1L << 40).Node("Relu", new[] { "x" }, new[] { "y" }).Output("y", DataType.Float32, 2, 3), DiagnosticCodes.TensorTooLarge, "'x'"));
        cases.Add(Model("values", "input-dims-product-overflows", b => b.Input("x", DataType.Float32, 1 << 20, 1 << 20, 1 << 20).Node("Relu", new[] { "x" }, new[] { "y" }).Output("y", DataType.Float32, 2, 3), DiagnosticCodes.TensorTooLarge, "'x'"));
        cases.Add(Model("values", "input-dims-exceed-memory", b => b.Input("x", DataType.Float32, 16384, 16384).Node("Relu", new[] { "x" }, new[] { "y" }).Output("y", DataType.Float32, 16384, 16384), DiagnosticCodes.TensorTooLarge, "'x'"));

        // The dims promise a gigabyte; the file holds four bytes. Nothing large may be allocated.
        cases.Add(Model("values", "initializer-dims-memory-bomb", b => Relu(b).Tensor(RawTensor("W", DataType.Float32, new[] { OnnxTensorsMax }, new byte[4])), DiagnosticCodes.InvalidTensorData, "'W'"));
        cases.Add(Model("values", "initializer-dims-overflow", b => Relu(b).Tensor(RawTensor("W", DataType.Float32, new[] { 1L << 31, 1L << 31 }, new byte[4])), DiagnosticCodes.TensorTooLarge, "'W'"));
        cases.Add(Model("values", "initializer-negative-dim", b => Relu(b).Tensor(RawTensor("W", DataType.Float32, new[] { -1L }, new byte[4])), DiagnosticCodes.TensorTooLarge, "'W'"));
        cases.Add(Model("values", "unknown-data-type", b => Relu(b).Tensor(RawTensor("W", (DataType)999, new[] { 1L }, new byte[4])), DiagnosticCodes.UnsupportedElementType, "'W'"));
        cases.Add(Model("values", "string-initializer", b => Relu(b).Tensor(new TensorProto { Name = "W", DataType = (int)DataType.String }), DiagnosticCodes.UnsupportedElementType, "'W'"));
        cases.Add(Model("values", "input-unknown-element-type", b => b.Input("x", (DataType)77, 2, 3).Node("Relu", new[] { "x" }, new[] { "y" }).Output("y", DataType.Float32, 2, 3), DiagnosticCodes.UnsupportedElementType, "'x'"));

        cases.Add(Model("values", "attribute-of-wrong-type", b => b.Input("x", DataType.Float32, 2, 3).Node("Softmax", new[] { "x" }, new[] { "y" }, "soft", ("axis", 1.5f)).Output("y", DataType.Float32, 2, 3), DiagnosticCodes.InvalidNode, "'soft'", "'axis'"));
        cases.Add(Model("values", "huge-attribute-list", b => Conv(b, ("pads", Enumerable.Repeat(1L, 1_000_000).ToArray())), DiagnosticCodes.InvalidNode, "'conv'"));
        cases.Add(Model("values", "group-overflows-int", b => Conv(b, ("group", 1L << 40)), null, "'conv'"));
        cases.Add(Model("values", "pads-overflow-int", b => Conv(b, ("pads", new[] { 1L << 40, 1L << 40, 0L, 0L })), null, "'conv'"));
        cases.Add(Model("values", "strides-zero", b => b.Input("x", DataType.Float32, 1, 1, 4, 4).Node("MaxPool", new[] { "x" }, new[] { "y" }, "pool", ("kernel_shape", new long[] { 2, 2 }), ("strides", new long[] { 0, 0 })).Output("y", DataType.Float32, 1, 1, 2, 2), DiagnosticCodes.InvalidNode, "'pool'"));
        cases.Add(Model("values", "kernel-larger-than-int", b => b.Input("x", DataType.Float32, 1, 1, 4, 4).Node("MaxPool", new[] { "x" }, new[] { "y" }, "pool", ("kernel_shape", new long[] { 1L << 33, 2 })).Output("y", DataType.Float32, 1, 1, 2, 2), null, "'pool'"));
        cases.Add(Model("values", "cast-to-unknown-type", b => b.Input("x", DataType.Float32, 2, 3).Node("Cast", new[] { "x" }, new[] { "y" }, "cast", ("to", 999L)).Output("y", DataType.Float32, 2, 3), DiagnosticCodes.UnsupportedElementType, "'cast'"));
        cases.Add(Model("values", "cast-to-type-past-int", b => b.Input("x", DataType.Float32, 2, 3).Node("Cast", new[] { "x" }, new[] { "y" }, "cast", ("to", (1L << 32) + 1)).Output("y", DataType.Float32, 2, 3), DiagnosticCodes.UnsupportedElementType, "'cast'"));
        cases.Add(Model("values", "reshape-to-wrong-size", b => b.Input("x", DataType.Float32, 2, 3).Initializer("shape", new[] { 1 }, new long[] { 7 }).Node("Reshape", new[] { "x", "shape" }, new[] { "y" }, "reshape").Output("y", DataType.Float32, 7), DiagnosticCodes.ShapeMismatch, "'reshape'"));
        cases.Add(Model("values", "reshape-to-huge-dims", b => b.Input("x", DataType.Float32, 2, 3).Initializer("shape", new[] { 2 }, new long[] { 1L << 40, 0 }).Node("Reshape", new[] { "x", "shape" }, new[] { "y" }, "reshape").Output("y", DataType.Float32, 6), null, "'reshape'"));
        cases.Add(Model("values", "gather-index-out-of-range", b => b.Input("x", DataType.Float32, 2, 3).Initializer("i", new[] { 1 }, new long[] { 100 }).Node("Gather", new[] { "x", "i" }, new[] { "y" }, "gather").Output("y", DataType.Float32, 1, 3), DiagnosticCodes.InvalidNode, "'gather'"));
        cases.Add(Model("values", "concat-axis-huge", b => b.Input("x", DataType.Float32, 2, 3).Node("Concat", new[] { "x", "x" }, new[] { "y" }, "concat", ("axis", 1L << 40)).Output("y", DataType.Float32, 4, 3), DiagnosticCodes.InvalidNode, "'concat'"));
        // Two 1 GB intermediates live at once (matrix products fuse with nothing that would remove them).
        cases.Add(Model("values", "arena-exceeds-memory", b => b.Input("x", DataType.Float32, 16000, 16000)
            .Node("MatMul", new[] { "x", "x" }, new[] { "a" }, "square").Node("MatMul", new[] { "a", "x" }, new[] { "b" }, "cube").Node("MatMul", new[] { "b", "a" }, new[] { "y" }, "fifth")
            .Output("y", DataType.Float32, 16000, 16000), DiagnosticCodes.TensorTooLarge, "working memory"));
    }

    private const long OnnxTensorsMax = Neo.Compiler.Onnx.OnnxTensors.MaxElements;

    // ---- Tensor data that disagrees with its dims ---------------------------------------------------

    private static void TensorData(List<HostileCase> cases)
    {
        cases.Add(Model("tensor-data", "raw-data-shorter", b => AddW(b, RawTensor("W", DataType.Float32, new[] { 2L, 3 }, new byte[20])), DiagnosticCodes.InvalidTensorData, "'W'"));
        cases.Add(Model("tensor-data", "raw-data-longer", b => AddW(b, RawTensor("W", DataType.Float32, new[] { 2L, 3 }, new byte[28])), DiagnosticCodes.InvalidTensorData, "'W'"));
        cases.Add(Model("tensor-data", "float-data-shorter", b => AddW(b, FloatTensor("W", new[] { 2L, 3 }, 1, 2, 3)), DiagnosticCodes.InvalidTensorData, "'W'"));
        cases.Add(Model("tensor-data", "int64-data-longer", b => b.Input("x", DataType.Float32, 2, 3).Tensor(LongTensor("shape", new[] { 1L }, 6, 7)).Node("Reshape", new[] { "x", "shape" }, new[] { "y" }).Output("y", DataType.Float32, 6), DiagnosticCodes.InvalidTensorData, "'shape'"));
        cases.Add(Model("tensor-data", "int32-data-for-int8-shorter", b => Relu(b).Tensor(new TensorProto { Name = "W", DataType = (int)DataType.Int8, Dims = { 4 }, Int32Data = { 1 } }), DiagnosticCodes.InvalidTensorData, "'W'"));
        cases.Add(Model("tensor-data", "constant-node-short-raw-data", b => b.Input("x", DataType.Float32, 2, 3)
            .Edit(m => m.Graph.Node.Add(new NodeProto { OpType = "Constant", Name = "const", Output = { "c" }, Attribute = { new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = RawTensor("c", DataType.Float32, new[] { 2L, 3 }, new byte[7]) } } }))
            .Node("Add", new[] { "x", "c" }, new[] { "y" }).Output("y", DataType.Float32, 2, 3), DiagnosticCodes.InvalidTensorData, "'c'"));
        cases.Add(Model("tensor-data", "sparse-initializer-huge-dense-form", b => Relu(b).Edit(m => m.Graph.SparseInitializer.Add(new SparseTensorProto
        {
            Dims = { 1L << 27 },
            Values = FloatTensor("S", new[] { 1L }, 1f),
            Indices = LongTensor("S_indices", new[] { 1L }, 5),
        })), DiagnosticCodes.TensorTooLarge, "'S'"));
    }

    // ---- Graphs that are not graphs -----------------------------------------------------------------

    private static void GraphStructure(List<HostileCase> cases)
    {
        cases.Add(Model("graph", "cycle", b => b.Input("x", DataType.Float32, 2, 3)
            .Node("Add", new[] { "x", "b" }, new[] { "a" }, "first").Node("Relu", new[] { "a" }, new[] { "b" }, "second")
            .Output("b", DataType.Float32, 2, 3), DiagnosticCodes.GraphCycle, "cycle"));
        cases.Add(Model("graph", "self-loop", b => b.Input("x", DataType.Float32, 2, 3).Node("Add", new[] { "x", "y" }, new[] { "y" }, "loop").Output("y", DataType.Float32, 2, 3), DiagnosticCodes.GraphCycle, "'loop'"));
        cases.Add(Model("graph", "tensor-never-defined", b => b.Input("x", DataType.Float32, 2, 3).Node("Add", new[] { "x", "ghost" }, new[] { "y" }, "adder").Output("y", DataType.Float32, 2, 3), DiagnosticCodes.UndefinedTensor, "'ghost'", "'adder'"));
        cases.Add(Model("graph", "output-never-defined", b => Relu(b).Output("nowhere", DataType.Float32, 2, 3), DiagnosticCodes.UndefinedTensor, "'nowhere'"));
        cases.Add(Model("graph", "two-producers", b => b.Input("x", DataType.Float32, 2, 3).Node("Relu", new[] { "x" }, new[] { "y" }).Node("Tanh", new[] { "x" }, new[] { "y" }, "second").Output("y", DataType.Float32, 2, 3), DiagnosticCodes.DuplicateName, "'y'", "'second'"));
        cases.Add(Model("graph", "duplicate-initializer", b => Relu(b).Initializer("W", new[] { 1 }, new[] { 1f }).Initializer("W", new[] { 1 }, new[] { 2f }), DiagnosticCodes.DuplicateName, "'W'"));
        cases.Add(Model("graph", "duplicate-input", b => b.Input("x", DataType.Float32, 2, 3).Input("x", DataType.Float32, 2, 3).Node("Relu", new[] { "x" }, new[] { "y" }).Output("y", DataType.Float32, 2, 3), DiagnosticCodes.DuplicateName, "'x'"));
        cases.Add(Model("graph", "node-overwrites-input", b => b.Input("x", DataType.Float32, 2, 3).Node("Relu", new[] { "x" }, new[] { "x" }, "clobber").Output("x", DataType.Float32, 2, 3), DiagnosticCodes.DuplicateName, "'x'", "'clobber'"));
        cases.Add(Model("graph", "no-outputs", b => b.Input("x", DataType.Float32, 2, 3).Node("Relu", new[] { "x" }, new[] { "y" }), DiagnosticCodes.InvalidGraph, "no outputs"));
        cases.Add(Model("graph", "no-graph", b => b.Edit(m => m.Graph = null), DiagnosticCodes.NoGraph));
        cases.Add(Model("graph", "extra-node-output", b => b.Input("x", DataType.Float32, 2, 3).Node("Relu", new[] { "x" }, new[] { "y", "y2" }, "relu").Output("y", DataType.Float32, 2, 3), DiagnosticCodes.InvalidNode, "'relu'", "'y2'"));
        cases.Add(Model("graph", "missing-required-input", b => b.Input("x", DataType.Float32, 1, 1, 4, 4).Node("Conv", new[] { "x" }, new[] { "y" }, "conv").Output("y", DataType.Float32, 1, 1, 4, 4), DiagnosticCodes.InvalidNode, "'conv'"));
        cases.Add(Model("graph", "unsupported-operator", b => b.Input("x", DataType.Float32, 2, 3).Node("FancyOp", new[] { "x" }, new[] { "y" }, "fancy").Output("y", DataType.Float32, 2, 3), DiagnosticCodes.UnsupportedOperator, "'fancy'", "FancyOp"));
        cases.Add(Model("graph", "custom-domain-operator", b => b.Input("x", DataType.Float32, 2, 3).Node("Relu", new[] { "x" }, new[] { "y" }, "custom")
            .Edit(m => { m.Graph.Node[0].Domain = "com.evil"; m.OpsetImport.Add(new OperatorSetIdProto { Domain = "com.evil", Version = 1 }); }).Output("y", DataType.Float32, 2, 3), DiagnosticCodes.UnsupportedOperator, "'custom'", "com.evil"));
        cases.Add(Model("graph", "declared-output-type-wrong", b => b.Input("x", DataType.Float32, 2, 3).Node("Relu", new[] { "x" }, new[] { "y" }).Output("y", DataType.Int64, 2, 3), DiagnosticCodes.ShapeMismatch, "'y'", "int64"));
        cases.Add(new HostileCase
        {
            Category = "graph",
            Name = "every-problem-at-once",
            Code = DiagnosticCodes.UnsupportedOperator,
            Mentions = new[] { "'fancy'" },
            AlsoCodes = new[] { DiagnosticCodes.UndefinedTensor, DiagnosticCodes.InvalidTensorData },
            Prepare = dir => Request(dir, new OnnxBuilder().Input("x", DataType.Float32, 2, 3)
                .Tensor(RawTensor("W", DataType.Float32, new[] { 2L, 3 }, new byte[3]))
                .Node("FancyOp", new[] { "x" }, new[] { "f" }, "fancy").Node("Add", new[] { "f", "ghost" }, new[] { "y" }).Output("y", DataType.Float32, 2, 3)),
        });

        // Valid but unusual graphs: they must build and compute what they say.
        cases.Add(Valid("graph", "duplicate-node-names", b => b.Input("x", DataType.Float32, 2, 3).Node("Relu", new[] { "x" }, new[] { "a" }, "n").Node("Neg", new[] { "a" }, new[] { "y" }, "n").Output("y", DataType.Float32, 2, 3),
            m => Expect(Run(m, X)[0], X.Select(v => -Math.Max(v, 0f)))));
        cases.Add(Valid("graph", "nodes-out-of-order", b => b.Input("x", DataType.Float32, 2, 3).Node("Neg", new[] { "a" }, new[] { "y" }).Node("Relu", new[] { "x" }, new[] { "a" }).Output("y", DataType.Float32, 2, 3),
            m => Expect(Run(m, X)[0], X.Select(v => -Math.Max(v, 0f)))));
        cases.Add(Valid("graph", "output-is-input", b => b.Input("x", DataType.Float32, 2, 3).Output("x", DataType.Float32, 2, 3), m => Expect(Run(m, X)[0], X)));
        cases.Add(Valid("graph", "output-is-initializer", b => b.Input("x", DataType.Float32, 2, 3).Initializer("W", new[] { 2 }, new[] { 7f, 8f }).Node("Relu", new[] { "x" }, new[] { "y" }).Output("y", DataType.Float32, 2, 3).Output("W", DataType.Float32, 2),
            m => { float[][] r = Run(m, X); Expect(r[0], X.Select(v => Math.Max(v, 0f))); Expect(r[1], new[] { 7f, 8f }); }));
        cases.Add(Valid("graph", "output-listed-twice", b => Relu(b).Output("y", DataType.Float32, 2, 3),
            m => { float[][] r = Run(m, X); Expect(r[0], X.Select(v => Math.Max(v, 0f))); Expect(r[1], X.Select(v => Math.Max(v, 0f))); }));
        cases.Add(Valid("graph", "dead-node-without-outputs", b => Relu(b).Node("Tanh", new[] { "x" }, Array.Empty<string>(), "dead"),
            m => Expect(Run(m, X)[0], X.Select(v => Math.Max(v, 0f)))));
        cases.Add(Valid("graph", "unused-broken-free-initializers", b =>
        {
            Relu(b);
            for (int i = 0; i < 2000; i++)
            {
                b.Initializer("unused" + i, new[] { 1 }, new[] { (float)i });
            }

            return b;
        }, m => Expect(Run(m, X)[0], X.Select(v => Math.Max(v, 0f)))));
    }

    // ---- Opsets ---------------------------------------------------------------------------------------

    private static void Opsets(List<HostileCase> cases)
    {
        cases.Add(Model("opsets", "opset-from-the-future", b => Relu(new OnnxBuilder(opset: 99)), DiagnosticCodes.UnsupportedOpset, "99"));
        cases.Add(Model("opsets", "opset-negative", b => Relu(new OnnxBuilder(opset: -3)), DiagnosticCodes.UnsupportedOpset, "-3"));
        cases.Add(Model("opsets", "opset-past-int", b => Relu(new OnnxBuilder(opset: 1)).Edit(m => m.OpsetImport[0].Version = 1L << 40), DiagnosticCodes.UnsupportedOpset));
        cases.Add(Model("opsets", "ml-opset-from-the-future", b => Relu(b).Edit(m => m.OpsetImport.Add(new OperatorSetIdProto { Domain = "ai.onnx.ml", Version = 99 })), DiagnosticCodes.UnsupportedOpset, "ai.onnx.ml"));
        cases.Add(Model("opsets", "no-opset-for-the-nodes-domain", b => Relu(b).Edit(m => { m.OpsetImport.Clear(); m.OpsetImport.Add(new OperatorSetIdProto { Domain = "ai.onnx.ml", Version = 3 }); }), DiagnosticCodes.UnsupportedOpset, "Relu"));
    }

    // ---- Deep nesting ---------------------------------------------------------------------------------

    private static void Nesting(List<HostileCase> cases)
    {
        // 25 levels of If, within the protobuf limit. Where Neo compiles If (a constant condition picks the
        // branch) it must compute Relu(x); where it does not, it must say so with a code.
        bool ifSupported = OperatorRegistry.Default.Find("", "If") is not null;
        cases.Add(new HostileCase
        {
            Category = "nesting",
            Name = "if-nested-25-deep",
            Code = ifSupported ? null : DiagnosticCodes.UnsupportedOperator,
            Mentions = ifSupported ? Array.Empty<string>() : new[] { "If" },
            Prepare = dir => Request(dir, NestedIfs(25)),
            Check = m => Expect(Run(m, X)[0], X.Select(v => Math.Max(v, 0f))),
        });
    }

    /// <summary>
    /// <paramref name="depth"/> nested If nodes, each with a constant true condition; the innermost
    /// then-branch computes Relu of the outer graph's input x.
    /// </summary>
    private static OnnxBuilder NestedIfs(int depth)
    {
        var b = new OnnxBuilder().Input("x", DataType.Float32, 2, 3);
        b.Edit(m =>
        {
            var cond = new TensorProto { Name = "cond", DataType = (int)DataType.Bool, Int32Data = { 1 } };
            m.Graph.Initializer.Add(cond);
            GraphProto inner = Branch("y0", new NodeProto { OpType = "Relu", Input = { "x" }, Output = { "y0" } });
            for (int level = 1; level < depth; level++)
            {
                inner = Branch("y" + level, IfNode("if" + level, "y" + level, inner, Branch("e" + level, new NodeProto { OpType = "Neg", Input = { "x" }, Output = { "e" + level } })));
            }

            m.Graph.Node.Add(IfNode("if0", "y", inner, Branch("e", new NodeProto { OpType = "Neg", Input = { "x" }, Output = { "e" } })));
        });
        return b.Output("y", DataType.Float32, 2, 3);

        static GraphProto Branch(string output, NodeProto node)
        {
            var g = new GraphProto { Name = "branch_" + output, Node = { node } };
            g.Output.Add(new ValueInfoProto { Name = output, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)DataType.Float32 } } });
            return g;
        }

        static NodeProto IfNode(string name, string output, GraphProto then, GraphProto otherwise) => new()
        {
            OpType = "If",
            Name = name,
            Input = { "cond" },
            Output = { output },
            Attribute =
            {
                new AttributeProto { Name = "then_branch", Type = AttributeProto.Types.AttributeType.Graph, G = then },
                new AttributeProto { Name = "else_branch", Type = AttributeProto.Types.AttributeType.Graph, G = otherwise },
            },
        };
    }

    // ---- Tensors with no elements ---------------------------------------------------------------------

    private static void ZeroSized(List<HostileCase> cases)
    {
        cases.Add(Valid("zero-sized", "empty-input-and-output", b => b.Input("x", DataType.Float32, 0, 3).Node("Relu", new[] { "x" }, new[] { "y" }).Output("y", DataType.Float32, 0, 3),
            m => Expect(Run(m, Array.Empty<float>())[0], Array.Empty<float>())));
        cases.Add(Valid("zero-sized", "concat-with-empty-initializer", b => b.Input("x", DataType.Float32, 2, 3).Tensor(RawTensor("empty", DataType.Float32, new[] { 0L, 3 }, Array.Empty<byte>()))
            .Node("Concat", new[] { "empty", "x", "empty" }, new[] { "y" }, null, ("axis", 0L)).Output("y", DataType.Float32, 2, 3),
            m => Expect(Run(m, X)[0], X)));
        cases.Add(Valid("zero-sized", "empty-initializer-unused", b => Relu(b).Tensor(RawTensor("nothing", DataType.Float32, new[] { 0L }, Array.Empty<byte>())),
            m => Expect(Run(m, X)[0], X.Select(v => Math.Max(v, 0f)))));
    }

    // ---- External data --------------------------------------------------------------------------------

    private static void ExternalData(List<HostileCase> cases)
    {
        float[] w = { 1, 10, 100, 1000, 10000, 100000 };
        byte[] wBytes = MemoryMarshal.AsBytes(w.AsSpan()).ToArray();

        cases.Add(External("absolute-path", dir => ("/etc/passwd", null), DiagnosticCodes.InvalidExternalData, "absolute"));
        cases.Add(External("parent-folder", dir => ("../secret.bin", null), DiagnosticCodes.InvalidExternalData, "leads out"));
        cases.Add(External("parent-folder-hidden-in-path", dir => ("data/../../secret.bin", null), DiagnosticCodes.InvalidExternalData, "leads out"));
        cases.Add(External("backslash-parent", dir => ("..\\secret.bin", null), DiagnosticCodes.InvalidExternalData, "leads out"));
        cases.Add(External("windows-drive", dir => ("C:\\secret.bin", null), DiagnosticCodes.InvalidExternalData, "absolute"));
        cases.Add(External("nul-in-location", dir => ("w.bin\0.txt", null), DiagnosticCodes.InvalidExternalData, "NUL"));
        cases.Add(External("missing-file", dir => ("nothere.bin", null), DiagnosticCodes.InvalidExternalData, "does not exist"));
        cases.Add(External("location-is-folder", dir =>
        {
            Directory.CreateDirectory(Path.Combine(dir, "sub"));
            return ("sub", null);
        }, DiagnosticCodes.InvalidExternalData, "folder"));
        cases.Add(External("offset-past-end", dir => Write(dir, "w.bin", wBytes, ("offset", "4096")), DiagnosticCodes.InvalidExternalData, "beyond"));
        cases.Add(External("offset-near-long-max", dir => Write(dir, "w.bin", wBytes, ("offset", long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture))), DiagnosticCodes.InvalidExternalData, "beyond"));
        cases.Add(External("offset-negative", dir => Write(dir, "w.bin", wBytes, ("offset", "-8")), DiagnosticCodes.InvalidExternalData, "offset"));
        cases.Add(External("length-disagrees", dir => Write(dir, "w.bin", wBytes, ("length", "8")), DiagnosticCodes.InvalidExternalData, "length"));
        cases.Add(External("file-too-short", dir => Write(dir, "w.bin", wBytes[..12]), DiagnosticCodes.InvalidExternalData, "beyond"));
        cases.Add(new HostileCase
        {
            Category = "external-data",
            Name = "same-bytes-read-twice",
            Code = DiagnosticCodes.InvalidExternalData,
            Mentions = new[] { "overlap" },
            Prepare = dir =>
            {
                File.WriteAllBytes(Path.Combine(dir, "w.bin"), wBytes);
                var b = new OnnxBuilder().Input("x", DataType.Float32, 2, 3)
                    .Tensor(ExternalTensor("W", "w.bin")).Tensor(ExternalTensor("V", "w.bin"))
                    .Node("Mul", new[] { "x", "W" }, new[] { "a" }).Node("Add", new[] { "a", "V" }, new[] { "y" }).Output("y", DataType.Float32, 2, 3);
                return FileRequest(dir, b);
            },
        });
        cases.Add(new HostileCase
        {
            Category = "external-data",
            Name = "model-given-as-bytes",
            Code = DiagnosticCodes.InvalidExternalData,
            Mentions = new[] { "'W'" },
            Prepare = dir =>
            {
                File.WriteAllBytes(Path.Combine(dir, "w.bin"), wBytes);
                return Request(dir, ExternalModel("w.bin"));
            },
        });
        cases.Add(External("symlink-to-file-outside", dir =>
        {
            string outside = Path.Combine(Path.GetDirectoryName(dir)!, Path.GetFileName(dir) + "-secret.bin");
            File.WriteAllBytes(outside, wBytes);
            File.CreateSymbolicLink(Path.Combine(dir, "w.bin"), outside);
            return ("w.bin", null);
        }, DiagnosticCodes.InvalidExternalData, "link", unix: true));
        cases.Add(External("symlinked-folder-outside", dir =>
        {
            string outside = Path.Combine(Path.GetDirectoryName(dir)!, Path.GetFileName(dir) + "-secrets");
            Directory.CreateDirectory(outside);
            File.WriteAllBytes(Path.Combine(outside, "w.bin"), wBytes);
            Directory.CreateSymbolicLink(Path.Combine(dir, "data"), outside);
            return ("data/w.bin", null);
        }, DiagnosticCodes.InvalidExternalData, "link", unix: true));
        cases.Add(External("symlink-to-device", dir =>
        {
            File.CreateSymbolicLink(Path.Combine(dir, "w.bin"), "/dev/zero");
            return ("w.bin", null);
        }, DiagnosticCodes.InvalidExternalData, "link", unix: true));
        cases.Add(External("fifo-does-not-block", dir =>
        {
            MakeFifo(Path.Combine(dir, "w.bin"));
            return ("w.bin", null);
        }, DiagnosticCodes.InvalidExternalData, "w.bin", unix: true));

        // Valid external data, plain and through a link that stays inside the folder.
        Action<INeoModel> check = m => Expect(Run(m, X)[0], X.Select((v, i) => v * w[i]));
        cases.Add(new HostileCase
        {
            Category = "external-data",
            Name = "valid-with-offset",
            Prepare = dir =>
            {
                byte[] padded = new byte[64 + wBytes.Length];
                wBytes.CopyTo(padded, 64);
                File.WriteAllBytes(Path.Combine(dir, "w.bin"), padded);
                return FileRequest(dir, ExternalModel("w.bin", ("offset", "64"), ("length", "24")));
            },
            Check = check,
        });
        cases.Add(new HostileCase
        {
            Category = "external-data",
            Name = "valid-link-inside-folder",
            NeedsUnix = true,
            Prepare = dir =>
            {
                Directory.CreateDirectory(Path.Combine(dir, "real"));
                File.WriteAllBytes(Path.Combine(dir, "real", "w.bin"), wBytes);
                File.CreateSymbolicLink(Path.Combine(dir, "w.bin"), Path.Combine(dir, "real", "w.bin"));
                return FileRequest(dir, ExternalModel("w.bin"));
            },
            Check = check,
        });
    }

    private static HostileCase External(string name, Func<string, (string Location, (string, string)[]? Extra)> setup, string code, string mention, bool unix = false) => new()
    {
        Category = "external-data",
        Name = name,
        Code = code,
        Mentions = new[] { "'W'", mention },
        NeedsUnix = unix,
        Prepare = dir =>
        {
            (string location, (string, string)[]? extra) = setup(dir);
            return FileRequest(dir, ExternalModel(location, extra ?? Array.Empty<(string, string)>()));
        },
    };

    private static (string, (string, string)[]?) Write(string dir, string file, byte[] bytes, params (string, string)[] extra)
    {
        File.WriteAllBytes(Path.Combine(dir, file), bytes);
        return (file, extra);
    }

    private static OnnxBuilder ExternalModel(string location, params (string Key, string Value)[] extra) =>
        new OnnxBuilder().Input("x", DataType.Float32, 2, 3).Tensor(ExternalTensor("W", location, extra))
            .Node("Mul", new[] { "x", "W" }, new[] { "y" }).Output("y", DataType.Float32, 2, 3);

    private static TensorProto ExternalTensor(string name, string location, params (string Key, string Value)[] extra)
    {
        var t = new TensorProto { Name = name, DataType = (int)DataType.Float32, DataLocation = TensorProto.Types.DataLocation.External };
        t.Dims.AddRange(new long[] { 2, 3 });
        t.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = location });
        foreach ((string k, string v) in extra)
        {
            t.ExternalData.Add(new StringStringEntryProto { Key = k, Value = v });
        }

        return t;
    }

    private static void MakeFifo(string path)
    {
        using var p = Process.Start(new ProcessStartInfo("mkfifo", new[] { path }) { UseShellExecute = false })!;
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException("mkfifo failed");
        }
    }

    // ---- Names that try to reach the generated C# ------------------------------------------------------

    private static void Names(List<HostileCase> cases)
    {
        const string Injection = "x\"; System.Environment.Exit(1); //";
        cases.Add(Valid("names", "injection-in-every-name", b => b.Input(Injection, DataType.Float32, 2, 3)
            .Node("Relu", new[] { Injection }, new[] { "*/ #error" }, "\"); System.Environment.Exit(2); /*")
            .Node("Neg", new[] { "*/ #error" }, new[] { "y\n#error boom" }, "node\r\n#line 1 \"evil.cs\"")
            .Output("y\n#error boom", DataType.Float32, 2, 3)
            .Edit(m =>
            {
                m.DocString = "*/ } } class Evil { static void Main() { System.Environment.Exit(3); } } /*";
                m.Graph.Name = "\"; System.IO.File.Delete(\"x\"); //";
                m.Graph.DocString = "</summary><script>";
                m.ProducerName = "evil\n#error producer";
                m.ProducerVersion = "\u2028#error version";
                m.Graph.Node[0].DocString = "\n#error node doc";
            }),
            m => Expect(Run(m, X)[0], X.Select(v => -Math.Max(v, 0f)))));
        cases.Add(Valid("names", "keywords-digits-and-reserved-members", b => b.Input("class", DataType.Float32, 2, 3).Input("1st", DataType.Float32, 2, 3)
            .Input("Predict", DataType.Float32, 2, 3).Input("inputs", DataType.Float32, 2, 3)
            .Node("Add", new[] { "class", "1st" }, new[] { "a" }).Node("Add", new[] { "a", "Predict" }, new[] { "b" }).Node("Sub", new[] { "b", "inputs" }, new[] { "Outputs" })
            .Output("Outputs", DataType.Float32, 2, 3),
            m =>
            {
                float[] two = X.Select(v => 2 * v).ToArray(), three = X.Select(v => 3 * v).ToArray(), four = X.Select(v => 4 * v).ToArray();
                Expect(Run(m, X, two, three, four)[0], X.Select(v => v + (2 * v) + (3 * v) - (4 * v)));
            }));
        cases.Add(Valid("names", "names-that-sanitize-alike", b => b.Input("a-b", DataType.Float32, 2, 3).Input("a_b", DataType.Float32, 2, 3).Input("a b", DataType.Float32, 2, 3).Input("aB", DataType.Float32, 2, 3)
            .Node("Sub", new[] { "a-b", "a_b" }, new[] { "s1" }).Node("Sub", new[] { "a b", "aB" }, new[] { "s2" }).Node("Mul", new[] { "s1", "s2" }, new[] { "A.B" })
            .Output("A.B", DataType.Float32, 2, 3),
            m =>
            {
                float[] b1 = { 1, 1, 1, 1, 1, 1 }, c = { 2, 2, 2, 2, 2, 2 }, d = { 0, 1, 2, 3, 4, 5 };
                Expect(Run(m, X, b1, c, d)[0], X.Select((v, i) => (v - 1) * (2 - d[i])));
            }));
        cases.Add(Valid("names", "unicode-normalization-twins", b => b.Input("caf\u00e9", DataType.Float32, 2, 3).Input("cafe\u0301", DataType.Float32, 2, 3)
            .Node("Sub", new[] { "caf\u00e9", "cafe\u0301" }, new[] { "\u540d\u524d" }).Output("\u540d\u524d", DataType.Float32, 2, 3),
            m => Expect(Run(m, X, X.Select(v => v / 2).ToArray())[0], X.Select(v => v - (v / 2)))));
        cases.Add(Valid("names", "invisible-and-control-characters", b => b.Input("\u202eevil\u200b", DataType.Float32, 2, 3).Input("\0", DataType.Float32, 2, 3).Input("", DataType.Float32, 2, 3)
            .Node("Add", new[] { "\u202eevil\u200b", "\0" }, new[] { "\u0085a" }).Node("Neg", new[] { "\u0085a" }, new[] { "!!!" })
            .Output("!!!", DataType.Float32, 2, 3),
            m => Expect(Run(m, X, X.Select(v => 3 * v).ToArray(), X)[0], X.Select(v => -(4 * v)))));
        string longName = new string('n', 20_000) + "\"";
        cases.Add(Valid("names", "very-long-names", b => b.Input(longName, DataType.Float32, 2, 3).Node("Relu", new[] { longName }, new[] { longName + "y" }, new string('m', 50_000)).Output(longName + "y", DataType.Float32, 2, 3),
            m => Expect(Run(m, X)[0], X.Select(v => Math.Max(v, 0f)))));
    }

    // ---- Scale: sizes that would make quadratic code hang ---------------------------------------------

    private static void Scale(List<HostileCase> cases)
    {
        cases.Add(Valid("scale", "chain-of-20000-nodes", b =>
        {
            b.Input("x", DataType.Float32, 2, 3);
            string prev = "x";
            for (int i = 0; i < 20_000; i++)
            {
                string next = "t" + i;
                b.Node(i % 2 == 0 ? "Relu" : "Neg", new[] { prev }, new[] { next }, "n" + i);
                prev = next;
            }

            return b.Output(prev, DataType.Float32, 2, 3);
        }, m => Expect(Run(m, X)[0], X.Select(v => Math.Max(v, 0f))), host: false));
        cases.Add(Valid("scale", "node-with-5000-inputs", b => b.Input("x", DataType.Float32, 1, 3).Node("Concat", Enumerable.Repeat("x", 5000).ToArray(), new[] { "y" }, "wide", ("axis", 0L)).Output("y", DataType.Float32, 5000, 3),
            m => Expect(Run(m, new[] { 1f, 2f, 3f })[0], Enumerable.Range(0, 5000).SelectMany(_ => new[] { 1f, 2f, 3f })), host: false));
        cases.Add(Valid("scale", "5000-graph-outputs", b =>
        {
            Relu(b);
            for (int i = 0; i < 5000; i++)
            {
                b.Output("y", DataType.Float32, 2, 3);
            }

            return b;
        }, null, host: false));
    }

    // ---- NeoModel metadata ----------------------------------------------------------------------------

    private static void Metadata(List<HostileCase> cases)
    {
        cases.Add(Meta("class-name-is-a-generated-member", r => r.ClassName = "Outputs", DiagnosticCodes.InvalidClassName, "'Outputs'"));
        cases.Add(Meta("class-name-file-keyword", r => r.ClassName = "file", DiagnosticCodes.InvalidClassName, "'file'"));
        cases.Add(Meta("class-name-with-space-and-quote", r => r.ClassName = "My \"Model\"", DiagnosticCodes.InvalidClassName, "My \"Model\""));
        cases.Add(Meta("class-name-too-long", r => r.ClassName = new string('M', 300), DiagnosticCodes.InvalidClassName, "longer"));
        cases.Add(Meta("class-name-injection", r => r.ClassName = "X { } class Y", DiagnosticCodes.InvalidClassName, "X { } class Y"));
        cases.Add(Meta("namespace-global", r => r.Namespace = "global.Models", DiagnosticCodes.InvalidNamespace, "global.Models"));
        cases.Add(Meta("namespace-empty-part", r => r.Namespace = "My..Models", DiagnosticCodes.InvalidNamespace, "My..Models"));
        cases.Add(Meta("shapes-exceed-memory", r => r.Shapes = "x=2147483647x3", DiagnosticCodes.TensorTooLarge, "'x'"));
        cases.Add(Meta("shapes-zero-dim", r => r.Shapes = "x=0x3", DiagnosticCodes.InvalidShapes, "0x3"));
        cases.Add(Meta("shapes-int-overflow", r => r.Shapes = "x=99999999999x3", DiagnosticCodes.InvalidShapes, "99999999999"));
        cases.Add(new HostileCase
        {
            Category = "metadata",
            Name = "bad-metadata-and-bad-model-at-once",
            Code = DiagnosticCodes.InvalidClassName,
            AlsoCodes = new[] { DiagnosticCodes.UnsupportedOperator, DiagnosticCodes.UnknownTargetDevice },
            Prepare = dir =>
            {
                CompileRequest r = Request(dir, new OnnxBuilder().Input("x", DataType.Float32, 2, 3).Node("FancyOp", new[] { "x" }, new[] { "y" }).Output("y", DataType.Float32, 2, 3));
                r.ClassName = "2bad";
                r.TargetDevice = "gpu9000";
                return r;
            },
        });
        cases.Add(new HostileCase
        {
            Category = "metadata",
            Name = "unicode-class-and-file-name",
            Prepare = dir =>
            {
                CompileRequest r = Request(dir, Relu(new OnnxBuilder()));
                r.ModelPath = Path.Combine(dir, "мо дель (v2) 名前.onnx");
                r.ClassName = "";
                r.Namespace = "Modèles.Тест";
                return r;
            },
            Check = m => Expect(Run(m, X)[0], X.Select(v => Math.Max(v, 0f))),
        });
    }

    private static HostileCase Meta(string name, Action<CompileRequest> edit, string code, string mention) => new()
    {
        Category = "metadata",
        Name = name,
        Code = code,
        Mentions = new[] { mention },
        Prepare = dir =>
        {
            CompileRequest r = Request(dir, Relu(new OnnxBuilder()).Edit(m => m.Graph.Input[0].Type.TensorType.Shape.Dim[0].DimParam = "n"));
            edit(r);
            return r;
        },
    };

    // ---- Building blocks ------------------------------------------------------------------------------

    /// <summary>x [2,3] → Relu → y.</summary>
    private static OnnxBuilder Relu(OnnxBuilder b) =>
        b.Input("x", DataType.Float32, 2, 3).Node("Relu", new[] { "x" }, new[] { "y" }, "relu").Output("y", DataType.Float32, 2, 3);

    /// <summary>x [2,3] * W → y, with W as given.</summary>
    private static OnnxBuilder AddW(OnnxBuilder b, TensorProto w) =>
        b.Input("x", DataType.Float32, 2, 3).Tensor(w).Node("Mul", new[] { "x", "W" }, new[] { "y" }, "mul").Output("y", DataType.Float32, 2, 3);

    private static OnnxBuilder Conv(OnnxBuilder b, params (string, object)[] attributes) =>
        b.Input("x", DataType.Float32, 1, 1, 4, 4).Initializer("w", new[] { 1, 1, 2, 2 }, new[] { 1f, 1f, 1f, 1f })
            .Node("Conv", new[] { "x", "w" }, new[] { "y" }, "conv", attributes).Output("y", DataType.Float32, 1, 1, 3, 3);

    private static TensorProto RawTensor(string name, DataType type, long[] dims, byte[] raw)
    {
        var t = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(raw) };
        t.Dims.AddRange(dims);
        return t;
    }

    private static TensorProto FloatTensor(string name, long[] dims, params float[] values)
    {
        var t = new TensorProto { Name = name, DataType = (int)DataType.Float32 };
        t.Dims.AddRange(dims);
        t.FloatData.AddRange(values);
        return t;
    }

    private static TensorProto LongTensor(string name, long[] dims, params long[] values)
    {
        var t = new TensorProto { Name = name, DataType = (int)DataType.Int64 };
        t.Dims.AddRange(dims);
        t.Int64Data.AddRange(values);
        return t;
    }

    private static HostileCase Raw(string category, string name, byte[] bytes, string code, string? orCode = null) => new()
    {
        Category = category,
        Name = name,
        Code = code,
        OrCode = orCode,
        Prepare = dir => new CompileRequest { ModelPath = Path.Combine(dir, "hostile.onnx"), ModelBytes = bytes },
    };

    /// <param name="code">The expected code; null means "any coded error naming <paramref name="mentions"/>, but not NEO1300".</param>
    private static HostileCase Model(string category, string name, Func<OnnxBuilder, OnnxBuilder> build, string? code, params string[] mentions) => new()
    {
        Category = category,
        Name = name,
        Code = code ?? HostileCase.AnyCode,
        Mentions = mentions,
        Prepare = dir => Request(dir, build(new OnnxBuilder())),
    };

    private static HostileCase Valid(string category, string name, Func<OnnxBuilder, OnnxBuilder> build, Action<INeoModel>? check, bool host = true) => new()
    {
        Category = category,
        Name = name,
        Prepare = dir => Request(dir, build(new OnnxBuilder())),
        Check = host ? check : null,
    };

    private static CompileRequest Request(string dir, OnnxBuilder b) =>
        new() { ModelPath = Path.Combine(dir, "hostile.onnx"), ModelBytes = b.ToBytes(), ClassName = "Hostile", Namespace = "Tests" };

    private static CompileRequest FileRequest(string dir, OnnxBuilder b)
    {
        string path = Path.Combine(dir, "hostile.onnx");
        File.WriteAllBytes(path, b.ToBytes());
        return new CompileRequest { ModelPath = path, ClassName = "Hostile", Namespace = "Tests" };
    }

    // ---- Running valid models -------------------------------------------------------------------------

    /// <summary>Runs <paramref name="m"/> on float inputs and returns its float outputs.</summary>
    public static float[][] Run(INeoModel m, params float[][] inputs)
    {
        float[][] outputs = m.Signature.Outputs.Select(o => new float[o.Length]).ToArray();
        m.Run(inputs.Cast<Array>().ToArray(), outputs.Cast<Array>().ToArray());
        return outputs;
    }

    /// <summary>Throws unless <paramref name="got"/> equals <paramref name="expected"/> to within float rounding.</summary>
    public static void Expect(float[] got, IEnumerable<float> expected)
    {
        float[] e = expected.ToArray();
        if (got.Length != e.Length)
        {
            throw new InvalidOperationException($"got {got.Length} values, expected {e.Length}");
        }

        for (int i = 0; i < e.Length; i++)
        {
            if (Math.Abs(got[i] - e[i]) > 1e-5f * Math.Max(1f, Math.Abs(e[i])))
            {
                throw new InvalidOperationException($"value {i}: got {got[i]}, expected {e[i]}");
            }
        }
    }
}
