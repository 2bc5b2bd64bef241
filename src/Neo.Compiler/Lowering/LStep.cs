using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Neo.Compiler.IR;

namespace Neo.Compiler.Lowering;

/// <summary>One kernel call of the lowered program, with the tensors it reads and writes (for liveness).</summary>
public sealed class LStep
{
    internal LStep(string label, string call, IEnumerable<Node> nodes)
    {
        Label = label;
        Call = call;
        Nodes = nodes.ToList();
    }

    public string Label { get; }

    /// <summary>The kernel, relative to Neo.Runtime.Kernels.</summary>
    public string Call { get; }

    public List<Node> Nodes { get; }

    public List<(string Name, string Value)> Args { get; } = new();

    /// <summary>Run-time conditions, all of which must hold for the call to run (the branches of an If); also in <see cref="Reads"/>.</summary>
    public List<(LTensor Condition, bool WhenTrue)> Guards { get; } = new();

    public List<LTensor> Reads { get; } = new();

    public List<LTensor> Writes { get; } = new();

    /// <summary>Pairs (output, input) whose storage may be shared: the kernel reads each element before writing it.</summary>
    public List<(LTensor Output, LTensor Input)> InPlaceCandidates { get; } = new();

    public override string ToString() => $"{Label}: {Call}({string.Join(", ", Args.Select(a => a.Name + ": " + a.Value))})";
}

/// <summary>Builds one step's arguments; returned by <see cref="LoweringContext.Step(string, Node[])"/>.</summary>
public sealed class StepBuilder
{
    private readonly LoweringContext _context;

    internal StepBuilder(LoweringContext context, LStep step)
    {
        _context = context;
        Step = step;
    }

    public LStep Step { get; }

    /// <summary>A tensor the kernel reads.</summary>
    public StepBuilder In(string name, Value value) => In(name, _context.TensorOf(value));

    public StepBuilder In(string name, LTensor tensor)
    {
        Step.Reads.Add(tensor);
        return Arg(name, tensor.Ref);
    }

    /// <summary>A tensor the kernel writes.</summary>
    public StepBuilder Out(string name, Value value) => Out(name, _context.TensorOf(value));

    public StepBuilder Out(string name, LTensor tensor)
    {
        if (!tensor.IsWritable)
        {
            throw new InvalidOperationException($"Step '{Step.Label}' would write read-only tensor {tensor}.");
        }

        Step.Writes.Add(tensor);
        return Arg(name, tensor.Ref);
    }

    /// <summary>Working memory for this step only.</summary>
    public StepBuilder Scratch(string name, DataType type, long elements)
    {
        LTensor t = _context.NewScratch(type, elements, Step.Label);
        Step.Writes.Add(t);
        Step.Reads.Add(t);
        return Arg(name, t.Ref);
    }

    /// <summary>Lets the memory plan put <paramref name="output"/> where <paramref name="input"/> is, if the input dies here.</summary>
    public StepBuilder InPlace(Value output, Value input) => InPlace(_context.TensorOf(output), _context.TensorOf(input));

    /// <inheritdoc cref="InPlace(Value, Value)"/>
    public StepBuilder InPlace(LTensor output, LTensor input)
    {
        Step.InPlaceCandidates.Add((output, input));
        return this;
    }

    /// <summary>The instance's thread team.</summary>
    public StepBuilder Team() => Arg("team", "@team");

    public StepBuilder Int(string name, long value) =>
        Arg(name, value.ToString(CultureInfo.InvariantCulture) + (value is > int.MaxValue or < int.MinValue ? "L" : ""));

    public StepBuilder Long(string name, long value) => Arg(name, value.ToString(CultureInfo.InvariantCulture) + "L");

    public StepBuilder Bool(string name, bool value) => Arg(name, value ? "true" : "false");

    public StepBuilder Float(string name, float value) => Arg(name, PlanLiterals.Float(value));

    public StepBuilder Double(string name, double value) => Arg(name, PlanLiterals.Double(value));

    public StepBuilder Ints(string name, IEnumerable<long> values) =>
        Arg(name, "[" + string.Join(",", values.Select(v => checked((int)v).ToString(CultureInfo.InvariantCulture))) + "]");

    public StepBuilder Ints(string name, IEnumerable<int> values) => Ints(name, values.Select(v => (long)v));

    public StepBuilder Floats(string name, IEnumerable<float> values) =>
        Arg(name, "[" + string.Join(",", values.Select(PlanLiterals.Float)) + "]");

    /// <summary>An expression in the plan's argument language (<c>new Clip(0f,6f)</c>, <c>default(Relu)</c>).</summary>
    public StepBuilder Expr(string name, string expression) => Arg(name, expression);

    private StepBuilder Arg(string name, string value)
    {
        Step.Args.Add((name, value));
        return this;
    }
}

/// <summary>Literals of the plan's argument language.</summary>
public static class PlanLiterals
{
    public static string Float(float v) =>
        float.IsNaN(v) ? "float.NaN"
        : float.IsPositiveInfinity(v) ? "float.PositiveInfinity"
        : float.IsNegativeInfinity(v) ? "float.NegativeInfinity"
        : v.ToString("R", CultureInfo.InvariantCulture) + "f";

    public static string Double(double v) =>
        double.IsNaN(v) ? "double.NaN"
        : double.IsPositiveInfinity(v) ? "double.PositiveInfinity"
        : double.IsNegativeInfinity(v) ? "double.NegativeInfinity"
        : v.ToString("R", CultureInfo.InvariantCulture) + "d";
}
