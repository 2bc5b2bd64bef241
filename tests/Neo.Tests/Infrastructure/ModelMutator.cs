using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Google.Protobuf;
using Neo.Compiler.Onnx.Proto;

namespace Neo.Tests.Infrastructure;

/// <summary>
/// Makes broken and hostile variants of a model for fuzzing: byte-level mutations (bit flips, truncations,
/// insertions, overlong varints, deleted ranges), which mostly test the protobuf layer, and structure-aware
/// ones, which change one field of the parsed model to a value a broken or hostile exporter could write
/// (a dim, an element type, an attribute, a node's inputs or outputs, an opset, external data, a name) and
/// so reach shape inference, folding, lowering and code generation.
/// </summary>
public static class ModelMutator
{
    private static readonly long[] Interesting =
    {
        0, 1, -1, 2, 3, -2, 7, 16, 255, 256, 65535, 1L << 20, int.MaxValue, int.MinValue, (long)int.MaxValue + 1, 1L << 32, 1L << 40, long.MaxValue, long.MinValue,
    };

    private static readonly string[] OpTypes =
    {
        "Relu", "Conv", "Gemm", "MaxPool", "AveragePool", "GlobalAveragePool", "Softmax", "LogSoftmax", "Add", "Mul", "Sub", "Div", "Pow",
        "Reshape", "Flatten", "Concat", "Gather", "Cast", "Shape", "Unsqueeze", "Squeeze", "Identity", "Dropout", "Constant", "Clip",
        "MatMul", "Transpose", "Slice", "Split", "Loop", "If", "Scan", "Expand", "Tile", "Resize", "Pad", "LSTM", "GRU", "Einsum", "TopK",
        "ReduceSum", "ReduceMean", "Range", "ConstantOfShape", "NonZero", "Where", "BatchNormalization", "ConvTranspose", "Sqrt", "Erf",
        "LayerNormalization", "Sigmoid", "Tanh", "HardSwish", "LeakyRelu", "Neg", "Exp", "Log", "Abs", "ArgMax", "Equal", "Not",
    };

    private static readonly string[] AttributeNames =
    {
        "axis", "axes", "perm", "kernel_shape", "pads", "strides", "dilations", "group", "to", "transA", "transB", "alpha", "beta",
        "keepdims", "auto_pad", "ceil_mode", "allowzero", "then_branch", "else_branch", "body", "start", "end", "mode", "epsilon",
        "split", "num_outputs", "count_include_pad", "hidden_size", "direction", "k", "largest", "sorted", "value", "min", "max",
    };

    private static readonly string[] HostileNames =
    {
        "x\"; System.Environment.Exit(1); //", "*/", "\n#error boom", "class", "1st", "größe", "", "a b", "\u202e", "\0", "Predict", "@team", "%t0",
    };

    /// <summary>One mutant of <paramref name="model"/>: usually structure-aware, sometimes byte-level.</summary>
    public static byte[] Mutate(byte[] model, Random rng)
    {
        if (rng.Next(4) == 0)
        {
            return MutateBytes(model, rng, rng.Next(1, 4));
        }

        try
        {
            ModelProto m = ModelProto.Parser.ParseFrom(model);
            int count = rng.Next(1, 4);
            for (int i = 0; i < count; i++)
            {
                MutateOnce(m, rng);
            }

            return m.ToByteArray();
        }
        catch (InvalidProtocolBufferException)
        {
            return MutateBytes(model, rng, 1);
        }
    }

    /// <summary>Byte-level damage: flips, random bytes, truncation, insertion, overlong varints, deleted ranges.</summary>
    public static byte[] MutateBytes(byte[] source, Random rng, int count)
    {
        var b = new List<byte>(source);
        for (int k = 0; k < count && b.Count > 0; k++)
        {
            int i = rng.Next(b.Count);
            switch (rng.Next(6))
            {
                case 0:
                    b[i] ^= (byte)(1 << rng.Next(8));
                    break;
                case 1:
                    b[i] = (byte)rng.Next(256);
                    break;
                case 2:
                    b.RemoveRange(i, b.Count - i);
                    break;
                case 3:
                    var insert = new byte[rng.Next(1, 16)];
                    rng.NextBytes(insert);
                    b.InsertRange(i, insert);
                    break;
                case 4:
                    b.InsertRange(i, new byte[] { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01 });
                    break;
                default:
                    b.RemoveRange(i, Math.Min(rng.Next(1, 64), b.Count - i));
                    break;
            }
        }

        return b.ToArray();
    }

    private static long Int(Random rng, long original = 0) =>
        rng.Next(4) == 0 ? original + rng.Next(-2, 3) : Interesting[rng.Next(Interesting.Length)];

