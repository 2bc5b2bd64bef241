using System;
using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Tests.Infrastructure;
using Xunit;

namespace Neo.Tests.Operators;

/// <summary>
/// Convolution, pooling, resampling, normalization and quantization in configurations the conformance suite
/// leaves out (3-D and grouped transposed convolutions, Lp and ROI pooling, RoiAlign's max mode, per-channel
/// int8 quantization, Resize over axes), checked against ONNX Runtime on seeded random data.
/// </summary>
public sealed class NeuralNetworkOperatorTests
{
    private static readonly Lazy<Dictionary<string, string?>> Results = OnnxRuntimeReference.CompareOnce(Cases);

    public static IEnumerable<object[]> Names() => OnnxRuntimeReference.Names(Cases());

    [Theory]
    [MemberData(nameof(Names))]
    public void MatchesOnnxRuntime(string name) => OnnxRuntimeReference.AssertMatches(Results, name);

    private static IEnumerable<ReferenceCase> Cases()
    {
        // Convolutions.
        yield return Unary("conv3d_groups_pads_dilations", 13, "Conv", new[] { 1, 4, 5, 6, 7 }, new[] { 6, 2, 3, 2, 3 }, true,
            ("group", 2L), ("pads", new long[] { 1, 0, 1, 1, 2, 0 }), ("dilations", new long[] { 1, 2, 1 }), ("strides", new long[] { 2, 1, 2 }));
        yield return Unary("convtranspose2d_groups_output_padding", 13, "ConvTranspose", new[] { 2, 4, 5, 4 }, new[] { 4, 3, 3, 3 }, true,
            ("group", 2L), ("strides", new long[] { 2, 3 }), ("output_padding", new long[] { 1, 2 }), ("pads", new long[] { 1, 0, 0, 1 }));
        yield return Unary("convtranspose3d_dilations", 13, "ConvTranspose", new[] { 1, 2, 3, 4, 3 }, new[] { 2, 2, 2, 3, 2 }, false,
            ("dilations", new long[] { 2, 1, 2 }), ("strides", new long[] { 1, 2, 1 }));
        yield return Unary("convtranspose1d_output_shape", 13, "ConvTranspose", new[] { 1, 3, 6 }, new[] { 3, 2, 4 }, true,
            ("strides", new long[] { 2 }), ("output_shape", new long[] { 14 }));
        // Kernel = stride, no padding: each output cell from one tap (written in place, two taps interleaved on vectors).
        yield return Unary("convtranspose2d_kernel_is_stride_groups", 13, "ConvTranspose", new[] { 2, 4, 5, 19 }, new[] { 4, 3, 2, 2 }, true,
            ("group", 2L), ("strides", new long[] { 2, 2 }));
        yield return Unary("convtranspose1d_kernel_is_stride", 13, "ConvTranspose", new[] { 1, 3, 10 }, new[] { 3, 2, 3 }, false,
            ("strides", new long[] { 3 }));
        yield return Unary("convtranspose3d_kernel_is_stride", 13, "ConvTranspose", new[] { 1, 2, 3, 4, 17 }, new[] { 2, 3, 1, 2, 2 }, true,
            ("strides", new long[] { 1, 2, 2 }));
        yield return Unary("convtranspose2d_same_lower", 13, "ConvTranspose", new[] { 1, 2, 4, 5 }, new[] { 2, 3, 3, 3 }, false,
            ("strides", new long[] { 2, 2 }), ("auto_pad", "SAME_LOWER"));

        // Pooling.
        yield return Pool("lppool2d_p3", "LpPool", new[] { 1, 2, 6, 7 }, ("kernel_shape", new long[] { 3, 2 }), ("p", 3L), ("strides", new long[] { 2, 1 }), ("pads", new long[] { 1, 0, 0, 1 }));
        yield return Pool("lppool1d_p2", "LpPool", new[] { 2, 3, 9 }, ("kernel_shape", new long[] { 3 }), ("strides", new long[] { 2 }));
        yield return Pool("globallppool", "GlobalLpPool", new[] { 2, 3, 4, 5 }, ("p", 2L));
        yield return Pool("averagepool3d_count_include_pad_ceil", "AveragePool", new[] { 1, 2, 5, 6, 5 },
            ("kernel_shape", new long[] { 2, 3, 2 }), ("strides", new long[] { 2, 2, 2 }), ("pads", new long[] { 1, 1, 0, 0, 1, 1 }), ("count_include_pad", 1L), ("ceil_mode", 1L));
        yield return Pool("maxpool3d_dilations_ceil", "MaxPool", new[] { 1, 2, 6, 5, 7 },
            ("kernel_shape", new long[] { 2, 2, 3 }), ("strides", new long[] { 2, 1, 2 }), ("dilations", new long[] { 2, 1, 1 }), ("ceil_mode", 1L));
        yield return MaxPoolWithIndices();
        yield return RoiPooling("maxroipool", "MaxRoiPool", ("pooled_shape", new long[] { 3, 2 }), ("spatial_scale", 0.5f));
        yield return RoiAlign("roialign_max_output_half_pixel", 16, ("mode", "max"), ("output_height", 3L), ("output_width", 2L), ("sampling_ratio", 2L), ("coordinate_transformation_mode", "output_half_pixel"));
        yield return RoiAlign("roialign_avg_adaptive_sampling", 16, ("output_height", 2L), ("output_width", 3L), ("spatial_scale", 0.5f));

        // Normalization with statistics known at build time (folded into a scale and shift).
        yield return BatchNormFolded();
        yield return BatchNormReluClip();

        // Resampling.
        yield return ResizeCase("resize_axes_not_larger", 18, new[] { 1, 2, 5, 7 }, sizes: new long[] { 9, 9 }, ("axes", new long[] { 2, 3 }), ("keep_aspect_ratio_policy", "not_larger"), ("mode", "nearest"));
        yield return ResizeCase("resize_linear_align_corners_sizes", 13, new[] { 1, 2, 4, 5 }, sizes: new long[] { 1, 2, 7, 3 }, ("mode", "linear"), ("coordinate_transformation_mode", "align_corners"));
        yield return ResizeCase("resize_cubic_half_pixel_sizes", 13, new[] { 2, 1, 6, 5 }, sizes: new long[] { 2, 1, 4, 9 }, ("mode", "cubic"));

        // Quantization.
        yield return QLinearConvPerChannel();
        yield return QuantizeInt8PerAxis();
        yield return QLinearMatMulInt8Broadcast();
        yield return MatMulIntegerPerColumn();
    }

