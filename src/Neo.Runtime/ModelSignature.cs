using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;

namespace Neo.Runtime;

/// <summary>The inputs and outputs of a compiled model, in model order.</summary>
public sealed class ModelSignature
{
    /// <summary>Creates a signature.</summary>
    public ModelSignature(TensorInfo[] inputs, TensorInfo[] outputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        Inputs = new ReadOnlyCollection<TensorInfo>((TensorInfo[])inputs.Clone());
        Outputs = new ReadOnlyCollection<TensorInfo>((TensorInfo[])outputs.Clone());
    }

    /// <summary>The model's inputs.</summary>
    public IReadOnlyList<TensorInfo> Inputs { get; }

    /// <summary>The model's outputs.</summary>
    public IReadOnlyList<TensorInfo> Outputs { get; }
}

/// <summary>One input or output of a compiled model.</summary>
public sealed class TensorInfo
{
    private readonly int[] _shape;

    /// <summary>Creates a description of a tensor.</summary>
    public TensorInfo(string name, Type elementType, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(elementType);
        ArgumentNullException.ThrowIfNull(shape);
        Name = name;
        ElementType = elementType;
        _shape = (int[])shape.Clone();
        long length = 1;
        foreach (int d in _shape)
        {
            length *= d;
        }

        Length = checked((int)length);
    }

    /// <summary>The tensor's name in the model file.</summary>
    public string Name { get; }

    /// <summary>The element type: <c>typeof(float)</c>, <c>typeof(long)</c>, and so on.</summary>
    public Type ElementType { get; }

    /// <summary>The tensor's static shape (a copy; symbolic dimensions fixed at build time).</summary>
    public int[] Shape => (int[])_shape.Clone();

    /// <summary>The number of elements: the product of <see cref="Shape"/>.</summary>
    public int Length { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {ElementType.Name}[{string.Join("x", _shape)}]";
}