    private static string Name(GraphProto g, Random rng)
    {
        List<string> names = g.Input.Select(i => i.Name).Concat(g.Initializer.Select(i => i.Name)).Concat(g.Node.SelectMany(n => n.Output)).Concat(g.Output.Select(o => o.Name)).ToList();
        return rng.Next(10) switch
        {
            0 => "",
            1 => "nowhere",
            _ => names.Count == 0 ? "x" : names[rng.Next(names.Count)],
        };
    }

    private static void MutateOnce(ModelProto m, Random rng)
    {
        GraphProto g = m.Graph ??= new GraphProto();
        switch (rng.Next(21))
        {
            case 0: // a dim of an input or output
            {
                var infos = g.Input.Concat(g.Output).Where(v => v.Type?.TensorType?.Shape != null).ToList();
                if (infos.Count == 0)
                {
                    return;
                }

                TensorShapeProto s = infos[rng.Next(infos.Count)].Type.TensorType.Shape;
                if (s.Dim.Count == 0 || rng.Next(5) == 0)
                {
                    s.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = Int(rng) });
                    return;
                }

                int k = rng.Next(s.Dim.Count);
                if (rng.Next(4) == 0)
                {
                    s.Dim.RemoveAt(k);
                }
                else
                {
                    s.Dim[k] = rng.Next(3) == 0 ? new TensorShapeProto.Types.Dimension { DimParam = "n" } : new TensorShapeProto.Types.Dimension { DimValue = Int(rng, s.Dim[k].DimValue) };
                }

                return;
            }

            case 1: // element type of an input or output
            {
                var infos = g.Input.Concat(g.Output).Where(v => v.Type?.TensorType != null).ToList();
                if (infos.Count > 0)
                {
                    infos[rng.Next(infos.Count)].Type.TensorType.ElemType = rng.Next(2) == 0 ? rng.Next(0, 18) : (int)Int(rng, 1);
                }

                return;
            }

            case 2: // an initializer's element type
            {
                if (g.Initializer.Count > 0)
                {
                    TensorProto t = g.Initializer[rng.Next(g.Initializer.Count)];
                    t.DataType = rng.Next(2) == 0 ? rng.Next(0, 18) : (int)Int(rng, t.DataType);
                }

                return;
            }

            case 3: // an initializer's dims
            {
                if (g.Initializer.Count == 0)
                {
                    return;
                }

                TensorProto t = g.Initializer[rng.Next(g.Initializer.Count)];
                if (t.Dims.Count == 0 || rng.Next(4) == 0)
                {
                    t.Dims.Add(Int(rng));
                }
                else
                {
                    int k = rng.Next(t.Dims.Count);
                    if (rng.Next(4) == 0)
                    {
                        t.Dims.RemoveAt(k);
                    }
                    else
                    {
                        t.Dims[k] = Int(rng, t.Dims[k]);
                    }
                }

                return;
            }

            case 4: // an initializer's data: shorter, longer, NaN
            {
                if (g.Initializer.Count == 0)
                {
                    return;
                }

                TensorProto t = g.Initializer[rng.Next(g.Initializer.Count)];
                if (t.RawData.Length > 0)
                {
                    int len = rng.Next(t.RawData.Length + 8);
                    var bytes = new byte[len];
                    t.RawData.Span[..Math.Min(len, t.RawData.Length)].CopyTo(bytes);
                    t.RawData = ByteString.CopyFrom(bytes);
                }
                else if (t.FloatData.Count > 0)
                {
                    if (rng.Next(2) == 0)
                    {
                        t.FloatData.RemoveAt(rng.Next(t.FloatData.Count));
                    }
                    else
                    {
                        t.FloatData[rng.Next(t.FloatData.Count)] = rng.Next(2) == 0 ? float.NaN : float.PositiveInfinity;
                    }
                }
                else if (t.Int64Data.Count > 0)
                {
                    t.Int64Data.Add(Int(rng));
                }
                else
                {
                    t.Int32Data.Add(7);
                }

                return;
            }

            case 5: // an int64 initializer's values (shapes, axes, indices, pads)
            {
                var ints = g.Initializer.Where(t => t.DataType == 7).ToList();
                if (ints.Count == 0)
                {
                    return;
                }

                TensorProto t = ints[rng.Next(ints.Count)];
                int n = t.RawData.Length / 8;
                if (n > 0)
                {
                    byte[] bytes = t.RawData.ToByteArray();
                    BitConverter.TryWriteBytes(bytes.AsSpan(8 * rng.Next(n)), Int(rng));
                    t.RawData = ByteString.CopyFrom(bytes);
                }
                else if (t.Int64Data.Count > 0)
                {
                    t.Int64Data[rng.Next(t.Int64Data.Count)] = Int(rng);
                }

                return;
            }