    private static ReferenceCase Unary(string name, int opset, string op, int[] x, int[] w, bool bias, params (string, object)[] attributes)
    {
        var random = new Random(OnnxRuntimeReference.Seed(name));
        var b = new OnnxBuilder(opset).Input("x", DataType.Float32, x.Cast<object>().ToArray())
            .Initializer("w", OnnxRuntimeReference.Random(random, 0.5f, w));
        var inputs = new List<string> { "x", "w" };
        if (bias)
        {
            int channels = op == "ConvTranspose" ? w[1] * (int)(attributes.FirstOrDefault(a => a.Item1 == "group").Item2 as long? ?? 1) : w[0];
            b.Initializer("b", OnnxRuntimeReference.Random(random, 0.5f, channels));
            inputs.Add("b");
        }

        b.Node(op, inputs.ToArray(), new[] { "y" }, op, attributes).OutputAnyShape("y", DataType.Float32);
        return new ReferenceCase(name, b.ToBytes(), ("x", OnnxRuntimeReference.Random(random, 1f, x)));
    }

    private static ReferenceCase Pool(string name, string op, int[] x, params (string, object)[] attributes)
    {
        var random = new Random(OnnxRuntimeReference.Seed(name));
        byte[] model = new OnnxBuilder(13).Input("x", DataType.Float32, x.Cast<object>().ToArray())
            .Node(op, new[] { "x" }, new[] { "y" }, op, attributes).OutputAnyShape("y", DataType.Float32).ToBytes();
        return new ReferenceCase(name, model, ("x", OnnxRuntimeReference.Random(random, 2f, x)));
    }

