using System;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Operators.Support;

namespace Neo.Compiler.Operators;

/// <summary>
/// A template to copy for a new operator (see docs/adding-an-operator.md). It is compiled, so it stays in
/// step with the Operator API, but abstract and unregistered, so it never runs. This example implements
/// an imaginary "ScaleAlongAxis": y = alpha·x, where the scale factor comes from an attribute and an
/// optional axes input must be known at build time.
/// To use it: copy to Operators/&lt;Family&gt;/&lt;OpType&gt;.cs, rename the class after the ONNX op type, make it
/// <c>public sealed</c>, put it in the family's namespace, and add it to OperatorList.cs.
/// </summary>
public abstract class OperatorTemplate : Operator
{
    // 1. Identity: the op type as in the model file (and Domain if not the default ONNX domain).
    public override string OpType => "ScaleAlongAxis";

    // 2. How it fuses: elementwise, broadcast, injective, reduction, out-fusable or opaque.
    public override OpKind Kind => OpKind.Elementwise;

    // 3. One line for docs/operators.md: what Neo implements of it (attributes, modes, limits).
    public override string Notes => "alpha attribute; float32, float16, double";

    // 4. Inputs read as values at build time (shapes, axes, pads, K...): the conformance runner binds them.
    public override bool NeedsConstantInput(Node node, int index) => index == 1;

    // 5. Shape inference: validate types, attributes and the build-time inputs; set every output.
    //    Throw Invalid (NEO1201), Mismatch (NEO1202), NotConstant (NEO1203) or NotImplemented (NEO1204).
    public override void InferShapes(Node node)
    {
        RequireType(node, 0, DataType.Float32, DataType.Float16, DataType.Float64);
        Value x = node.RequireInput(0);
        long[]? axes = ConstantInts(node, 1, "axes");
        if (axes is not null && Array.Exists(axes, a => Shapes.NormalizeAxis(a, ShapeOf(x).Length) < 0))
        {
            throw Invalid(node, $"has axes [{string.Join(",", axes)}] for a tensor of rank {x.Rank}.");
        }

        SetOutput(node, 0, x.Type, ShapeOf(x));
    }

    // 6. Folding (optional): when every input is constant. Reuse the runtime kernels through KernelFolding
    //    so build-time and run-time arithmetic agree; return null to compute at run time instead.
    public override TensorData[]? Fold(Node node) =>
        new[] { KernelFolding.Unary(node.Input(0)!.Constant!, new Neo.Runtime.Kernels.Scale(node.GetFloat("alpha", 1f), 0f)) };

    // 7. Lowering: one or more kernel calls. Arguments are named as the kernel's parameters; tensors with
    //    In/Out, constants with Int/Ints/Float/Bool, operator structs with Expr. Spell out type arguments
    //    (KernelTypes.Call) when a type parameter appears only in read-only inputs.
    public override void Lower(Node node, LoweringContext context)
    {
        Value x = node.Input(0)!, y = node.Output(0)!;
        string functor = "new Scale(" + PlanLiterals.Float(node.GetFloat("alpha", 1f)) + ",0f)";
        string call = x.Type switch
        {
            DataType.Float32 => "Elementwise.Unary",
            DataType.Float16 => "Numeric.UnaryHalf",
            _ => "Numeric.Unary",
        };
        context.Step(call).In("x", x).Out("y", y).Expr("op", functor).InPlace(y, x);
    }

    // 8. Work for reports (MACs), if the operator does arithmetic worth counting.
    public override long Macs(Node node) => node.Output(0)!.Size;
}