            case 6: // an op type
            {
                if (g.Node.Count > 0)
                {
                    g.Node[rng.Next(g.Node.Count)].OpType = OpTypes[rng.Next(OpTypes.Length)];
                }

                return;
            }

            case 7: // a node input
            {
                if (g.Node.Count == 0)
                {
                    return;
                }

                NodeProto n = g.Node[rng.Next(g.Node.Count)];
                if (n.Input.Count == 0 || rng.Next(5) == 0)
                {
                    n.Input.Add(Name(g, rng));
                }
                else if (rng.Next(5) == 0)
                {
                    n.Input.RemoveAt(rng.Next(n.Input.Count));
                }
                else
                {
                    n.Input[rng.Next(n.Input.Count)] = Name(g, rng);
                }

                return;
            }

            case 8: // a node output
            {
                if (g.Node.Count == 0)
                {
                    return;
                }

                NodeProto n = g.Node[rng.Next(g.Node.Count)];
                if (n.Output.Count == 0 || rng.Next(4) == 0)
                {
                    n.Output.Add(rng.Next(2) == 0 ? "extra" + rng.Next(3).ToString(CultureInfo.InvariantCulture) : Name(g, rng));
                }
                else if (rng.Next(4) == 0)
                {
                    n.Output.RemoveAt(rng.Next(n.Output.Count));
                }
                else
                {
                    n.Output[rng.Next(n.Output.Count)] = Name(g, rng);
                }

                return;
            }

            case 9: // an attribute's value
            case 10:
            {
                var attributes = g.Node.SelectMany(n => n.Attribute).ToList();
                if (attributes.Count == 0)
                {
                    return;
                }

                AttributeProto a = attributes[rng.Next(attributes.Count)];
                if (a.Ints.Count > 0)
                {
                    if (rng.Next(3) == 0)
                    {
                        a.Ints.Add(Int(rng));
                    }
                    else
                    {
                        a.Ints[rng.Next(a.Ints.Count)] = Int(rng, a.Ints[0]);
                    }
                }
                else if (a.Floats.Count > 0)
                {
                    a.Floats[rng.Next(a.Floats.Count)] = rng.Next(3) switch { 0 => float.NaN, 1 => float.PositiveInfinity, _ => -1e30f };
                }
                else if (a.Type == AttributeProto.Types.AttributeType.Int)
                {
                    a.I = Int(rng, a.I);
                }
                else if (a.Type == AttributeProto.Types.AttributeType.Float)
                {
                    a.F = rng.Next(3) switch { 0 => float.NaN, 1 => 1e38f, _ => -a.F };
                }
                else if (a.Type == AttributeProto.Types.AttributeType.String)
                {
                    a.S = ByteString.CopyFromUtf8(rng.Next(3) switch { 0 => "SAME_UPPER", 1 => "VALID", _ => "bogus" });
                }
                else if (a.T is { } t && t.Dims.Count > 0)
                {
                    t.Dims[0] = Int(rng, t.Dims[0]);
                }

                return;
            }

            case 11: // an attribute's declared type
            {
                var attributes = g.Node.SelectMany(n => n.Attribute).ToList();
                if (attributes.Count > 0)
                {
                    attributes[rng.Next(attributes.Count)].Type = (AttributeProto.Types.AttributeType)rng.Next(0, 16);
                }

                return;
            }

            case 12: // an extra attribute
            {
                if (g.Node.Count == 0)
                {
                    return;
                }

                NodeProto n = g.Node[rng.Next(g.Node.Count)];
                var a = new AttributeProto { Name = AttributeNames[rng.Next(AttributeNames.Length)] };
                switch (rng.Next(5))
                {
                    case 0:
                        a.Type = AttributeProto.Types.AttributeType.Int;
                        a.I = Int(rng);
                        break;
                    case 1:
                        a.Type = AttributeProto.Types.AttributeType.Ints;
                        for (int k = rng.Next(0, 6); k > 0; k--)
                        {
                            a.Ints.Add(Int(rng));
                        }

                        break;
                    case 2:
                        a.Type = AttributeProto.Types.AttributeType.Float;
                        a.F = rng.Next(2) == 0 ? float.NaN : 0.5f;
                        break;
                    case 3:
                        a.Type = AttributeProto.Types.AttributeType.String;
                        a.S = ByteString.CopyFromUtf8("SAME_LOWER");
                        break;
                    default:
                        a.Type = AttributeProto.Types.AttributeType.Graph;
                        a.G = rng.Next(2) == 0 ? new GraphProto { Name = "empty" } : g.Clone();
                        break;
                }

                n.Attribute.Add(a);
                return;
            }