    private static ReferenceCase MaxPoolWithIndices()
    {
        const string name = "maxpool2d_indices_pads";
        var random = new Random(OnnxRuntimeReference.Seed(name));
        byte[] model = new OnnxBuilder(12).Input("x", DataType.Float32, 2, 3, 7, 6)
            .Node("MaxPool", new[] { "x" }, new[] { "y", "i" }, "pool", ("kernel_shape", new long[] { 3, 2 }), ("strides", new long[] { 2, 2 }), ("pads", new long[] { 1, 1, 1, 0 }))
            .OutputAnyShape("y", DataType.Float32).OutputAnyShape("i", DataType.Int64).ToBytes();
        return new ReferenceCase(name, model, ("x", OnnxRuntimeReference.Random(random, 2f, 2, 3, 7, 6)));
    }

    private static ReferenceCase RoiPooling(string name, string op, params (string, object)[] attributes)
    {
        var random = new Random(OnnxRuntimeReference.Seed(name));
        byte[] model = new OnnxBuilder(13).Input("x", DataType.Float32, 2, 3, 8, 9)
            .Initializer("rois", new[] { 3, 5 }, new[] { 0f, 1f, 2f, 10f, 12f, 1f, 0f, 0f, 17f, 15f, 1f, 6f, 3f, 7f, 4f })
            .Node(op, new[] { "x", "rois" }, new[] { "y" }, op, attributes).OutputAnyShape("y", DataType.Float32).ToBytes();
        return new ReferenceCase(name, model, ("x", OnnxRuntimeReference.Random(random, 2f, 2, 3, 8, 9)));
    }

    private static ReferenceCase RoiAlign(string name, int opset, params (string, object)[] attributes)
    {
        var random = new Random(OnnxRuntimeReference.Seed(name));
        byte[] model = new OnnxBuilder(opset).Input("x", DataType.Float32, 2, 3, 8, 9)
            .Initializer("rois", new[] { 3, 4 }, new[] { 1f, 2f, 6.5f, 7f, 0f, 0f, 8.9f, 7.9f, 3.2f, 1.1f, 4.4f, 2.5f })
            .Initializer("batch", new[] { 3 }, new[] { 0L, 1L, 1L })
            .Node("RoiAlign", new[] { "x", "rois", "batch" }, new[] { "y" }, "roi", attributes).OutputAnyShape("y", DataType.Float32).ToBytes();
        return new ReferenceCase(name, model, ("x", OnnxRuntimeReference.Random(random, 2f, 2, 3, 8, 9)));
    }

    private static ReferenceCase BatchNormFolded()
    {
        const string name = "batchnorm_constant_statistics";
        var random = new Random(OnnxRuntimeReference.Seed(name));
        TensorData variance = OnnxRuntimeReference.Random(random, 0.5f, 4);
        float[] v = variance.As<float>().Select(e => e + 0.6f).ToArray();
        byte[] model = new OnnxBuilder(15).Input("x", DataType.Float32, 2, 4, 3, 3)
            .Initializer("s", OnnxRuntimeReference.Random(random, 1f, 4)).Initializer("b", OnnxRuntimeReference.Random(random, 1f, 4))
            .Initializer("m", OnnxRuntimeReference.Random(random, 1f, 4)).Initializer("v", new[] { 4 }, v)
            .Node("BatchNormalization", new[] { "x", "s", "b", "m", "v" }, new[] { "y" }, "bn", ("epsilon", 1e-3f))
            .OutputAnyShape("y", DataType.Float32).ToBytes();
        return new ReferenceCase(name, model, ("x", OnnxRuntimeReference.Random(random, 2f, 2, 4, 3, 3)));
    }

