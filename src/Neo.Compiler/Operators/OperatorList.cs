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
        new Nn.Softmax(),
        new Nn.LogSoftmax(),

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
        new Tensor.Dropout(),
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
    };
}
