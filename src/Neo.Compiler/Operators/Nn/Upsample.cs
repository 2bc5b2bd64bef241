using System.Linq;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Nn;

/// <summary>
/// Upsample (opsets 7-9, deprecated by Resize): nearest or linear, asymmetric coordinates, the output
/// floor(input·scale); scales are an attribute (opset 7) or an input known at build time (opset 9).
/// </summary>
public sealed class Upsample : Operator
{
    public override string OpType => "Upsample";

    /// <summary>Reads the scales at build time.</summary>
    public override bool NeedsConstantInput(Node node, int index) => index == 1;

    public override OpKind Kind => OpKind.Injective;

    public override string Notes => "nearest, linear; scales known at build time";

    private static double[] Scales(Node node)
    {
        double[] scales;
        if (node.Input(1) is { } s)
        {
            scales = (s.Constant ?? throw NotConstant(node, s, "scales")).ToDoubleArray();
        }
        else
        {
            scales = (node.GetFloats("scales") ?? throw Invalid(node, "has no scales.")).Select(v => (double)v).ToArray();
        }

        int rank = ShapeOf(node.RequireInput(0)).Length;
        if (scales.Length != rank || scales.Any(v => v < 1))
        {
            throw Invalid(node, $"has scales [{string.Join(",", scales)}] for rank {rank}; Upsample takes one scale ≥ 1 per dim.");
        }

        return scales;
    }

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, DataType.Float32);
        int[] x = ShapeOf(node.RequireInput(0));
        double[] s = Scales(node);
        SetOutput(node, 0, DataType.Float32, x.Select((d, i) => (int)System.Math.Floor(d * s[i])).ToArray());
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.RequireInput(0);
        int rank = x.Shape!.Length;
        ResampleMode mode = node.GetString("mode", "nearest") switch
        {
            "nearest" => ResampleMode.Nearest,
            "linear" or "bilinear" => ResampleMode.Linear,
            string m => throw Invalid(node, $"has mode '{m}'; Upsample defines nearest and linear."),
        };
        var settings = new ResamplingTable.Settings(mode, "asymmetric", "legacy", -0.75f, false);
        Resize.Emit(node, context, x, node.Output(0)!, Scales(node), new double[rank], Enumerable.Repeat(1.0, rank).ToArray(), settings, 0f);
    }
}
