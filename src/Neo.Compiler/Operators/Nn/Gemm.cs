using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;

namespace Neo.Compiler.Operators.Nn;

/// <summary>Gemm: Y = alpha·op(A)·op(B) + beta·C, with transA/transB and C broadcast to [M, N].</summary>
public sealed class Gemm : Operator
{
    public override string OpType => "Gemm";

    public override OpKind Kind => OpKind.OutFusable;

    public override string Notes => "transA, transB, alpha, beta; C scalar, row, column or full";

    public override void InferShapes(Node node)
    {
        RequireType(node, 0, DataType.Float32);
        RequireType(node, 1, DataType.Float32);
        (int m, int n, int k, int kb) = Dims(node);
        if (k != kb)
        {
            throw Mismatch(node, $"multiplies {Shapes.Format(node.Input(0)!.Shape)} by {Shapes.Format(node.Input(1)!.Shape)} (transA={node.GetInt("transA", 0)}, transB={node.GetInt("transB", 0)}): inner dimensions {k} and {kb} differ.");
        }

        if (node.Input(2) is { } c)
        {
            RequireType(node, 2, DataType.Float32);
            if (Shapes.Broadcast(c.Shape!, new[] { m, n }) is not { } s || s[0] != m || s[1] != n)
            {
                throw Mismatch(node, $"has C {Shapes.Format(c.Shape)}, which does not broadcast to [{m},{n}].");
            }
        }

        SetOutput(node, 0, DataType.Float32, new[] { m, n });
    }

    private (int M, int N, int K, int KB) Dims(Node node)
    {
        int[] a = ShapeOf(node.RequireInput(0)), b = ShapeOf(node.RequireInput(1));
        if (a.Length != 2 || b.Length != 2)
        {
            throw Invalid(node, $"has A {Shapes.Format(a)} and B {Shapes.Format(b)}; both must be matrices.");
        }

        bool ta = node.GetInt("transA", 0) != 0, tb = node.GetInt("transB", 0) != 0;
        int m = ta ? a[1] : a[0], k = ta ? a[0] : a[1];
        int kb = tb ? b[1] : b[0], n = tb ? b[0] : b[1];
        return (m, n, k, kb);
    }

    public override long Macs(Node node)
    {
        (int m, int n, int k, _) = Dims(node);
        return (long)m * n * k;
    }

    public override void Lower(Node node, LoweringContext context)
    {
        (int m, int n, int k, _) = Dims(node);
        Value a = node.RequireInput(0), b = node.RequireInput(1), y = node.Output(0)!;
        Value? c = node.Input(2);
        string bias = "GemmBias.None";
        if (c is not null)
        {
            int[] cs = c.Shape!;
            long size = Shapes.Size(cs);
            bias = size == 1 ? "GemmBias.Scalar"
                : size == (long)m * n ? "GemmBias.Full"
                : cs[^1] == n && size == n ? "GemmBias.Row"
                : "GemmBias.Column";
        }

        bool transA = node.GetInt("transA", 0) != 0, transB = node.GetInt("transB", 0) != 0;
        float alpha = node.GetFloat("alpha", 1f), beta = node.GetFloat("beta", 1f);
        StepBuilder step;
        if (b.Constant is { } weights)
        {
            // B packed at build time into 16-column panels, with alpha folded in: no repacking at run time.
            var packed = new float[Neo.Runtime.Kernels.Gemm.PackedBLength(k, n)];
            Neo.Runtime.Kernels.Gemm.PackB(weights.As<float>(), packed, k, n, transB, alpha);
            LTensor packedTensor = context.Weights(b.Name + " (packed)", TensorData.FromFloats(new[] { packed.Length }, packed));
            step = context.Step("Gemm.RunPacked").Team().In("a", a).In("packedB", packedTensor);
            alpha = 1f;
        }
        else
        {
            step = context.Step("Gemm.Run").Team().In("a", a).In("b", b);
        }

        if (c is not null && c.Constant is { } cData && beta != 1f)
        {
            // beta folded into a constant C at build time.
            float[] scaled = cData.As<float>().Select(v => v * beta).ToArray();
            step.In("c", context.Weights(c.Name + " (scaled)", TensorData.FromFloats(cData.Shape, scaled)));
            beta = 1f;
        }
        else if (c is not null)
        {
            step.In("c", c);
        }
        else
        {
            step.Expr("c", "default");
        }

        step.Out("y", y).Int("m", m).Int("n", n).Int("k", k).Bool("transA", transA);
        if (step.Step.Call == "Gemm.Run")
        {
            step.Bool("transB", transB);
        }

        step.Float("alpha", alpha).Float("beta", beta).Expr("bias", bias);
        if (node.Residual is { } residual)
        {
            step.In("residual", residual);
        }
        else
        {
            step.Expr("residual", "default");
        }

        step.Expr("epilogue", Epilogues.Expression(node, context.Operators));
    }
}
