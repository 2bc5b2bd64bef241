using System.Collections.Generic;
using System.Linq;
using Neo.Tests.Infrastructure;
using Xunit;

namespace Neo.Tests.Conformance;

// The ONNX 1.12 conformance cases (Debian's libonnx-testdata) of the neural-network, recurrent, control-flow,
// loss, quantization and signal operators, each family compiled into one assembly and compared with the
// suite's tolerance. A case listed here passes; a case of these families that is missing needs an operator
// outside them (the *_expanded function bodies use reductions, Where, Gather… which the whole-suite run checks).

/// <summary>Runs a family's cases once (one Roslyn compilation) and serves their outcomes to the theory rows.</summary>
public abstract class ConformanceFamily
{
    private static readonly Dictionary<string, ConformanceOutcome> Outcomes = new();
    private static readonly object Gate = new();

    protected static ConformanceOutcome Outcome(string[] family, string name)
    {
        lock (Gate)
        {
            if (!Outcomes.ContainsKey(name))
            {
                foreach (ConformanceOutcome o in ConformanceRunner.Run(family.Where(c => !Outcomes.ContainsKey(c)).ToList()))
                {
                    Outcomes[o.Name] = o;
                }
            }

            return Outcomes[name];
        }
    }

    protected static void AssertPasses(string[] family, string name)
    {
        ConformanceOutcome o = Outcome(family, name);
        Assert.True(o.Passed, $"{name}: {o.Message}");
    }

    protected static IEnumerable<object[]> Rows(string[] family) => family.Select(c => new object[] { c });
}

/// <summary>Conv 1-D/2-D/3-D, ConvTranspose.</summary>
public sealed class ConvolutionConformanceTests : ConformanceFamily
{
    public static readonly string[] Cases =
    {
        "test_Conv1d",
        "test_Conv1d_dilated",
        "test_Conv1d_groups",
        "test_Conv1d_pad1",
        "test_Conv1d_pad1size1",
        "test_Conv1d_pad2",
        "test_Conv1d_pad2size1",
        "test_Conv1d_stride",
        "test_Conv2d",
        "test_Conv2d_depthwise",
        "test_Conv2d_depthwise_padded",
        "test_Conv2d_depthwise_strided",
        "test_Conv2d_depthwise_with_multiplier",
        "test_Conv2d_dilated",
        "test_Conv2d_groups",
        "test_Conv2d_groups_thnn",
        "test_Conv2d_no_bias",
        "test_Conv2d_padding",
        "test_Conv2d_strided",
        "test_Conv3d",
        "test_Conv3d_dilated",
        "test_Conv3d_dilated_strided",
        "test_Conv3d_groups",
        "test_Conv3d_no_bias",
        "test_Conv3d_stride",
        "test_Conv3d_stride_padding",
        "test_ConvTranspose2d",
        "test_ConvTranspose2d_no_bias",
        "test_basic_conv_with_padding",
        "test_basic_conv_without_padding",
        "test_conv_with_autopad_same",
        "test_conv_with_strides_and_asymmetric_padding",
        "test_conv_with_strides_no_padding",
        "test_conv_with_strides_padding",
        "test_convtranspose",
        "test_convtranspose_1d",
        "test_convtranspose_3d",
        "test_convtranspose_autopad_same",
        "test_convtranspose_dilations",
        "test_convtranspose_kernel_shape",
        "test_convtranspose_output_shape",
        "test_convtranspose_pad",
        "test_convtranspose_pads",
        "test_convtranspose_with_kernel",
        "test_operator_conv",
        "test_operator_convtranspose",
    };

    public static IEnumerable<object[]> CaseNames() => Rows(Cases);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Passes(string name) => AssertPasses(Cases, name);
}

/// <summary>BatchNormalization (inference and training mode), InstanceNormalization, LRN.</summary>
public sealed class NormalizationConformanceTests : ConformanceFamily
{
    public static readonly string[] Cases =
    {
        "test_BatchNorm1d_3d_input_eval",
        "test_BatchNorm2d_eval",
        "test_BatchNorm2d_momentum_eval",
        "test_BatchNorm3d_eval",
        "test_BatchNorm3d_momentum_eval",
        "test_batchnorm_epsilon",
        "test_batchnorm_epsilon_training_mode",
        "test_batchnorm_example",
        "test_batchnorm_example_training_mode",
        "test_instancenorm_epsilon",
        "test_instancenorm_example",
        "test_lrn",
        "test_lrn_default",
    };

