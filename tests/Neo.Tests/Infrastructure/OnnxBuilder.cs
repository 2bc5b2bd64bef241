using System;
using System.Collections.Generic;
using System.Linq;
using Google.Protobuf;
using Neo.Compiler.IR;
using Neo.Compiler.Onnx.Proto;

namespace Neo.Tests.Infrastructure;

/// <summary>Builds small ONNX models in code, for tests of the importer, passes and diagnostics.</summary>
public sealed class OnnxBuilder
{
    private readonly ModelProto _model = new() { IrVersion = 8, ProducerName = "neo-tests", Graph = new GraphProto { Name = "test" } };

    public OnnxBuilder(int opset = 13)
    {
        _model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
    }

    internal GraphProto Graph => _model.Graph;

    /// <summary>The model being built, for tests that write what no exporter would (hostile models).</summary>
    internal ModelProto Proto => _model;

    /// <summary>Changes the model directly; returns the builder.</summary>
    internal OnnxBuilder Edit(Action<ModelProto> edit)
    {
        edit(_model);
        return this;
    }

    public OnnxBuilder Input(string name, DataType type, params object[] dims)
    {
        _model.Graph.Input.Add(Info(name, type, dims));
        return this;
    }

    public OnnxBuilder Output(string name, DataType type, params object[] dims)
    {
        _model.Graph.Output.Add(Info(name, type, dims));
        return this;
    }

    /// <summary>An output whose shape the model leaves to inference (no shape at all, not a scalar).</summary>
    public OnnxBuilder OutputAnyShape(string name, DataType type)
    {
        _model.Graph.Output.Add(new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type } } });
        return this;
    }

    public OnnxBuilder Initializer(string name, int[] shape, float[] values)
    {
        var t = new TensorProto { Name = name, DataType = (int)DataType.Float32 };
        t.Dims.AddRange(shape.Select(d => (long)d));
        t.FloatData.AddRange(values);
        _model.Graph.Initializer.Add(t);
        return this;
    }

    public OnnxBuilder Initializer(string name, int[] shape, long[] values)
    {
        var t = new TensorProto { Name = name, DataType = (int)DataType.Int64 };
        t.Dims.AddRange(shape.Select(d => (long)d));
        t.Int64Data.AddRange(values);
        _model.Graph.Initializer.Add(t);
        return this;
    }

    /// <summary>An initializer of any element type, from a <see cref="TensorData"/>.</summary>
    public OnnxBuilder Initializer(string name, TensorData data)
    {
        _model.Graph.Initializer.Add(Neo.Compiler.Onnx.OnnxTensors.ToProto(name, data));
        return this;
    }

    internal OnnxBuilder Tensor(TensorProto t)
    {
        _model.Graph.Initializer.Add(t);
        return this;
    }

    /// <summary>Adds a node; attributes are (name, value) with value a long, float, string, long[] or float[].</summary>
    public OnnxBuilder Node(string opType, string[] inputs, string[] outputs, string? name = null, params (string Name, object Value)[] attributes)
    {
        var n = new NodeProto { OpType = opType, Name = name ?? opType + "_" + _model.Graph.Node.Count };
        n.Input.AddRange(inputs);
        n.Output.AddRange(outputs);
        foreach ((string an, object v) in attributes)
        {
            var a = new AttributeProto { Name = an };
            switch (v)
            {
                case long l: a.Type = AttributeProto.Types.AttributeType.Int; a.I = l; break;
                case int i: a.Type = AttributeProto.Types.AttributeType.Int; a.I = i; break;
                case float f: a.Type = AttributeProto.Types.AttributeType.Float; a.F = f; break;
                case string s: a.Type = AttributeProto.Types.AttributeType.String; a.S = ByteString.CopyFromUtf8(s); break;
                case long[] ls: a.Type = AttributeProto.Types.AttributeType.Ints; a.Ints.AddRange(ls); break;
                case float[] fs: a.Type = AttributeProto.Types.AttributeType.Floats; a.Floats.AddRange(fs); break;
                case string[] ss: a.Type = AttributeProto.Types.AttributeType.Strings; a.Strings.AddRange(ss.Select(ByteString.CopyFromUtf8)); break;
                case OnnxBuilder g: a.Type = AttributeProto.Types.AttributeType.Graph; a.G = g.Graph; break;
                default: throw new ArgumentException("attribute type " + v.GetType());
            }

            n.Attribute.Add(a);
        }

        _model.Graph.Node.Add(n);
        return this;
    }

    public byte[] ToBytes() => _model.ToByteArray();

    private static ValueInfoProto Info(string name, DataType type, object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (object d in dims)
        {
            shape.Dim.Add(d is string s ? new TensorShapeProto.Types.Dimension { DimParam = s } : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(d, System.Globalization.CultureInfo.InvariantCulture) });
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } } };
    }
}
