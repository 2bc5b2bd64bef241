using System;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators.Support;

namespace Neo.Compiler.Operators.Tensor;

/// <summary>
/// Pad: constant, reflect, edge or wrap padding; pads (and the constant value) are attributes before opset
/// 11 and inputs after, with opset 18's axes; negative pads crop.
/// </summary>
public sealed class Pad : Operator
{
    public override string OpType => "Pad";

    public override OpKind Kind => OpKind.Injective;

    public override string Notes => "constant, reflect, edge, wrap; negative pads crop";

    public override bool NeedsConstantInput(Node node, int index) => index is 1 or 3;

    private static (int[] Before, int[] After) Pads(Node node)
    {
        int rank = node.Input(0)!.Shape!.Length;
        long[] pads = node.OpsetVersion is > 0 and < 11
            ? (node.GetInts("pads") ?? node.GetInts("paddings") ?? throw Invalid(node, "lacks its pads."))
            : ConstantInts(node, 1, "pads") ?? throw Invalid(node, "lacks its pads.");
        long[]? axes = node.OpsetVersion >= 18 ? ConstantInts(node, 3, "axes") : null;
        int[] axisList = axes is null ? Enumerable.Range(0, rank).ToArray() : axes.Select(a => Shapes.NormalizeAxis(a, rank)).ToArray();
        if (pads.Length != 2 * axisList.Length || axisList.Any(a => a < 0))
        {
            throw Invalid(node, $"has {pads.Length} pads for {axisList.Length} axes of a tensor of rank {rank}.");
        }

        var before = new int[rank];
        var after = new int[rank];
        for (int i = 0; i < axisList.Length; i++)
        {
            before[axisList[i]] = (int)pads[i];
            after[axisList[i]] = (int)pads[i + axisList.Length];
        }

        return (before, after);
    }

    private static Neo.Runtime.Kernels.PadMode Mode(Node node) => node.GetString("mode", "constant") switch
    {
        "constant" => Neo.Runtime.Kernels.PadMode.Constant,
        "reflect" => Neo.Runtime.Kernels.PadMode.Reflect,
        "edge" => Neo.Runtime.Kernels.PadMode.Edge,
        "wrap" => Neo.Runtime.Kernels.PadMode.Wrap,
        string m => throw Invalid(node, $"has mode '{m}'; ONNX allows constant, reflect, edge and wrap."),
    };

    public override void InferShapes(Node node)
    {
        Value x = node.RequireInput(0);
        int[] s = ShapeOf(x);
        (int[] before, int[] after) = Pads(node);
        _ = Mode(node);
        int[] shape = s.Select((d, i) => d + before[i] + after[i]).ToArray();
        if (shape.Any(d => d < 0))
        {
            throw Invalid(node, $"crops {Shapes.Format(s)} below zero.");
        }

        if (Mode(node) != Neo.Runtime.Kernels.PadMode.Constant && s.Any(d => d == 0) && shape.Any(d => d > 0))
        {
            throw Invalid(node, "pads an empty tensor in a mode that copies its elements.");
        }

        SetOutput(node, 0, x.Type, shape);
    }

    /// <summary>The fill value for constant mode: the value input (which may be computed at run time), the attribute before opset 11, else 0.</summary>
    private static LTensor Fill(LoweringContext context, Node node, DataType type)
    {
        if (node.OpsetVersion is not (> 0 and < 11) && node.Input(2) is { Constant: null } runtimeValue)
        {
            return context.TensorOf(runtimeValue);
        }

        return context.Weights(node.Name + " pad value", ConstantFill(node, type).WithShape(new[] { 1 }));
    }

    private static TensorData ConstantFill(Node node, DataType type)
    {
        if (node.OpsetVersion is > 0 and < 11)
        {
            return KernelFolding.Cast(TensorData.Scalar(node.GetFloat("value", 0f)), type);
        }

        Value? v = node.Input(2);
        if (v is null)
        {
            return TensorData.Create(type, Array.Empty<int>());
        }

        if (v.Constant is { Length: 0 })
        {
            return TensorData.Create(type, Array.Empty<int>());
        }

        return v.Constant!.WithShape(Array.Empty<int>());
    }

    public override TensorData[]? Fold(Node node) => null;

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.Input(0)!, y = node.Output(0)!;
        if (y.Size == 0)
        {
            return;
        }

        (int[] before, _) = Pads(node);
        context.Step("Strided.Pad").In("input", x).Out("output", y)
            .Ints("inputShape", x.Shape!.Length == 0 ? new[] { 1 } : x.Shape!)
            .Ints("outputShape", y.Shape!.Length == 0 ? new[] { 1 } : y.Shape!)
            .Ints("before", before.Length == 0 ? new[] { 0 } : before)
            .Expr("mode", "PadMode." + Mode(node))
            .In("value", Fill(context, node, x.Type));
    }
}