    public static IEnumerable<object[]> CaseNames() => Rows(Cases);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Passes(string name) => AssertPasses(Cases, name);
}

/// <summary>MaxPool (with Indices), AveragePool, global pools, MaxUnpool.</summary>
public sealed class PoolingConformanceTests : ConformanceFamily
{
    public static readonly string[] Cases =
    {
        "test_AvgPool2d",
        "test_AvgPool2d_stride",
        "test_AvgPool3d",
        "test_AvgPool3d_stride",
        "test_AvgPool3d_stride1_pad0_gpu_input",
        "test_MaxPool1d",
        "test_MaxPool1d_stride",
        "test_MaxPool1d_stride_padding_dilation",
        "test_MaxPool2d",
        "test_MaxPool2d_stride_padding_dilation",
        "test_MaxPool3d",
        "test_MaxPool3d_stride",
        "test_MaxPool3d_stride_padding",
        "test_averagepool_1d_default",
        "test_averagepool_2d_ceil",
        "test_averagepool_2d_default",
        "test_averagepool_2d_pads",
        "test_averagepool_2d_pads_count_include_pad",
        "test_averagepool_2d_precomputed_pads",
        "test_averagepool_2d_precomputed_pads_count_include_pad",
        "test_averagepool_2d_precomputed_same_upper",
        "test_averagepool_2d_precomputed_strides",
        "test_averagepool_2d_same_lower",
        "test_averagepool_2d_same_upper",
        "test_averagepool_2d_strides",
        "test_averagepool_3d_default",
        "test_globalaveragepool",
        "test_globalaveragepool_precomputed",
        "test_globalmaxpool",
        "test_globalmaxpool_precomputed",
        "test_maxpool_1d_default",
        "test_maxpool_2d_ceil",
        "test_maxpool_2d_default",
        "test_maxpool_2d_dilations",
        "test_maxpool_2d_pads",
        "test_maxpool_2d_precomputed_pads",
        "test_maxpool_2d_precomputed_same_upper",
        "test_maxpool_2d_precomputed_strides",
        "test_maxpool_2d_same_lower",
        "test_maxpool_2d_same_upper",
        "test_maxpool_2d_strides",
        "test_maxpool_2d_uint8",
        "test_maxpool_3d_default",
        "test_maxpool_with_argmax_2d_precomputed_pads",
        "test_maxpool_with_argmax_2d_precomputed_strides",
        "test_maxunpool_export_with_output_shape",
        "test_maxunpool_export_without_output_shape",
        "test_operator_maxpool",
    };

    public static IEnumerable<object[]> CaseNames() => Rows(Cases);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Passes(string name) => AssertPasses(Cases, name);
}

/// <summary>Resize, Upsample, GridSample, RoiAlign.</summary>
public sealed class ResamplingConformanceTests : ConformanceFamily
{
    public static readonly string[] Cases =
    {
        "test_gridsample",
        "test_gridsample_aligncorners_true",
        "test_gridsample_bicubic",
        "test_gridsample_bilinear",
        "test_gridsample_border_padding",
        "test_gridsample_nearest",
        "test_gridsample_reflection_padding",
        "test_gridsample_zeros_padding",
        "test_resize_downsample_scales_cubic",
        "test_resize_downsample_scales_cubic_A_n0p5_exclude_outside",
        "test_resize_downsample_scales_cubic_align_corners",
        "test_resize_downsample_scales_linear",
        "test_resize_downsample_scales_linear_align_corners",
        "test_resize_downsample_scales_nearest",
        "test_resize_downsample_sizes_cubic",
        "test_resize_downsample_sizes_linear_pytorch_half_pixel",
        "test_resize_downsample_sizes_nearest",
        "test_resize_downsample_sizes_nearest_tf_half_pixel_for_nn",
        "test_resize_tf_crop_and_resize",
        "test_resize_upsample_scales_cubic",
        "test_resize_upsample_scales_cubic_A_n0p5_exclude_outside",
        "test_resize_upsample_scales_cubic_align_corners",
        "test_resize_upsample_scales_cubic_asymmetric",
        "test_resize_upsample_scales_linear",
        "test_resize_upsample_scales_linear_align_corners",
        "test_resize_upsample_scales_nearest",
        "test_resize_upsample_sizes_cubic",
        "test_resize_upsample_sizes_nearest",
        "test_resize_upsample_sizes_nearest_ceil_half_pixel",
        "test_resize_upsample_sizes_nearest_floor_align_corners",
        "test_resize_upsample_sizes_nearest_round_prefer_ceil_asymmetric",
        "test_roialign_aligned_false",
        "test_roialign_aligned_true",
        "test_upsample_nearest",
    };

