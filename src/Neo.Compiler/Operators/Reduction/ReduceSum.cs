namespace Neo.Compiler.Operators.Reduction;

/// <summary>ReduceSum: the sum over the given axes (axes an input from opset 13).</summary>
public sealed class ReduceSum : ReduceOperator<Neo.Runtime.Kernels.SumReducer>
{
    public override string OpType => "ReduceSum";

    protected override int AxesInputSince => 13;
}