    /// <summary>DenseNet's pre-activation: the folded BatchNormalization takes Relu and Clip as its epilogue (45 = 32 + 8 + 4 + 1: every vector tail).</summary>
    private static ReferenceCase BatchNormReluClip()
    {
        const string name = "batchnorm_relu_clip_fused";
        var random = new Random(OnnxRuntimeReference.Seed(name));
        float[] v = OnnxRuntimeReference.Random(random, 0.5f, 5).As<float>().Select(e => e + 0.6f).ToArray();
        byte[] model = new OnnxBuilder(15).Input("x", DataType.Float32, 2, 5, 5, 9)
            .Initializer("s", OnnxRuntimeReference.Random(random, 1f, 5)).Initializer("b", OnnxRuntimeReference.Random(random, 1f, 5))
            .Initializer("m", OnnxRuntimeReference.Random(random, 1f, 5)).Initializer("v", new[] { 5 }, v)
            .Initializer("lo", new[] { 1 }, new[] { 0f }).Initializer("hi", new[] { 1 }, new[] { 0.75f })
            .Node("BatchNormalization", new[] { "x", "s", "b", "m", "v" }, new[] { "n" }, "bn", ("epsilon", 1e-3f))
            .Node("Relu", new[] { "n" }, new[] { "r" }, "relu")
            .Node("Clip", new[] { "r", "", "hi" }, new[] { "y" }, "clip")
            .OutputAnyShape("y", DataType.Float32).ToBytes();
        return new ReferenceCase(name, model, ("x", OnnxRuntimeReference.Random(random, 2f, 2, 5, 5, 9)));
    }

    private static ReferenceCase ResizeCase(string name, int opset, int[] x, long[] sizes, params (string, object)[] attributes)
    {
        var random = new Random(OnnxRuntimeReference.Seed(name));
        byte[] model = new OnnxBuilder(opset).Input("x", DataType.Float32, x.Cast<object>().ToArray())
            .Initializer("sizes", new[] { sizes.Length }, sizes)
            .Node("Resize", new[] { "x", "", "", "sizes" }, new[] { "y" }, "resize", attributes).OutputAnyShape("y", DataType.Float32).ToBytes();
        return new ReferenceCase(name, model, ("x", OnnxRuntimeReference.Random(random, 2f, x)));
    }

    private static TensorData Bytes<T>(int[] shape, Random random, Func<int, T> make) =>
        new(typeof(T) == typeof(byte) ? DataType.UInt8 : DataType.Int8, shape, Enumerable.Range(0, (int)Shapes.Size(shape)).Select(_ => make(random.Next())).ToArray());

    private static ReferenceCase QLinearConvPerChannel()
    {
        const string name = "qlinearconv_int8_per_channel";
        var random = new Random(OnnxRuntimeReference.Seed(name));
        byte[] model = new OnnxBuilder(13).Input("x", DataType.UInt8, 1, 4, 6, 6)
            .Initializer("xs", Array.Empty<int>(), new[] { 0.05f }).Initializer("xz", new TensorData(DataType.UInt8, Array.Empty<int>(), new byte[] { 120 }))
            // Weights within 7 bits: ONNX Runtime's x64 u8·s8 kernel saturates pairs of products in int16 beyond that.
            .Initializer("w", Bytes(new[] { 4, 2, 3, 3 }, random, r => (sbyte)((r % 127) - 63)))
            .Initializer("ws", new[] { 4 }, new[] { 0.01f, 0.02f, 0.015f, 0.03f }).Initializer("wz", new TensorData(DataType.Int8, new[] { 4 }, new sbyte[4]))
            .Initializer("ys", Array.Empty<int>(), new[] { 0.2f }).Initializer("yz", new TensorData(DataType.UInt8, Array.Empty<int>(), new byte[] { 128 }))
            .Initializer("bias", new TensorData(DataType.Int32, new[] { 4 }, new[] { 100, -250, 40, 0 }))
            .Node("QLinearConv", new[] { "x", "xs", "xz", "w", "ws", "wz", "ys", "yz", "bias" }, new[] { "y" }, "qconv", ("group", 2L), ("pads", new long[] { 1, 1, 1, 1 }), ("strides", new long[] { 2, 1 }))
            .OutputAnyShape("y", DataType.UInt8).ToBytes();
        return new ReferenceCase(name, model, ("x", Bytes(new[] { 1, 4, 6, 6 }, random, r => (byte)(r % 256))));
    }

