using System;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Fused;

/// <summary>
/// neo.MaskedSoftmax(scores, mask) {scale}: softmax(scores · scale + mask) along the last axis, the mask
/// broadcast to the scores. MaskedSoftmaxRecognition makes it from [Div or Mul by a constant →] Add(mask) → Softmax,
/// the attention pattern exporters emit, saving two passes over the scores.
/// </summary>
public sealed class MaskedSoftmax : Operator
{
    public override string OpType => "MaskedSoftmax";

    public override string Domain => NeoDomain.Name;

    public override OpKind Kind => OpKind.Reduction;

    public override string Notes => "made by MaskedSoftmaxRecognition";

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, DataType.Float32);
        RequireType(node, 1, DataType.Float32);
        int[] x = ShapeOf(node.RequireInput(0)), m = ShapeOf(node.RequireInput(1));
        if (x.Length == 0 || Shapes.Broadcast(x, m) is not { } b || !Shapes.Equal(b, x))
        {
            throw Mismatch(node, $"masks scores {Shapes.Format(x)} with {Shapes.Format(m)}, which does not broadcast to them.");
        }

        SetOutput(node, 0, DataType.Float32, x);
    }

    /// <summary>The mask's element strides along each dimension of the scores (0 where it is broadcast).</summary>
    public static int[] MaskStrides(int[] scores, int[] mask)
    {
        var strides = new int[scores.Length];
        int acc = 1;
        for (int d = scores.Length - 1; d >= 0; d--)
        {
            int k = d - (scores.Length - mask.Length);
            int dim = k >= 0 ? mask[k] : 1;
            strides[d] = dim == 1 ? 0 : acc;
            acc *= dim;
        }

        return strides;
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.RequireInput(0), mask = node.RequireInput(1), y = node.Output(0)!;
        int[] xs = x.Shape!;
        int[] strides = MaskStrides(xs, mask.Shape!);
        context.Step("MaskedSoftmax.Run").In("input", x).In("mask", mask).Out("output", y)
            .Ints("rowShape", xs.Take(xs.Length - 1)).Ints("maskRowStrides", strides.Take(xs.Length - 1))
            .Int("length", xs[^1]).Int("maskStride", strides[^1]).Float("scale", node.GetFloat("scale", 1f))
            .InPlace(y, x);
    }

    public override TensorData[]? Fold(Node node)
    {
        Value x = node.RequireInput(0), mask = node.RequireInput(1);
        int[] xs = x.Shape!;
        int[] strides = MaskStrides(xs, mask.Shape!);
        var y = new float[x.Constant!.Length];
        Neo.Runtime.Kernels.MaskedSoftmax.Run(x.Constant.As<float>(), mask.Constant!.As<float>(), y, xs[..^1], strides[..^1], xs[^1], strides[^1], node.GetFloat("scale", 1f));
        return new[] { TensorData.FromFloats(xs, y) };
    }
}
