using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Neo.Compiler.Onnx.Proto;

namespace Neo.Hosting.Conformance;

/// <summary>
/// Which cases of the ONNX conformance suite Neo means to pass (issue 5): all but those using training
/// operators, sequences and optionals, string tensors, random generators, and operators whose output
/// shape depends on input values. A compiler that fixes every shape at build time cannot express the
/// last group; the others are outside inference. The rule reads the model file, so it holds for cases
/// that fail to import too.
/// </summary>
public static class ConformanceScope
{
    private static readonly HashSet<string> Training = new(StringComparer.Ordinal) { "Adagrad", "Adam", "Momentum", "Gradient" };

    private static readonly HashSet<string> Random = new(StringComparer.Ordinal)
    {
        "Bernoulli", "RandomNormal", "RandomUniform", "RandomNormalLike", "RandomUniformLike", "Multinomial",
    };

    private static readonly HashSet<string> ValueDependentShape = new(StringComparer.Ordinal) { "NonZero", "NonMaxSuppression", "Unique", "Compress" };

    private const int StringType = 8;

    /// <summary>Null when the case is in scope; otherwise why it is not.</summary>
    public static string? OutOfScopeReason(string modelPath)
    {
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(modelPath));
        }
        catch (Exception e) when (e is IOException or Google.Protobuf.InvalidProtocolBufferException)
        {
            return null; // In scope: an unreadable model is Neo's problem to report.
        }

        return model.Graph is null ? null : Reason(model.Graph);
    }

    private static string? Reason(GraphProto g)
    {
        foreach (ValueInfoProto v in g.Input.Concat(g.Output).Concat(g.ValueInfo))
        {
            switch (v.Type?.ValueCase)
            {
                case TypeProto.ValueOneofCase.SequenceType:
                case TypeProto.ValueOneofCase.OptionalType:
                case TypeProto.ValueOneofCase.MapType:
                    return "sequences and optionals";
                case TypeProto.ValueOneofCase.TensorType when v.Type.TensorType.ElemType == StringType:
                    return "string tensors";
            }
        }

        if (g.Initializer.Any(t => t.DataType == StringType))
        {
            return "string tensors";
        }

        foreach (NodeProto n in g.Node)
        {
            string op = n.OpType;
            if (Training.Contains(op))
            {
                return "training operators";
            }

            if (Random.Contains(op))
            {
                return "random generators";
            }

            if (ValueDependentShape.Contains(op))
            {
                return "output shape depends on input values";
            }

            if ((op.StartsWith("Sequence", StringComparison.Ordinal) || op.StartsWith("Optional", StringComparison.Ordinal)
                || op is "SplitToSequence" or "ConcatFromSequence") && n.Domain.Length == 0)
            {
                return "sequences and optionals";
            }

            if (op is "StringNormalizer" or "RegexFullMatch" or "StringConcat" or "StringSplit")
            {
                return "string tensors";
            }

            foreach (AttributeProto a in n.Attribute)
            {
                if ((a.Name == "to" && a.I == StringType) || a.T?.DataType == StringType)
                {
                    return "string tensors";
                }

                foreach (GraphProto sub in a.Graphs.Append(a.G).Where(s => s is not null))
                {
                    if (Reason(sub) is { } r)
                    {
                        return r;
                    }
                }
            }
        }

        return null;
    }
}