            case 13: // a removed attribute
            {
                var withAttributes = g.Node.Where(n => n.Attribute.Count > 0).ToList();
                if (withAttributes.Count > 0)
                {
                    NodeProto n = withAttributes[rng.Next(withAttributes.Count)];
                    n.Attribute.RemoveAt(rng.Next(n.Attribute.Count));
                }

                return;
            }

            case 14: // an opset
            {
                if (m.OpsetImport.Count == 0)
                {
                    m.OpsetImport.Add(new OperatorSetIdProto { Version = Int(rng) });
                    return;
                }

                OperatorSetIdProto o = m.OpsetImport[rng.Next(m.OpsetImport.Count)];
                if (rng.Next(4) == 0)
                {
                    o.Domain = "com.evil";
                }
                else
                {
                    o.Version = rng.Next(2) == 0 ? rng.Next(1, 25) : Int(rng, o.Version);
                }

                return;
            }

            case 15: // a node removed or repeated
            {
                if (g.Node.Count == 0)
                {
                    return;
                }

                int k = rng.Next(g.Node.Count);
                if (rng.Next(2) == 0)
                {
                    g.Node.RemoveAt(k);
                }
                else
                {
                    g.Node.Insert(rng.Next(g.Node.Count), g.Node[k].Clone());
                }

                return;
            }

            case 16: // graph outputs
            {
                if (g.Output.Count > 0 && rng.Next(3) == 0)
                {
                    g.Output.RemoveAt(rng.Next(g.Output.Count));
                    return;
                }

                ValueInfoProto vi = g.Output.Count > 0 ? g.Output[rng.Next(g.Output.Count)].Clone() : new ValueInfoProto();
                vi.Name = Name(g, rng);
                g.Output.Add(vi);
                return;
            }

            case 17: // external data
            {
                if (g.Initializer.Count == 0)
                {
                    return;
                }

                TensorProto t = g.Initializer[rng.Next(g.Initializer.Count)];
                t.DataLocation = TensorProto.Types.DataLocation.External;
                string[] locations = { "/etc/passwd", "../model.onnx", "weights.bin", "", "a/../../b", "/dev/zero", "..\\..\\x" };
                t.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = locations[rng.Next(locations.Length)] });
                if (rng.Next(2) == 0)
                {
                    t.ExternalData.Add(new StringStringEntryProto { Key = rng.Next(2) == 0 ? "offset" : "length", Value = Int(rng).ToString(CultureInfo.InvariantCulture) });
                }

                return;
            }

            case 18: // two nodes swapped (exporters do not always sort)
            {
                if (g.Node.Count >= 2)
                {
                    int a = rng.Next(g.Node.Count), b = rng.Next(g.Node.Count);
                    (g.Node[a], g.Node[b]) = (g.Node[b], g.Node[a]);
                }

                return;
            }

            case 19: // an initializer promoted to a graph input, or a graph input removed
            {
                if (g.Initializer.Count > 0 && rng.Next(2) == 0)
                {
                    TensorProto t = g.Initializer[rng.Next(g.Initializer.Count)];
                    var shape = new TensorShapeProto();
                    shape.Dim.AddRange(t.Dims.Select(d => new TensorShapeProto.Types.Dimension { DimValue = d }));
                    g.Input.Add(new ValueInfoProto { Name = t.Name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = t.DataType, Shape = shape } } });
                    if (rng.Next(2) == 0)
                    {
                        g.Initializer.Remove(t);
                    }
                }
                else if (g.Input.Count > 0)
                {
                    g.Input.RemoveAt(rng.Next(g.Input.Count));
                }

                return;
            }

            default: // a tensor renamed everywhere: names are the model's contract with the generated code
            {
                string from = Name(g, rng);
                string to = HostileNames[rng.Next(HostileNames.Length)];
                foreach (ValueInfoProto v in g.Input.Concat(g.Output))
                {
                    if (v.Name == from)
                    {
                        v.Name = to;
                    }
                }

                foreach (TensorProto t in g.Initializer)
                {
                    if (t.Name == from)
                    {
                        t.Name = to;
                    }
                }

                foreach (NodeProto n in g.Node)
                {
                    for (int k = 0; k < n.Input.Count; k++)
                    {
                        if (n.Input[k] == from)
                        {
                            n.Input[k] = to;
                        }
                    }

                    for (int k = 0; k < n.Output.Count; k++)
                    {
                        if (n.Output[k] == from)
                        {
                            n.Output[k] = to;
                        }
                    }
                }

                return;
            }
        }
    }
}
