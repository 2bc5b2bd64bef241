using System;
using System.Globalization;
using Neo.Compiler.IR;

namespace Neo.Hosting.Conformance;

/// <summary>
/// The ONNX backend tests' comparison: numpy's <c>assert_allclose</c> with rtol 1e-3 and atol 1e-7
/// (|got − expected| ≤ atol + rtol·|expected| per element, NaN equal to NaN), exact for integers and bools.
/// </summary>
public static class TensorComparison
{
    /// <summary>rtol of the ONNX backend tests.</summary>
    public const double RelativeTolerance = 1e-3;
    /// <summary>atol of the ONNX backend tests.</summary>
    public const double AbsoluteTolerance = 1e-7;

    /// <summary>Null when <paramref name="got"/> matches <paramref name="expected"/>; otherwise what differs.</summary>
    public static string? Compare(Array got, int[] gotShape, TensorData expected)
    {
        Type expectedType = expected.Data.GetType().GetElementType()!;
        Type gotType = got.GetType().GetElementType()!;
        if (expectedType != gotType)
        {
            return $"element type {gotType.Name}, expected {expectedType.Name}";
        }

        if (!Shapes.Equal(gotShape, expected.Shape))
        {
            return $"shape {Shapes.Format(gotShape)}, expected {Shapes.Format(expected.Shape)}";
        }

        bool isFloat = DataTypes.IsFloat(expected.Type);
        int bad = 0, first = -1;
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected.GetDouble(i);
            double g = ValueAt(got, i);
            bool ok;
            if (!isFloat)
            {
                ok = Exact(got, expected.Data, i);
            }
            else if (double.IsNaN(e) || double.IsNaN(g))
            {
                ok = double.IsNaN(e) && double.IsNaN(g);
            }
            else if (double.IsInfinity(e) || double.IsInfinity(g))
            {
                ok = e == g;
            }
            else
            {
                double diff = Math.Abs(g - e);
                ok = diff <= AbsoluteTolerance + (RelativeTolerance * Math.Abs(e));
                worst = Math.Max(worst, diff);
            }

            if (!ok)
            {
                bad++;
                if (first < 0)
                {
                    first = i;
                }
            }
        }

        if (bad == 0)
        {
            return null;
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"{bad} of {expected.Length} elements differ; first at {first}: got {Text(got, first)}, expected {Text(expected.Data, first)}{(isFloat ? $"; max |diff| {worst:G4}" : "")}");
    }

    private static bool Exact(Array a, Array b, int i) => Equals(a.GetValue(i), b.GetValue(i));

    private static double ValueAt(Array a, int i) => a switch
    {
        float[] x => x[i],
        double[] x => x[i],
        Half[] x => (double)x[i],
        _ => 0,
    };

    private static string Text(Array a, int i) => Convert.ToString(a.GetValue(i), CultureInfo.InvariantCulture) ?? "?";
}
