// Shared by the compiler and the generator; see ModelPlan.cs.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Neo.Plan
{
    /// <summary>A plan that cannot be read: the line and what is wrong with it.</summary>
    public sealed class PlanFormatException : Exception
    {
        public PlanFormatException(int line, string message)
            : base("line " + line.ToString(CultureInfo.InvariantCulture) + ": " + message)
        {
            Line = line;
        }

        public int Line { get; }
    }

    /// <summary>
    /// The plan's text form: one record per line, space-separated fields, strings in double quotes with
    /// C-style escapes. Small, diffable and deterministic: the same plan always gives the same bytes.
    /// </summary>
    public static class PlanText
    {
        /// <summary>The first word of every plan file.</summary>
        public const string Magic = "neoplan";

        public static string Write(ModelPlan plan)
        {
            var sb = new StringBuilder();
            Line(sb, Magic, ModelPlan.FormatVersion.ToString(CultureInfo.InvariantCulture));
            Line(sb, "model", Quote(plan.ModelFile));
            Line(sb, "class", Quote(plan.ClassName));
            Line(sb, "namespace", Quote(plan.Namespace));
            Line(sb, "device", Quote(plan.TargetDevice));
            Line(sb, "producer", Quote(plan.Producer));
            Line(sb, "threads", Int(plan.Threads));
            Line(sb, "arena", Int(plan.ArenaBytes), Int(plan.ArenaLowerBoundBytes));
            Line(sb, "weights", Quote(plan.WeightsResource), Int(plan.WeightsBytes), plan.WeightsChecksum.ToString("x16", CultureInfo.InvariantCulture));
            Line(sb, "macs", Int(plan.Macs));
            if (plan.Rows > 0)
            {
                Line(sb, "rows", Int(plan.Rows));
            }

            foreach (PlanTensor t in plan.Tensors)
            {
                Line(
                    sb,
                    "tensor",
                    t.Id,
                    StorageName(t.Storage),
                    t.ElementType,
                    ShapeText(t.Shape),
                    Int(t.Offset),
                    Quote(t.ViewOf),
                    Quote(t.Name));
            }

            foreach (PlanStep s in plan.Steps)
            {
                Line(sb, "step", Quote(s.Label), Quote(s.Call));
                foreach (PlanNodeRef n in s.Nodes)
                {
                    Line(sb, "node", Quote(n.Name), Quote(n.OpType));
                }

                foreach (PlanGuard g in s.Guards)
                {
                    Line(sb, "when", g.TensorId, g.WhenTrue ? "true" : "false");
                }

                foreach (PlanArg a in s.Args)
                {
                    Line(sb, "arg", a.Name, Quote(a.Value));
                }

                Line(sb, "end");
            }

            return sb.ToString();
        }

        public static ModelPlan Read(string text)
        {
            var plan = new ModelPlan();
            string[] lines = text.Split('\n');
            PlanStep? step = null;
            bool sawMagic = false;
            for (int i = 0; i < lines.Length; i++)
            {
                int lineNo = i + 1;
                string line = lines[i].TrimEnd('\r');
                if (line.Length == 0)
                {
                    continue;
                }

                List<string> f = Split(line, lineNo);
                string kind = f[0];
                if (!sawMagic)
                {
                    if (kind != Magic || f.Count != 2)
                    {
                        throw new PlanFormatException(lineNo, "not a Neo plan (it must start with 'neoplan <version>').");
                    }

                    if (f[1] != ModelPlan.FormatVersion.ToString(CultureInfo.InvariantCulture))
                    {
                        throw new PlanFormatException(lineNo, "plan format version " + f[1] + " is not the version this generator reads (" + ModelPlan.FormatVersion.ToString(CultureInfo.InvariantCulture) + ").");
                    }

                    sawMagic = true;
                    continue;
                }

                switch (kind)
                {
                    case "model": Expect(f, 2, lineNo); plan.ModelFile = f[1]; break;
                    case "class": Expect(f, 2, lineNo); plan.ClassName = f[1]; break;
                    case "namespace": Expect(f, 2, lineNo); plan.Namespace = f[1]; break;
                    case "device": Expect(f, 2, lineNo); plan.TargetDevice = f[1]; break;
                    case "producer": Expect(f, 2, lineNo); plan.Producer = f[1]; break;
                    case "threads": Expect(f, 2, lineNo); plan.Threads = (int)ParseLong(f[1], lineNo); break;
                    case "arena":
                        // arena <bytes> [<lower bound>]: the bound was added later and is informative only.
                        if (f.Count != 3)
                        {
                            Expect(f, 2, lineNo);
                        }

                        plan.ArenaBytes = ParseLong(f[1], lineNo);
                        plan.ArenaLowerBoundBytes = f.Count == 3 ? ParseLong(f[2], lineNo) : 0;
                        break;
                    case "macs": Expect(f, 2, lineNo); plan.Macs = ParseLong(f[1], lineNo); break;
                    case "rows":
                        Expect(f, 2, lineNo);
                        long rows = ParseLong(f[1], lineNo);
                        if (rows < 1 || rows > int.MaxValue)
                        {
                            throw new PlanFormatException(lineNo, "bad row count '" + f[1] + "'.");
                        }

                        plan.Rows = (int)rows;
                        break;
                    case "weights":
                        Expect(f, 4, lineNo);
                        plan.WeightsResource = f[1];
                        plan.WeightsBytes = ParseLong(f[2], lineNo);
                        if (!ulong.TryParse(f[3], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong sum))
                        {
                            throw new PlanFormatException(lineNo, "bad checksum '" + f[3] + "'.");
                        }

                        plan.WeightsChecksum = sum;
                        break;
                    case "tensor":
                        Expect(f, 8, lineNo);
                        plan.Tensors.Add(new PlanTensor
                        {
                            Id = f[1],
                            Storage = ParseStorage(f[2], lineNo),
                            ElementType = f[3],
                            Shape = ParseShape(f[4], lineNo),
                            Offset = ParseLong(f[5], lineNo),
                            ViewOf = f[6],
                            Name = f[7],
                        });
                        break;
                    case "step":
                        Expect(f, 3, lineNo);
                        if (step != null)
                        {
                            throw new PlanFormatException(lineNo, "a step starts before the previous one ended.");
                        }

                        step = new PlanStep { Label = f[1], Call = f[2] };
                        break;
                    case "node":
                        Expect(f, 3, lineNo);
                        (step ?? throw new PlanFormatException(lineNo, "'node' outside a step.")).Nodes.Add(new PlanNodeRef(f[1], f[2]));
                        break;
                    case "arg":
                        Expect(f, 3, lineNo);
                        (step ?? throw new PlanFormatException(lineNo, "'arg' outside a step.")).Args.Add(new PlanArg(f[1], f[2]));
                        break;
                    case "when":
                        Expect(f, 3, lineNo);
                        if (f[2] != "true" && f[2] != "false")
                        {
                            throw new PlanFormatException(lineNo, "'when' takes a tensor id and true or false, not '" + f[2] + "'.");
                        }

                        (step ?? throw new PlanFormatException(lineNo, "'when' outside a step.")).Guards.Add(new PlanGuard(f[1], f[2] == "true"));
                        break;
                    case "end":
                        Expect(f, 1, lineNo);
                        plan.Steps.Add(step ?? throw new PlanFormatException(lineNo, "'end' outside a step."));
                        step = null;
                        break;
                    default:
                        throw new PlanFormatException(lineNo, "unknown record '" + kind + "'.");
                }
            }

            if (!sawMagic)
            {
                throw new PlanFormatException(1, "the plan is empty.");
            }

            if (step != null)
            {
                throw new PlanFormatException(lines.Length, "the last step has no 'end'.");
            }

            return plan;
        }

        public static string StorageName(TensorStorage s)
        {
            switch (s)
            {
                case TensorStorage.Input: return "input";
                case TensorStorage.Output: return "output";
                case TensorStorage.Weights: return "weights";
                case TensorStorage.Arena: return "arena";
                default: return "view";
            }
        }

        private static TensorStorage ParseStorage(string s, int line)
        {
            switch (s)
            {
                case "input": return TensorStorage.Input;
                case "output": return TensorStorage.Output;
                case "weights": return TensorStorage.Weights;
                case "arena": return TensorStorage.Arena;
                case "view": return TensorStorage.View;
                default: throw new PlanFormatException(line, "unknown storage '" + s + "'.");
            }
        }

        public static string ShapeText(int[] shape)
        {
            var sb = new StringBuilder("[");
            for (int i = 0; i < shape.Length; i++)
            {
                if (i > 0)
                {
                    sb.Append(',');
                }

                sb.Append(shape[i].ToString(CultureInfo.InvariantCulture));
            }

            return sb.Append(']').ToString();
        }

        private static int[] ParseShape(string s, int line)
        {
            if (s.Length < 2 || s[0] != '[' || s[s.Length - 1] != ']')
            {
                throw new PlanFormatException(line, "bad shape '" + s + "'.");
            }

            string inner = s.Substring(1, s.Length - 2);
            if (inner.Length == 0)
            {
                return new int[0];
            }

            string[] parts = inner.Split(',');
            var r = new int[parts.Length];
            for (int i = 0; i < parts.Length; i++)
            {
                if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out r[i]))
                {
                    throw new PlanFormatException(line, "bad shape '" + s + "'.");
                }
            }

            return r;
        }

        private static long ParseLong(string s, int line)
        {
            if (!long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v))
            {
                throw new PlanFormatException(line, "bad number '" + s + "'.");
            }

            return v;
        }

        private static string Int(long v) => v.ToString(CultureInfo.InvariantCulture);

        private static void Expect(List<string> f, int count, int line)
        {
            if (f.Count != count)
            {
                throw new PlanFormatException(line, "'" + f[0] + "' takes " + (count - 1).ToString(CultureInfo.InvariantCulture) + " fields, not " + (f.Count - 1).ToString(CultureInfo.InvariantCulture) + ".");
            }
        }

        private static void Line(StringBuilder sb, params string[] fields)
        {
            sb.Append(string.Join(" ", fields)).Append('\n');
        }

        /// <summary>A string field: double-quoted, with backslash escapes for quotes, backslashes and every control character.</summary>
        public static string Quote(string s)
        {
            var sb = new StringBuilder(s.Length + 2).Append('"');
            foreach (char c in s)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        if (c < 0x20 || c == 0x7f || c == '\u0085' || c == '\u2028' || c == '\u2029' || char.IsSurrogate(c))
                        {
                            sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            sb.Append(c);
                        }

                        break;
                }
            }

            return sb.Append('"').ToString();
        }

        private static List<string> Split(string line, int lineNo)
        {
            var fields = new List<string>();
            int i = 0;
            while (i < line.Length)
            {
                if (line[i] == ' ')
                {
                    i++;
                    continue;
                }

                if (line[i] == '"')
                {
                    var sb = new StringBuilder();
                    i++;
                    while (true)
                    {
                        if (i >= line.Length)
                        {
                            throw new PlanFormatException(lineNo, "unterminated string.");
                        }

                        char c = line[i++];
                        if (c == '"')
                        {
                            break;
                        }

                        if (c != '\\')
                        {
                            sb.Append(c);
                            continue;
                        }

                        if (i >= line.Length)
                        {
                            throw new PlanFormatException(lineNo, "unterminated escape.");
                        }

                        char e = line[i++];
                        switch (e)
                        {
                            case '"': sb.Append('"'); break;
                            case '\\': sb.Append('\\'); break;
                            case 'n': sb.Append('\n'); break;
                            case 'r': sb.Append('\r'); break;
                            case 't': sb.Append('\t'); break;
                            case 'u':
                                if (i + 4 > line.Length || !int.TryParse(line.Substring(i, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                                {
                                    throw new PlanFormatException(lineNo, "bad \\u escape.");
                                }

                                sb.Append((char)code);
                                i += 4;
                                break;
                            default:
                                throw new PlanFormatException(lineNo, "unknown escape '\\" + e + "'.");
                        }
                    }

                    fields.Add(sb.ToString());
                }
                else
                {
                    int start = i;
                    while (i < line.Length && line[i] != ' ')
                    {
                        if (line[i] == '"')
                        {
                            throw new PlanFormatException(lineNo, "a quote inside a bare field.");
                        }

                        i++;
                    }

                    fields.Add(line.Substring(start, i - start));
                }
            }

            if (fields.Count == 0)
            {
                throw new PlanFormatException(lineNo, "empty record.");
            }

            return fields;
        }
    }
}
