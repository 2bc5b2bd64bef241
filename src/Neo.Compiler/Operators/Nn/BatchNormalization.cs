using System;
using System.Linq;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Nn;

/// <summary>
/// BatchNormalization at inference: y = (x - mean) / sqrt(var + epsilon) · scale + B per channel (dim 1).
/// The statistics must be known at build time; they become one multiplier and one offset per channel, and
/// the node lowers to a single fused pass y = x · a + b. After a Conv or Gemm, BatchNormFolding removes it.
/// </summary>
public sealed class BatchNormalization : Operator
{
    public override string OpType => "BatchNormalization";

    public override OpKind Kind => OpKind.Broadcast;

    public override string Notes => "inference mode; statistics known at build time; folded into a preceding Conv or Gemm";

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, DataType.Float32);
        int[] x = ShapeOf(node.RequireInput(0));
        if (x.Length < 2)
        {
            throw Invalid(node, $"has input {Shapes.Format(x)}; it needs [N, C, ...].");
        }

        if (node.GetInt("training_mode", 0) != 0 || node.Outputs.Skip(1).Any(o => o is not null))
        {
            throw Invalid(node, "is in training mode or asks for the running statistics; Neo runs models for inference only. Export the model in eval mode.");
        }

        if (node.OpsetVersion is > 0 and < 9 && node.GetInt("spatial", 1) == 0)
        {
            throw Invalid(node, "has spatial=0 (statistics per activation), which Neo does not support.");
        }

        for (int i = 1; i <= 4; i++)
        {
            Value p = node.RequireInput(i);
            if (p.Type != DataType.Float32 || p.Size != x[1])
            {
                throw Mismatch(node, $"has {x[1]} channels but its parameter '{p.Name}' is {DataTypes.Name(p.Type)}{Shapes.Format(p.Shape)}.");
            }
        }

        SetOutput(node, 0, DataType.Float32, x);
    }

    /// <summary>Per channel: the multiplier scale / sqrt(var + epsilon) and the offset B - mean · multiplier.</summary>
    public static (float[] Multiplier, float[] Offset) Coefficients(Node node)
    {
        var p = new float[4][];
        for (int i = 0; i < 4; i++)
        {
            Value v = node.RequireInput(i + 1);
            p[i] = v.Constant?.As<float>() ?? throw new CompileErrorException(DiagnosticCodes.DynamicShape, $"node {node.Display} takes '{v.Name}' from a value computed at run time; Neo needs BatchNormalization's scale, bias and statistics at build time.", node.Name);
        }

        float epsilon = node.GetFloat("epsilon", 1e-5f);
        int c = p[0].Length;
        var multiplier = new float[c];
        var offset = new float[c];
        for (int i = 0; i < c; i++)
        {
            // In double, then rounded once: the folded weights then differ from the exact ones by one rounding.
            double m = p[0][i] / Math.Sqrt((double)p[3][i] + epsilon);
            multiplier[i] = (float)m;
            offset[i] = (float)(p[1][i] - (p[2][i] * m));
        }

        return (multiplier, offset);
    }

    public override TensorData[]? Fold(Node node)
    {
        Value x = node.RequireInput(0);
        (float[] a, float[] b) = Coefficients(node);
        int[] s = x.Shape!;
        int channels = s[1], plane = (int)Shapes.Size(s.AsSpan(2));
        float[] src = x.Constant!.As<float>();
        var y = new float[src.Length];
        for (int i = 0; i < y.Length; i++)
        {
            int c = i / plane % channels;
            y[i] = (src[i] * a[c]) + b[c];
        }

        return new[] { TensorData.FromFloats(s, y) };
    }

    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.RequireInput(0), y = node.Output(0)!;
        (float[] a, float[] b) = Coefficients(node);
        int[] s = x.Shape!;
        // Shaped [C, 1, ...] so that they broadcast along the channel dimension.
        int[] channelShape = new int[s.Length - 1];
        Array.Fill(channelShape, 1);
        channelShape[0] = s[1];
        LTensor multiplier = context.Weights(node.Name + " multiplier", TensorData.FromFloats(channelShape, a), prepacked: false);
        LTensor offset = context.Weights(node.Name + " offset", TensorData.FromFloats(channelShape, b), prepacked: false);
        Fused.FusedElementwise.Emit(
            context,
            new[] { node },
            new[] { context.TensorOf(x), multiplier, offset },
            context.TensorOf(y),
            "new Combine<Add,Combine<Mul,Arg0,Arg1>,Arg2>(default(Add),new Combine<Mul,Arg0,Arg1>(default(Mul),default(Arg0),default(Arg1)),default(Arg2))");
    }
}
