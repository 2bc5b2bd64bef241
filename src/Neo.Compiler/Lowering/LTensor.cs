using Neo.Compiler.IR;
using Neo.Plan;

namespace Neo.Compiler.Lowering;

/// <summary>A tensor of the lowered program: where its elements live, before the memory plan gives offsets.</summary>
public sealed class LTensor
{
    internal LTensor(string id, string name, DataType type, int[] shape, TensorStorage storage)
    {
        Id = id;
        Name = name;
        Type = type;
        Shape = shape;
        Storage = storage;
    }

    /// <summary>The plan identifier (<c>t12</c>).</summary>
    public string Id { get; }

    public string Name { get; }

    public DataType Type { get; }

    public int[] Shape { get; }

    public TensorStorage Storage { get; internal set; }

    /// <summary>Constant contents, for weights.</summary>
    public TensorData? Data { get; internal set; }

    /// <summary>For views: the tensor whose elements this one shares, from <see cref="ViewOffset"/> (in elements).</summary>
    public LTensor? ViewOf { get; internal set; }

    public long ViewOffset { get; internal set; }

    /// <summary>The graph input or output index for inputs and outputs.</summary>
    public int Index { get; internal set; }

    /// <summary>Byte offset assigned by the memory plan (arena) or the weights layout.</summary>
    public long Offset { get; internal set; }

    /// <summary>True for weights a kernel laid out at build time (<see cref="LoweringContext.Weights"/>), not a graph constant.</summary>
    public bool IsPrepacked { get; internal set; }

    /// <summary>True for per-step working memory (live only during its step).</summary>
    public bool IsScratch { get; internal set; }

    public long Length => Shapes.Size(Shape);

    public long ByteLength => Length * DataTypes.SizeOf(Type);

    /// <summary>The tensor that owns the storage (itself unless a view).</summary>
    public LTensor Root
    {
        get
        {
            LTensor t = this;
            while (t.ViewOf is not null)
            {
                t = t.ViewOf;
            }

            return t;
        }
    }

    /// <summary>The element offset of this view into its root.</summary>
    public long RootOffset
    {
        get
        {
            long o = 0;
            LTensor t = this;
            while (t.ViewOf is not null)
            {
                o += t.ViewOffset;
                t = t.ViewOf;
            }

            return o;
        }
    }

    /// <summary>Whether kernels may write this tensor (inputs and weights are read-only).</summary>
    public bool IsWritable => Root.Storage is TensorStorage.Arena or TensorStorage.Output;

    public string Ref => "%" + Id;

    public override string ToString() => $"{Id} ({Name}) {DataTypes.Name(Type)}{Shapes.Format(Shape)} {Storage}";
}
