using System;
using Neo.Runtime.Threading;

namespace Neo.Runtime.Kernels;

/// <summary>How the C operand of a Gemm broadcasts to the M×N result.</summary>
public enum GemmBias
{
    /// <summary>No C.</summary>
    None = 0,

    /// <summary>One value for every element.</summary>
    Scalar = 1,

    /// <summary>A row of N values, repeated for each of the M rows (a bias).</summary>
    Row = 2,

    /// <summary>A column of M values, repeated across N.</summary>
    Column = 3,

    /// <summary>A full M×N matrix.</summary>
    Full = 4,
}

/// <summary>Matrix products.</summary>
public static class Gemm
{
    /// <summary>
    /// y = epilogue(alpha · op(A) · op(B) + beta · C + residual), A is M×K (K×M when transposed), B is K×N (N×K when
    /// transposed), row-major.
    /// </summary>
    public static void Run<TEpilogue>(
        ThreadTeam team,
        ReadOnlySpan<float> a,
        ReadOnlySpan<float> b,
        ReadOnlySpan<float> c,
        Span<float> y,
        int m,
        int n,
        int k,
        bool transA,
        bool transB,
        float alpha,
        float beta,
        GemmBias bias,
        ReadOnlySpan<float> residual,
        TEpilogue epilogue)
        where TEpilogue : struct, IUnaryOperator
    {
        _ = team;
        for (int i = 0; i < m; i++)
        {
            Span<float> row = y.Slice(i * n, n);
            row.Clear();
            if (transB)
            {
                for (int j = 0; j < n; j++)
                {
                    float s = 0f;
                    for (int p = 0; p < k; p++)
                    {
                        float av = transA ? a[(p * m) + i] : a[(i * k) + p];
                        s += av * b[(j * k) + p];
                    }

                    row[j] = s;
                }
            }
            else
            {
                for (int p = 0; p < k; p++)
                {
                    float av = transA ? a[(p * m) + i] : a[(i * k) + p];
                    if (av == 0f)
                    {
                        continue;
                    }

                    ReadOnlySpan<float> br = b.Slice(p * n, n);
                    for (int j = 0; j < n; j++)
                    {
                        row[j] += av * br[j];
                    }
                }
            }

            for (int j = 0; j < n; j++)
            {
                float v = alpha * row[j];
                v += bias switch
                {
                    GemmBias.Scalar => beta * c[0],
                    GemmBias.Row => beta * c[j],
                    GemmBias.Column => beta * c[i],
                    GemmBias.Full => beta * c[(i * n) + j],
                    _ => 0f,
                };
                if (!residual.IsEmpty)
                {
                    v += residual[(i * n) + j];
                }

                row[j] = epilogue.Invoke(v);
            }
        }
    }
}