    private static ReferenceCase QuantizeInt8PerAxis()
    {
        const string name = "quantize_dequantize_int8_per_axis";
        var random = new Random(OnnxRuntimeReference.Seed(name));
        byte[] model = new OnnxBuilder(13).Input("x", DataType.Float32, 2, 3, 4)
            .Initializer("s", new[] { 3 }, new[] { 0.02f, 0.05f, 0.1f }).Initializer("z", new TensorData(DataType.Int8, new[] { 3 }, new sbyte[] { -3, 0, 7 }))
            .Node("QuantizeLinear", new[] { "x", "s", "z" }, new[] { "q" }, "q", ("axis", 1L))
            .Node("DequantizeLinear", new[] { "q", "s", "z" }, new[] { "y" }, "dq", ("axis", 1L))
            .OutputAnyShape("q", DataType.Int8).OutputAnyShape("y", DataType.Float32).ToBytes();
        return new ReferenceCase(name, model, ("x", OnnxRuntimeReference.Random(random, 3f, 2, 3, 4)));
    }

    private static ReferenceCase QLinearMatMulInt8Broadcast()
    {
        const string name = "qlinearmatmul_int8_broadcast";
        var random = new Random(OnnxRuntimeReference.Seed(name));
        byte[] model = new OnnxBuilder(13).Input("a", DataType.Int8, 2, 1, 3, 5)
            .Initializer("as", Array.Empty<int>(), new[] { 0.03f }).Initializer("az", new TensorData(DataType.Int8, Array.Empty<int>(), new sbyte[] { 2 }))
            .Initializer("b", Bytes(new[] { 3, 5, 4 }, random, r => (sbyte)((r % 250) - 125)))
            .Initializer("bs", Array.Empty<int>(), new[] { 0.02f }).Initializer("bz", new TensorData(DataType.Int8, Array.Empty<int>(), new sbyte[] { -1 }))
            .Initializer("ys", Array.Empty<int>(), new[] { 0.05f }).Initializer("yz", new TensorData(DataType.Int8, Array.Empty<int>(), new sbyte[] { 3 }))
            .Node("QLinearMatMul", new[] { "a", "as", "az", "b", "bs", "bz", "ys", "yz" }, new[] { "y" }, "qmm")
            .OutputAnyShape("y", DataType.Int8).ToBytes();
        return new ReferenceCase(name, model, ("a", Bytes(new[] { 2, 1, 3, 5 }, random, r => (sbyte)((r % 250) - 125))));
    }

    private static ReferenceCase MatMulIntegerPerColumn()
    {
        const string name = "matmulinteger_per_column_zero_points";
        var random = new Random(OnnxRuntimeReference.Seed(name));
        byte[] model = new OnnxBuilder(13).Input("a", DataType.UInt8, 4, 3)
            .Initializer("b", Bytes(new[] { 3, 5 }, random, r => (byte)(r % 256)))
            .Initializer("az", new TensorData(DataType.UInt8, Array.Empty<int>(), new byte[] { 50 }))
            .Initializer("bz", new TensorData(DataType.UInt8, new[] { 5 }, new byte[] { 0, 7, 128, 200, 3 }))
            .Node("MatMulInteger", new[] { "a", "b", "az", "bz" }, new[] { "y" }, "mmi")
            .OutputAnyShape("y", DataType.Int32).ToBytes();
        return new ReferenceCase(name, model, ("a", Bytes(new[] { 4, 3 }, random, r => (byte)(r % 256))));
    }
}
