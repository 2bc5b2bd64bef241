using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Neo.Tests.Infrastructure;
using Xunit;

namespace Neo.Tests.Trees;

/// <summary>
/// ai.onnx.ml TreeEnsembleRegressor and TreeEnsembleClassifier models (make_cases.py: converted XGBoost
/// models and hand-made ensembles covering every node mode, aggregate, post-transform and binary case)
/// against ONNX Runtime: labels equal, scores within 1e-6 of the largest.
/// </summary>
public sealed class OnnxMlTreeTests
{
    public static IEnumerable<object[]> Cases() => TreeCases.Named("onnx_");

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesOnnxRuntime(string name)
    {
        ModelCase c = ModelCase.Load(Path.Combine(TreeCases.Root, name));
        Array[] got = TreeCases.Run(c, c.ModelPath);
        float[] x = c.Inputs[0].Value.As<float>();
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(c.ModelPath, options);
        var input = new DenseTensor<float>(x, c.Inputs[0].Value.Shape);
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = session.Run(new[] { NamedOnnxValue.CreateFromTensor(c.Inputs[0].Name, input) });
        DisposableNamedOnnxValue[] expected = results.ToArray();
        Assert.Equal(expected.Length, got.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (expected[i].Value is Tensor<long> labels)
            {
                Assert.Equal(labels.ToArray(), (long[])got[i]);
            }
            else
            {
                TreeAssert.Close(((Tensor<float>)expected[i].Value).ToArray(), (float[])got[i], 1e-6, $"{name} output {expected[i].Name}");
            }
        }
    }
}