    public static IEnumerable<object[]> CaseNames() => Rows(Cases);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Passes(string name) => AssertPasses(Cases, name);
}

/// <summary>LSTM, GRU, RNN.</summary>
public sealed class RecurrentConformanceTests : ConformanceFamily
{
    public static readonly string[] Cases =
    {
        "test_gru_batchwise",
        "test_gru_defaults",
        "test_gru_seq_length",
        "test_gru_with_initial_bias",
        "test_lstm_batchwise",
        "test_lstm_defaults",
        "test_lstm_with_initial_bias",
        "test_lstm_with_peepholes",
        "test_rnn_seq_length",
        "test_simple_rnn_batchwise",
        "test_simple_rnn_defaults",
        "test_simple_rnn_with_initial_bias",
    };

    public static IEnumerable<object[]> CaseNames() => Rows(Cases);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Passes(string name) => AssertPasses(Cases, name);
}

/// <summary>If (chosen at run time), Scan.</summary>
public sealed class ControlFlowConformanceTests : ConformanceFamily
{
    public static readonly string[] Cases =
    {
        "test_if",
        "test_scan9_sum",
        "test_scan_sum",
    };

    public static IEnumerable<object[]> CaseNames() => Rows(Cases);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Passes(string name) => AssertPasses(Cases, name);
}

/// <summary>Softmax, LogSoftmax, Hardmax (all opsets), Dropout.</summary>
public sealed class SoftmaxAndDropoutConformanceTests : ConformanceFamily
{
    public static readonly string[] Cases =
    {
        "test_LogSoftmax",
        "test_Softmax",
        "test_dropout_default",
        "test_dropout_default_mask",
        "test_dropout_default_mask_ratio",
        "test_dropout_default_old",
        "test_dropout_default_ratio",
        "test_dropout_random_old",
        "test_hardmax_axis_0",
        "test_hardmax_axis_1",
        "test_hardmax_axis_2",
        "test_hardmax_default_axis",
        "test_hardmax_example",
        "test_hardmax_negative_axis",
        "test_hardmax_one_hot",
        "test_log_softmax_dim3",
        "test_log_softmax_lastdim",
        "test_logsoftmax_axis_0",
        "test_logsoftmax_axis_1",
        "test_logsoftmax_axis_2",
        "test_logsoftmax_default_axis",
        "test_logsoftmax_example_1",
        "test_logsoftmax_large_number",
        "test_logsoftmax_negative_axis",
        "test_softmax_axis_0",
        "test_softmax_axis_1",
        "test_softmax_axis_2",
        "test_softmax_default_axis",
        "test_softmax_example",
        "test_softmax_functional_dim3",
        "test_softmax_large_number",
        "test_softmax_lastdim",
        "test_softmax_negative_axis",
        "test_training_dropout_zero_ratio",
        "test_training_dropout_zero_ratio_mask",
    };

    public static IEnumerable<object[]> CaseNames() => Rows(Cases);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Passes(string name) => AssertPasses(Cases, name);
}

