using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators.Support;

namespace Neo.Compiler.Operators.Elementwise;

/// <summary>
/// PRelu: x &lt; 0 ? slope·x : x, the slope broadcast to x unidirectionally (numpy rules). A 1-D slope of
/// one value per channel that does not broadcast that way (as opset 6 and older exporters give) applies
/// along dim 1.
/// </summary>
public sealed class PRelu : BinaryElementwise<Neo.Runtime.Kernels.PRelu>
{
    public override string OpType => "PRelu";

    public override string Notes => "numpy or per-channel slope";

    /// <summary>The slope's shape as it broadcasts against X.</summary>
    private static int[] SlopeShape(Node node)
    {
        int[] x = node.Input(0)!.Shape!, slope = node.Input(1)!.Shape!;
        if (Shapes.Broadcast(x, slope) is { } b && Shapes.Equal(b, x))
        {
            return slope;
        }

        if (slope.Length == 1 && x.Length >= 2 && slope[0] == x[1])
        {
            return new[] { slope[0] }.Concat(Enumerable.Repeat(1, x.Length - 2)).ToArray();
        }

        throw Mismatch(node, $"has slope {Shapes.Format(slope)}, which does not broadcast to X {Shapes.Format(x)}.");
    }

    public override void InferShapes(Node node)
    {
        Value x = node.RequireInput(0), slope = node.RequireInput(1);
        RequireType(node, 0, Types);
        if (slope.Type != x.Type)
        {
            throw Mismatch(node, $"has slope of type {DataTypes.Name(slope.Type)} for X of type {DataTypes.Name(x.Type)}.");
        }

        _ = ShapeOf(slope);
        _ = SlopeShape(node);
        SetOutput(node, 0, x.Type, ShapeOf(x));
    }

    public override TensorData[]? Fold(Node node)
    {
        TensorData x = node.Input(0)!.Constant!, slope = node.Input(1)!.Constant!;
        return new[] { KernelFolding.Binary(x, slope.WithShape(SlopeShape(node)), CreateOp(node), x.Shape) };
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.Input(0)!, slope = node.Input(1)!, y = node.Output(0)!;
        int[] s = SlopeShape(node);
        if (Shapes.Equal(s, slope.Shape) || Shapes.Size(s) == 1)
        {
            base.Lower(node, context);
            return;
        }

        (int[] shape, int[] sx, int[] ss) = MultiBroadcast.Plan(x.Shape!, x.Shape!, s);
        context.Step("Elementwise.BinaryBroadcast").In("a", x).In("b", slope).Out("y", y)
            .Ints("shape", shape).Ints("aStrides", sx).Ints("bStrides", ss).Expr("op", Functor(node));
    }
}
