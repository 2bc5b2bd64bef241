using System;
using System.Collections.Generic;
using Neo.Compiler.IR;

namespace Neo.Compiler.Passes;

/// <summary>
/// Matches the multiplications that finish activation patterns: starting from a value, a chain of Mul and
/// Div nodes that multiplies it by a tensor x and by constants, in whichever order and grouping the exporter
/// chose: Mul(Mul(x, s), 0.5), Mul(x, Mul(s, 0.5)), Mul(Mul(x, 0.5), s), Div(Mul(x, s), 6), ...
/// Every node on the way must be read only by the next.
/// </summary>
internal static class ProductPattern
{
    /// <summary>The longest chain considered: the patterns need at most three multiplications.</summary>
    private const int MaxNodes = 4;

    /// <summary>
    /// Whether <paramref name="start"/> is multiplied by <paramref name="x"/> once and by constants whose product is
    /// <paramref name="factor"/>; <paramref name="end"/> is the value where that first holds, <paramref name="nodes"/>
    /// the Mul and Div nodes used.
    /// </summary>
    public static bool Match(Graph graph, Dictionary<Value, List<Node>> consumers, Value start, Value x, double factor, out Value end, out List<Node> nodes)
    {
        end = start;
        nodes = new List<Node>();
        Value current = start;
        bool sawX = false;
        double scalar = 1.0;
        while (true)
        {
            if (sawX && Math.Abs(scalar - factor) <= 1e-4 * Math.Abs(factor))
            {
                end = current;
                return true;
            }

            if (nodes.Count >= MaxNodes || consumers.ReadersOf(current) is not [Node r] || !graph.OnlyReadBy(current, r, consumers))
            {
                return false;
            }

            if (r.Is("Mul") && r.OtherOperand(current) is { } other)
            {
                if (other.TryScalar(out double s))
                {
                    scalar *= s;
                }
                else if (ReferenceEquals(other, x) && !sawX)
                {
                    sawX = true;
                }
                else if (!sawX && other.ProducedBy("Mul") is { } scaledX && graph.OnlyReadBy(other, r, consumers)
                    && scaledX.OtherOperand(x) is { } c && c.TryScalar(out double cs))
                {
                    // Mul(Mul(x, 0.5), s): x and a constant multiplied first.
                    sawX = true;
                    scalar *= cs;
                    nodes.Add(scaledX);
                }
                else
                {
                    return false;
                }
            }
            else if (r.Is("Div") && ReferenceEquals(r.Input(0), current) && r.Input(1).TryScalar(out double d) && d != 0)
            {
                scalar /= d;
            }
            else
            {
                return false;
            }

            nodes.Add(r);
            current = r.Output(0)!;
        }
    }
}