/// <summary>NegativeLogLikelihoodLoss, SoftmaxCrossEntropyLoss.</summary>
public sealed class LossConformanceTests : ConformanceFamily
{
    public static readonly string[] Cases =
    {
        "test_nllloss_NC",
        "test_nllloss_NCd1",
        "test_nllloss_NCd1_ii",
        "test_nllloss_NCd1_mean_weight_negative_ii",
        "test_nllloss_NCd1_weight",
        "test_nllloss_NCd1_weight_ii",
        "test_nllloss_NCd1d2",
        "test_nllloss_NCd1d2_no_weight_reduction_mean_ii",
        "test_nllloss_NCd1d2_reduction_mean",
        "test_nllloss_NCd1d2_reduction_sum",
        "test_nllloss_NCd1d2_with_weight",
        "test_nllloss_NCd1d2_with_weight_reduction_mean",
        "test_nllloss_NCd1d2_with_weight_reduction_sum",
        "test_nllloss_NCd1d2_with_weight_reduction_sum_ii",
        "test_nllloss_NCd1d2d3_none_no_weight_negative_ii",
        "test_nllloss_NCd1d2d3_sum_weight_high_ii",
        "test_nllloss_NCd1d2d3d4d5_mean_weight",
        "test_nllloss_NCd1d2d3d4d5_none_no_weight",
        "test_sce_NCd1_mean_weight_negative_ii",
        "test_sce_NCd1_mean_weight_negative_ii_log_prob",
        "test_sce_NCd1d2d3_none_no_weight_negative_ii",
        "test_sce_NCd1d2d3_none_no_weight_negative_ii_log_prob",
        "test_sce_NCd1d2d3_sum_weight_high_ii",
        "test_sce_NCd1d2d3_sum_weight_high_ii_log_prob",
        "test_sce_NCd1d2d3d4d5_mean_weight",
        "test_sce_NCd1d2d3d4d5_mean_weight_log_prob",
        "test_sce_NCd1d2d3d4d5_none_no_weight",
        "test_sce_NCd1d2d3d4d5_none_no_weight_log_prob",
        "test_sce_mean",
        "test_sce_mean_3d",
        "test_sce_mean_3d_log_prob",
        "test_sce_mean_log_prob",
        "test_sce_mean_no_weight_ii",
        "test_sce_mean_no_weight_ii_3d",
        "test_sce_mean_no_weight_ii_3d_log_prob",
        "test_sce_mean_no_weight_ii_4d",
        "test_sce_mean_no_weight_ii_4d_log_prob",
        "test_sce_mean_no_weight_ii_log_prob",
        "test_sce_mean_weight",
        "test_sce_mean_weight_ii",
        "test_sce_mean_weight_ii_3d",
        "test_sce_mean_weight_ii_3d_log_prob",
        "test_sce_mean_weight_ii_4d",
        "test_sce_mean_weight_ii_4d_log_prob",
        "test_sce_mean_weight_ii_log_prob",
        "test_sce_mean_weight_log_prob",
        "test_sce_none",
        "test_sce_none_log_prob",
        "test_sce_none_weights",
        "test_sce_none_weights_log_prob",
        "test_sce_sum",
        "test_sce_sum_log_prob",
    };

    public static IEnumerable<object[]> CaseNames() => Rows(Cases);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Passes(string name) => AssertPasses(Cases, name);
}

/// <summary>QuantizeLinear, DequantizeLinear, DynamicQuantizeLinear, ConvInteger, QLinearConv, MatMulInteger, QLinearMatMul.</summary>
public sealed class QuantizationConformanceTests : ConformanceFamily
{
    public static readonly string[] Cases =
    {
        "test_basic_convinteger",
        "test_convinteger_with_padding",
        "test_convinteger_without_padding",
        "test_dequantizelinear",
        "test_dequantizelinear_axis",
        "test_dynamicquantizelinear",
        "test_dynamicquantizelinear_max_adjusted",
        "test_dynamicquantizelinear_min_adjusted",
        "test_matmulinteger",
        "test_qlinearconv",
        "test_qlinearmatmul_2D",
        "test_qlinearmatmul_3D",
        "test_quantizelinear",
        "test_quantizelinear_axis",
    };

    public static IEnumerable<object[]> CaseNames() => Rows(Cases);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Passes(string name) => AssertPasses(Cases, name);
}

/// <summary>DFT, STFT, window functions, MelWeightMatrix.</summary>
public sealed class SignalConformanceTests : ConformanceFamily
{
    public static readonly string[] Cases =
    {
        "test_blackmanwindow",
        "test_blackmanwindow_symmetric",
        "test_dft",
        "test_dft_axis",
        "test_dft_inverse",
        "test_hammingwindow",
        "test_hammingwindow_symmetric",
        "test_hannwindow",
        "test_hannwindow_symmetric",
        "test_melweightmatrix",
        "test_stft",
        "test_stft_with_window",
    };

    public static IEnumerable<object[]> CaseNames() => Rows(Cases);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Passes(string name) => AssertPasses(Cases, name);
}
