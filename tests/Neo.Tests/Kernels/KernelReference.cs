using System;

namespace Neo.Tests.Kernels;

/// <summary>Plain loops in double precision: the references the optimized kernels are checked against.</summary>
public static class KernelReference
{
    public static float[] Random(int length, int seed, float scale = 1f)
    {
        var r = new Random(seed);
        var a = new float[length];
        for (int i = 0; i < length; i++)
        {
            a[i] = (float)((r.NextDouble() * 2) - 1) * scale;
        }

        return a;
    }

    public static float[] Gemm(float[] a, float[] b, float[]? c, int m, int n, int k, bool transA, bool transB, float alpha, float beta, int biasKind, float[]? residual, Func<float, float> epilogue)
    {
        var y = new float[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++)
                {
                    double av = transA ? a[(p * m) + i] : a[(i * k) + p];
                    double bv = transB ? b[(j * k) + p] : b[(p * n) + j];
                    s += av * bv;
                }

                s *= alpha;
                if (c is not null)
                {
                    s += beta * biasKind switch
                    {
                        1 => c[0],
                        2 => c[j],
                        3 => c[i],
                        _ => c[(i * n) + j],
                    };
                }

                if (residual is not null)
                {
                    s += residual[(i * n) + j];
                }

                y[(i * n) + j] = epilogue((float)s);
            }
        }

        return y;
    }

    public static float[] Conv(float[] x, float[] w, float[]? bias, int batch, int ic, int ih, int iw, int oc, int oh, int ow, int kh, int kw, int sh, int sw, int pt, int pl, int dh, int dw, int groups, float[]? residual, Func<float, float> epilogue)
    {
        var y = new float[batch * oc * oh * ow];
        int icg = ic / groups, ocg = oc / groups;
        for (int n = 0; n < batch; n++)
        {
            for (int o = 0; o < oc; o++)
            {
                int g = o / ocg;
                for (int r = 0; r < oh; r++)
                {
                    for (int c = 0; c < ow; c++)
                    {
                        double s = bias is null ? 0 : bias[o];
                        for (int q = 0; q < icg; q++)
                        {
                            int ch = (g * icg) + q;
                            for (int u = 0; u < kh; u++)
                            {
                                int yy = (r * sh) - pt + (u * dh);
                                if (yy < 0 || yy >= ih)
                                {
                                    continue;
                                }

                                for (int v = 0; v < kw; v++)
                                {
                                    int xx = (c * sw) - pl + (v * dw);
                                    if (xx < 0 || xx >= iw)
                                    {
                                        continue;
                                    }

                                    s += (double)w[(((o * icg) + q) * kh * kw) + (u * kw) + v] * x[(((n * ic) + ch) * ih * iw) + (yy * iw) + xx];
                                }
                            }
                        }

                        int idx = (((n * oc) + o) * oh * ow) + (r * ow) + c;
                        if (residual is not null)
                        {
                            s += residual[idx];
                        }

                        y[idx] = epilogue((float)s);
                    }
                }
            }
        }

        return y;
    }
}
