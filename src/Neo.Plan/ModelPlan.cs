// Shared by the compiler (which writes plans) and the generator (which reads them): the source is
// compiled into both, so this file targets netstandard2.0 and C# features that need no runtime support.
using System.Collections.Generic;

namespace Neo.Plan
{
    /// <summary>
    /// A compiled model, as the build hands it to the source generator: the class to generate, the
    /// tensors with their storage, and the ordered kernel calls. The generator never sees the graph.
    /// </summary>
    public sealed class ModelPlan
    {
        /// <summary>The plan format version this code reads and writes.</summary>
        public const int FormatVersion = 1;

        /// <summary>The model file's name (no directories, so plans are the same on every machine).</summary>
        public string ModelFile { get; set; } = "";

        public string ClassName { get; set; } = "";

        public string Namespace { get; set; } = "";

        public string TargetDevice { get; set; } = "portable";

        /// <summary>The default thread count of an instance.</summary>
        public int Threads { get; set; } = 1;

        /// <summary>Bytes of per-instance working memory.</summary>
        public long ArenaBytes { get; set; }

        /// <summary>The largest total size of tensors live at one step: no memory plan of this program needs less.</summary>
        public long ArenaLowerBoundBytes { get; set; }

        /// <summary>Name of the embedded resource that holds the weights.</summary>
        public string WeightsResource { get; set; } = "";

        /// <summary>Payload bytes of the weights blob (after its header).</summary>
        public long WeightsBytes { get; set; }

        /// <summary>Checksum of the weights payload, checked against the blob header at load.</summary>
        public ulong WeightsChecksum { get; set; }

        /// <summary>What produced the model (for the generated documentation).</summary>
        public string Producer { get; set; } = "";

        /// <summary>Multiply-accumulates per run, for documentation.</summary>
        public long Macs { get; set; }

        /// <summary>
        /// For a model that computes every row on its own (a tree ensemble): the row count it was compiled for,
        /// else 0. Every input and output then has it as its first dimension and every step takes it as its
        /// <c>rows</c> argument, so the generator may add overloads that run any number of rows. Written as the
        /// optional <c>rows</c> record, so plans of other models are unchanged.
        /// </summary>
        public int Rows { get; set; }

        public List<PlanTensor> Tensors { get; } = new List<PlanTensor>();

        public List<PlanStep> Steps { get; } = new List<PlanStep>();
    }

    /// <summary>Where a tensor's elements live.</summary>
    public enum TensorStorage
    {
        /// <summary>A model input: the caller's span.</summary>
        Input,

        /// <summary>A model output: the caller's span.</summary>
        Output,

        /// <summary>In the weights blob, at <see cref="PlanTensor.Offset"/>.</summary>
        Weights,

        /// <summary>In the instance's arena, at <see cref="PlanTensor.Offset"/>.</summary>
        Arena,

        /// <summary>The same elements as tensor <see cref="PlanTensor.ViewOf"/>, from element <see cref="PlanTensor.Offset"/>.</summary>
        View,
    }

    /// <summary>A tensor of the plan.</summary>
    public sealed class PlanTensor
    {
        /// <summary>The plan's identifier (<c>t12</c>), referenced by step arguments as <c>%t12</c>.</summary>
        public string Id { get; set; } = "";

        /// <summary>The tensor's name in the model file.</summary>
        public string Name { get; set; } = "";

        /// <summary>The element type: float32, float64, float16, int64, int32, int16, int8, uint8, uint16, uint32, uint64, bool.</summary>
        public string ElementType { get; set; } = "float32";

        public int[] Shape { get; set; } = new int[0];

        public TensorStorage Storage { get; set; }

        /// <summary>Byte offset in the weights blob or the arena; element offset into <see cref="ViewOf"/> for views.</summary>
        public long Offset { get; set; }

        /// <summary>For views: the id of the tensor whose elements this one shares.</summary>
        public string ViewOf { get; set; } = "";

        /// <summary>The number of elements.</summary>
        public long Length
        {
            get
            {
                long n = 1;
                foreach (int d in Shape)
                {
                    n *= d;
                }

                return n;
            }
        }
    }

    /// <summary>One call into the runtime's kernels: what the generated code does, in order.</summary>
    public sealed class PlanStep
    {
        /// <summary>What the step computes, listing what was fused: <c>Conv+BatchNormalization+Relu</c>.</summary>
        public string Label { get; set; } = "";

        /// <summary>The model nodes the step computes (name and op type).</summary>
        public List<PlanNodeRef> Nodes { get; } = new List<PlanNodeRef>();

        /// <summary>The kernel, relative to <c>Neo.Runtime.Kernels</c>: <c>Conv.Conv2D</c>, <c>Elementwise.Unary&lt;Relu&gt;</c>.</summary>
        public string Call { get; set; } = "";

        /// <summary>Named arguments, in call order.</summary>
        public List<PlanArg> Args { get; } = new List<PlanArg>();

        /// <summary>
        /// Conditions that must all hold for the step to run (the branches of an If whose condition is only
        /// known at run time). Empty for steps that always run; plans without guards read as before.
        /// </summary>
        public List<PlanGuard> Guards { get; } = new List<PlanGuard>();
    }

    /// <summary>A step's run-time condition: the first element of a bool tensor must equal <see cref="WhenTrue"/>.</summary>
    public sealed class PlanGuard
    {
        public PlanGuard(string tensorId, bool whenTrue)
        {
            TensorId = tensorId;
            WhenTrue = whenTrue;
        }

        /// <summary>The id of the bool tensor holding the condition.</summary>
        public string TensorId { get; }

        /// <summary>Whether the step runs when the condition is true (or when it is false).</summary>
        public bool WhenTrue { get; }
    }

    /// <summary>A model node that a step computes.</summary>
    public sealed class PlanNodeRef
    {
        public PlanNodeRef(string name, string opType)
        {
            Name = name;
            OpType = opType;
        }

        public string Name { get; }

        public string OpType { get; }
    }

    /// <summary>
    /// A named kernel argument. <see cref="Value"/> is an expression in the plan's argument language:
    /// <c>%t3</c> (a tensor), <c>12</c>, <c>12L</c>, <c>1.5f</c>, <c>2.5d</c>, <c>true</c>, <c>[1,2,3]</c> (an int array),
    /// <c>[1.5f,2f]</c> (a float array), <c>@team</c> (the instance's threads), <c>new Clip(0f,6f)</c> or
    /// <c>default(Relu)</c> (a kernel type from Neo.Runtime.Kernels), and <c>float.NaN</c>-style constants.
    /// </summary>
    public sealed class PlanArg
    {
        public PlanArg(string name, string value)
        {
            Name = name;
            Value = value;
        }

        public string Name { get; }

        public string Value { get; }
    }
}
