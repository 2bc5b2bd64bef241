using System.Collections.Generic;

namespace Neo.Compiler.Operators;

/// <summary>The list the registry is built from. Add a new operator here (see docs/adding-an-operator.md).</summary>
internal static class OperatorList
{
    public static IEnumerable<Operator> All() => new Operator[]
    {
        // Neural-network operators
        new Nn.Conv(),
        new Nn.Gemm(),
        new Nn.MaxPool(),
        new Nn.AveragePool(),
        new Nn.GlobalAveragePool(),
        new Nn.GlobalMaxPool(),
        new Nn.GlobalLpPool(),
        new Nn.LpPool(),
        new Nn.MaxUnpool(),
        new Nn.MaxRoiPool(),
        new Nn.ConvTranspose(),
        new Nn.Resize(),
        new Nn.Upsample(),
        new Nn.GridSample(),
        new Nn.RoiAlign(),
        new Nn.BatchNormalization(),
        new Nn.InstanceNormalization(),
        new Nn.LRN(),
        new Nn.Softmax(),
        new Nn.LogSoftmax(),
        new Nn.Hardmax(),
        new Nn.Dropout(),

        // Recurrent layers
        new Recurrent.LSTM(),
        new Recurrent.GRU(),
        new Recurrent.RNN(),

        // Quantization
        new Quantization.QuantizeLinear(),
        new Quantization.DequantizeLinear(),
        new Quantization.DynamicQuantizeLinear(),
        new Quantization.ConvInteger(),
        new Quantization.QLinearConv(),
        new Quantization.MatMulInteger(),
        new Quantization.QLinearMatMul(),

        // Signal processing
        new Signal.DFT(),
        new Signal.STFT(),
        new Signal.HannWindow(),
        new Signal.HammingWindow(),
        new Signal.BlackmanWindow(),
        new Signal.MelWeightMatrix(),

        // Losses
        new Loss.NegativeLogLikelihoodLoss(),
        new Loss.SoftmaxCrossEntropyLoss(),

        // Control flow (expanded at build time)
        new ControlFlow.If(),
        new ControlFlow.Loop(),
        new ControlFlow.Scan(),
        new ControlFlow.Choose(),

        // Elementwise activations and math
        new Elementwise.Relu(),
        new Elementwise.Sigmoid(),
        new Elementwise.Tanh(),
        new Elementwise.LeakyRelu(),
        new Elementwise.Clip(),
        new Elementwise.HardSigmoid(),
        new Elementwise.HardSwish(),
        new Elementwise.Sqrt(),
        new Elementwise.Neg(),
        new Elementwise.Exp(),
        new Elementwise.Log(),
        new Elementwise.Abs(),
        new Elementwise.Erf(),
        new Elementwise.Add(),
        new Elementwise.Sub(),
        new Elementwise.Mul(),
        new Elementwise.Div(),
        new Elementwise.Pow(),

        // Tensor manipulation
        new Tensor.Identity(),
        new Tensor.Constant(),
        new Tensor.Flatten(),
        new Tensor.Reshape(),
        new Tensor.Shape(),
        new Tensor.Unsqueeze(),
        new Tensor.Concat(),
        new Tensor.Gather(),
        new Tensor.Cast(),

        // Tree ensembles: ONNX-ML operators, and Neo's own node for XGBoost and LightGBM models
        new Ml.TreeEnsembleRegressor(),
        new Ml.TreeEnsembleClassifier(),
        new Trees.TreeEnsembleOperator(),
        // Elementwise math, more functions and element types
        new Elementwise.Sin(),
        new Elementwise.Cos(),
        new Elementwise.Tan(),
        new Elementwise.Asin(),
        new Elementwise.Acos(),
        new Elementwise.Atan(),
        new Elementwise.Sinh(),
        new Elementwise.Cosh(),
        new Elementwise.Asinh(),
        new Elementwise.Acosh(),
        new Elementwise.Atanh(),
        new Elementwise.Reciprocal(),
        new Elementwise.Ceil(),
        new Elementwise.Floor(),
        new Elementwise.Round(),
        new Elementwise.Sign(),
        new Elementwise.Softplus(),
        new Elementwise.Softsign(),
        new Elementwise.Mish(),
        new Elementwise.Gelu(),
        new Elementwise.Elu(),
        new Elementwise.Selu(),
        new Elementwise.Celu(),
        new Elementwise.ThresholdedRelu(),
        new Elementwise.Shrink(),
        new Elementwise.PRelu(),
        new Elementwise.Mod(),
        new Elementwise.BitShift(),
        new Elementwise.Max(),
        new Elementwise.Min(),
        new Elementwise.Sum(),
        new Elementwise.Mean(),
        new Elementwise.Not(),
        new Elementwise.And(),
        new Elementwise.Or(),
        new Elementwise.Xor(),

        // Comparison and selection
        new Logic.Equal(),
        new Logic.Less(),
        new Logic.LessOrEqual(),
        new Logic.Greater(),
        new Logic.GreaterOrEqual(),
        new Logic.IsNaN(),
        new Logic.IsInf(),
        new Logic.Where(),

        // Data movement
        new Tensor.Transpose(),
        new Tensor.Slice(),
        new Tensor.Split(),
        new Tensor.Squeeze(),
        new Tensor.Expand(),
        new Tensor.Tile(),
        new Tensor.Pad(),
        new Tensor.DepthToSpace(),
        new Tensor.SpaceToDepth(),
        new Tensor.ReverseSequence(),
        new Tensor.Size(),
        new Tensor.CastLike(),

        // Indexing
        new Indexing.GatherElements(),
        new Indexing.GatherND(),
        new Indexing.ScatterElements(),
        new Indexing.Scatter(),
        new Indexing.ScatterND(),
        new Indexing.OneHot(),
        new Indexing.Trilu(),

        // Generators
        new Generator.ConstantOfShape(),
        new Generator.Range(),
        new Generator.EyeLike(),

        // Reductions
        new Reduction.ReduceMean(),
        new Reduction.ReduceSum(),
        new Reduction.ReduceMax(),
        new Reduction.ReduceMin(),
        new Reduction.ReduceProd(),
        new Reduction.ReduceL1(),
        new Reduction.ReduceL2(),
        new Reduction.ReduceLogSum(),
        new Reduction.ReduceLogSumExp(),
        new Reduction.ReduceSumSquare(),
        new Reduction.ArgMax(),
        new Reduction.ArgMin(),
        new Reduction.CumSum(),
        new Reduction.TopK(),

        // Linear algebra and normalization
        new LinearAlgebra.MatMul(),
        new LinearAlgebra.Einsum(),
        new LinearAlgebra.Det(),
        new Normalization.LayerNormalization(),
        new Normalization.MeanVarianceNormalization(),

        // Text
        new Text.TfIdfVectorizer(),

        // Neo's own operators (domain "neo"): what the optimizer makes of fused groups and recognized patterns
        new Fused.FusedElementwise(),
        new Fused.Silu(),
        new Fused.MaskedSoftmax(),
    };
}
