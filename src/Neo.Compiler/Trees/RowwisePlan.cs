using System.Collections.Generic;
using System.Linq;
using Neo.Plan;

namespace Neo.Compiler.Trees;

/// <summary>
/// Decides whether a plan computes every row on its own, so the generator may run it for any number of
/// rows (<see cref="ModelPlan.Rows"/>): every step is a kernel that takes its row count as the <c>rows</c>
/// argument, all with the same count; every input and output has that count as its first dimension; and
/// nothing lives in the arena, whose size is fixed at build time. Tree models (XGBoost, LightGBM, and ONNX
/// graphs of a lone TreeEnsembleRegressor) qualify; everything else keeps its compiled shapes only.
/// </summary>
public static class RowwisePlan
{
    /// <summary>Kernels whose work is independent per row and whose scratch does not grow with the rows.</summary>
    public static IReadOnlyCollection<string> RowwiseKernels { get; } = new HashSet<string> { "Trees.Predict" };

    /// <summary>The plan's row count if it is row-wise, else 0.</summary>
    public static int Rows(ModelPlan plan)
    {
        if (plan.Steps.Count == 0 || plan.Steps.Any(s => !RowwiseKernels.Contains(s.Call)))
        {
            return 0;
        }

        var counts = plan.Steps.Select(s => s.Args.FirstOrDefault(a => a.Name == "rows")?.Value).Distinct().ToList();
        if (counts.Count != 1 || !int.TryParse(counts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int rows) || rows < 1)
        {
            return 0;
        }

        bool shaped = plan.Tensors
            .Where(t => t.Storage is TensorStorage.Input or TensorStorage.Output)
            .All(t => t.Shape.Length >= 1 && t.Shape[0] == rows);
        bool noArena = plan.Tensors.All(t => t.Storage is not (TensorStorage.Arena or TensorStorage.View));
        return shaped && noArena ? rows : 0;
    }
}
