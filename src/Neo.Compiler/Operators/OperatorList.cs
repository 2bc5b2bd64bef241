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
    };
}
