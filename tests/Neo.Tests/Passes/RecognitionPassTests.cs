using Neo.Compiler.IR;
using Neo.Compiler.Passes;
using Xunit;

namespace Neo.Tests.Passes;

/// <summary>Recognition of decomposed LayerNorm, GELU, SiLU, HardSwish and masked softmax: IR before and after, and near misses.</summary>
public sealed class RecognitionPassTests
{
    /// <summary>The LayerNorm pattern PyTorch 1.13 exports (tiny_bert's norm1).</summary>
    private static IrBuilder LayerNorm(long[] axes, bool meanReadTwice = false)
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 1, 4, 8);
        int[] reduced = axes[0] == -1 ? new[] { 1, 4, 1 } : new[] { 1, 1, 8 };
        Value mean = b.NodeWithShape("ReduceMean", "mean", reduced, new[] { x }, ("axes", axes));
        Value d = b.Node("Sub", "d", new[] { x, mean });
        Value sq = b.Node("Pow", "sq", new[] { d, b.Scalar("two", 2f) });
        Value variance = b.NodeWithShape("ReduceMean", "var", reduced, new[] { sq }, ("axes", axes));
        Value ve = b.Node("Add", "ve", new[] { variance, b.Scalar("eps", 1e-5f) });
        Value std = b.Node("Sqrt", "std", new[] { ve });
        Value n = b.Node("Div", "n", new[] { d, std });
        Value g = b.Node("Mul", "g", new[] { n, b.Weights("gamma", 8) });
        Value y = b.Node("Add", "y", new[] { g, b.Weights("beta", 8) });
        b.Output(y);
        if (meanReadTwice)
        {
            b.Output(mean);
        }

        return b;
    }

    [Fact]
    public void LayerNormPatternBecomesOneNode()
    {
        PassAssert.Rewrites(new LayerNormRecognition(), LayerNorm(new long[] { -1 }).Graph, """
            graph test
              input x: float32[1,4,8]
              mean: float32[1,4,1] = ReduceMean(x) {axes=[-1]}  # mean
              d: float32[1,4,8] = Sub(x, mean)  # d
              sq: float32[1,4,8] = Pow(d, const two)  # sq
              var: float32[1,4,1] = ReduceMean(sq) {axes=[-1]}  # var
              ve: float32[1,4,1] = Add(var, const eps)  # ve
              std: float32[1,4,1] = Sqrt(ve)  # std
              n: float32[1,4,8] = Div(d, std)  # n
              g: float32[1,4,8] = Mul(n, const gamma)  # g
              y: float32[1,4,8] = Add(g, const beta)  # y
              output y: float32[1,4,8]

            """, """
            graph test
              input x: float32[1,4,8]
              y: float32[1,4,8] = LayerNormalization(x, const gamma, const beta) {axis=-1, epsilon=1E-05}  # mean/LayerNormalization
              output y: float32[1,4,8]

            """);
    }

    [Fact]
    public void LayerNormOverANonTrailingAxisIsNotRecognized()
    {
        PassAssert.LeavesUnchanged(new LayerNormRecognition(), LayerNorm(new long[] { 1 }).Graph);
    }

    [Fact]
    public void LayerNormWhoseMeanIsReadElsewhereIsNotRecognized()
    {
        PassAssert.LeavesUnchanged(new LayerNormRecognition(), LayerNorm(new long[] { -1 }, meanReadTwice: true).Graph);
    }

    private static IrBuilder GeluErf(float half)
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 2, 8);
        Value u = b.Node("Div", "u", new[] { x, b.Scalar("sqrt2", 1.4142135f) });
        Value e = b.Node("Erf", "e", new[] { u });
        Value e1 = b.Node("Add", "e1", new[] { e, b.Scalar("one", 1f) });
        Value p = b.Node("Mul", "p", new[] { x, e1 });
        b.Output(b.Node("Mul", "y", new[] { p, b.Scalar("half", half) }));
        return b;
    }

    [Fact]
    public void GeluErfPatternBecomesOneNode()
    {
        PassAssert.Rewrites(new GeluRecognition(), GeluErf(0.5f).Graph, """
            graph test
              input x: float32[2,8]
              u: float32[2,8] = Div(x, const sqrt2)  # u
              e: float32[2,8] = Erf(u)  # e
              e1: float32[2,8] = Add(e, const one)  # e1
              p: float32[2,8] = Mul(x, e1)  # p
              y: float32[2,8] = Mul(p, const half)  # y
              output y: float32[2,8]

            """, """
            graph test
              input x: float32[2,8]
              y: float32[2,8] = Gelu(x) {approximate="none"}  # u/Gelu
              output y: float32[2,8]

            """);
    }

    [Fact]
    public void GeluWithTheWrongConstantIsNotRecognized()
    {
        PassAssert.LeavesUnchanged(new GeluRecognition(), GeluErf(0.6f).Graph);
    }

    [Fact]
    public void GeluTanhPatternWithHalfTakenFirstBecomesOneNode()
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 8);
        Value cube = b.Node("Pow", "cube", new[] { x, b.Scalar("three", 3f) });
        Value k = b.Node("Mul", "k", new[] { cube, b.Scalar("c", 0.044715f) });
        Value inner = b.Node("Add", "inner", new[] { x, k });
        Value s = b.Node("Mul", "s", new[] { inner, b.Scalar("sqrt2pi", 0.7978846f) });
        Value t = b.Node("Tanh", "t", new[] { s });
        Value t1 = b.Node("Add", "t1", new[] { t, b.Scalar("one", 1f) });
        Value hx = b.Node("Mul", "hx", new[] { x, b.Scalar("half", 0.5f) });
        b.Output(b.Node("Mul", "y", new[] { hx, t1 }));
        PassAssert.Rewrites(new GeluRecognition(), b.Graph, """
            graph test
              input x: float32[8]
              cube: float32[8] = Pow(x, const three)  # cube
              k: float32[8] = Mul(cube, const c)  # k
              inner: float32[8] = Add(x, k)  # inner
              s: float32[8] = Mul(inner, const sqrt2pi)  # s
              t: float32[8] = Tanh(s)  # t
              t1: float32[8] = Add(t, const one)  # t1
              hx: float32[8] = Mul(x, const half)  # hx
              y: float32[8] = Mul(hx, t1)  # y
              output y: float32[8]

            """, """
            graph test
              input x: float32[8]
              y: float32[8] = Gelu(x) {approximate="tanh"}  # cube/Gelu
              output y: float32[8]

            """);
    }

    [Fact]
    public void SiluPatternBecomesOneNode()
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 1, 4, 3, 3);
        Value s = b.Node("Sigmoid", "s", new[] { x });
        b.Output(b.Node("Mul", "y", new[] { s, x }));
        PassAssert.Rewrites(new SiluRecognition(), b.Graph, """
            graph test
              input x: float32[1,4,3,3]
              s: float32[1,4,3,3] = Sigmoid(x)  # s
              y: float32[1,4,3,3] = Mul(s, x)  # y
              output y: float32[1,4,3,3]

            """, """
            graph test
              input x: float32[1,4,3,3]
              y: float32[1,4,3,3] = neo.Silu(x)  # s/Silu
              output y: float32[1,4,3,3]

            """);
    }

    [Fact]
    public void SigmoidOfAnotherTensorIsNotSilu()
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 4);
        Value z = b.Input("z", 4);
        Value s = b.Node("Sigmoid", "s", new[] { z });
        b.Output(b.Node("Mul", "y", new[] { s, x }));
        PassAssert.LeavesUnchanged(new SiluRecognition(), b.Graph);
    }

    private static IrBuilder HardSwishClip(float max)
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 1, 4, 2, 2);
        Value a = b.Node("Add", "a", new[] { x, b.Scalar("three", 3f) });
        Value c = b.Node("Clip", "c", new[] { a, b.Scalar("zero", 0f), b.Scalar("six", max) });
        Value m = b.Node("Mul", "m", new[] { x, c });
        b.Output(b.Node("Div", "y", new[] { m, b.Scalar("six2", 6f) }));
        return b;
    }

    [Fact]
    public void HardSwishClipPatternBecomesOneNode()
    {
        PassAssert.Rewrites(new HardSwishRecognition(), HardSwishClip(6f).Graph, """
            graph test
              input x: float32[1,4,2,2]
              a: float32[1,4,2,2] = Add(x, const three)  # a
              c: float32[1,4,2,2] = Clip(a, const zero, const six)  # c
              m: float32[1,4,2,2] = Mul(x, c)  # m
              y: float32[1,4,2,2] = Div(m, const six2)  # y
              output y: float32[1,4,2,2]

            """, """
            graph test
              input x: float32[1,4,2,2]
              y: float32[1,4,2,2] = HardSwish(x)  # a/HardSwish
              output y: float32[1,4,2,2]

            """);
    }

    [Fact]
    public void ClipToOtherBoundsIsNotHardSwish()
    {
        PassAssert.LeavesUnchanged(new HardSwishRecognition(), HardSwishClip(5f).Graph);
    }

    [Fact]
    public void HardSigmoidTimesInputBecomesHardSwish()
    {
        var b = new IrBuilder();
        Value x = b.Input("x", 6);
        Value h = b.Node("HardSigmoid", "h", new[] { x }, ("alpha", 1f / 6f), ("beta", 0.5f));
        b.Output(b.Node("Mul", "y", new[] { x, h }));
        PassAssert.Rewrites(new HardSwishRecognition(), b.Graph, """
            graph test
              input x: float32[6]
              h: float32[6] = HardSigmoid(x) {alpha=0.16666667, beta=0.5}  # h
              y: float32[6] = Mul(x, h)  # y
              output y: float32[6]

            """, """
            graph test
              input x: float32[6]
              y: float32[6] = HardSwish(x)  # h/HardSwish
              output y: float32[6]

            """);
    }

    private static IrBuilder MaskedSoftmax(long axis)
    {
        var b = new IrBuilder();
        Value scores = b.Input("scores", 1, 2, 4, 4);
        Value mask = b.Input("mask", 1, 1, 1, 4);
        Value scaled = b.Node("Div", "scaled", new[] { scores, b.Scalar("root", 8f) });
        Value masked = b.Node("Add", "masked", new[] { scaled, mask });
        b.Output(b.Node("Softmax", "y", new[] { masked }, ("axis", axis)));
        return b;
    }

    [Fact]
    public void ScaledMaskedSoftmaxBecomesOneNode()
    {
        PassAssert.Rewrites(new MaskedSoftmaxRecognition(), MaskedSoftmax(-1).Graph, """
            graph test
              input scores: float32[1,2,4,4]
              input mask: float32[1,1,1,4]
              scaled: float32[1,2,4,4] = Div(scores, const root)  # scaled
              masked: float32[1,2,4,4] = Add(scaled, mask)  # masked
              y: float32[1,2,4,4] = Softmax(masked) {axis=-1}  # y
              output y: float32[1,2,4,4]

            """, """
            graph test
              input scores: float32[1,2,4,4]
              input mask: float32[1,1,1,4]
              y: float32[1,2,4,4] = neo.MaskedSoftmax(scores, mask) {scale=0.125}  # scaled/MaskedSoftmax
              output y: float32[1,2,4,4]

            """);
    }

    [Fact]
    public void SoftmaxOverAnotherAxisIsNotMasked()
    {
        PassAssert.LeavesUnchanged(new MaskedSoftmaxRecognition(), MaskedSoftmax(1).Graph);
    }
}
