using System.Collections.Generic;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Plan;

namespace Neo.Compiler.Planning;

/// <summary>Turns the lowered, memory-planned program into the plan the generator reads.</summary>
public static class PlanBuilder
{
    public static ModelPlan Build(LoweringContext program, CompileSettings settings, Model model, ArenaPlan arena, long weightBytes, ulong checksum, long macs)
    {
        var plan = new ModelPlan
        {
            ModelFile = model.FileName,
            ClassName = settings.ClassName,
            Namespace = settings.Namespace,
            TargetDevice = settings.Device.Name,
            Threads = settings.Threads,
            ArenaBytes = arena.ArenaBytes,
            ArenaLowerBoundBytes = arena.LowerBoundBytes,
            WeightsResource = NeoNaming.WeightsResource(settings.Namespace, settings.ClassName),
            WeightsBytes = weightBytes,
            WeightsChecksum = checksum,
            Producer = model.Producer,
            Macs = macs,
        };

        // Inputs and outputs first, in model order, then every other tensor a step uses, in first-use order.
        var used = new List<LTensor>();
        var seen = new HashSet<LTensor>();
        void Use(LTensor t)
        {
            if (t.Root != t)
            {
                Use(t.Root);
            }

            if (seen.Add(t))
            {
                used.Add(t);
            }
        }

        foreach (LTensor t in program.Tensors.Where(t => t.Storage == TensorStorage.Input).OrderBy(t => t.Index))
        {
            Use(t);
        }

        foreach (LTensor t in program.Outputs)
        {
            Use(t);
        }

        foreach (LStep s in program.Steps)
        {
            foreach (LTensor t in s.Reads.Concat(s.Writes))
            {
                Use(t);
            }
        }

        foreach (LTensor t in used)
        {
            LTensor root = t.Root;
            plan.Tensors.Add(new PlanTensor
            {
                Id = t.Id,
                Name = t.Name,
                ElementType = DataTypes.Name(t.Type),
                Shape = t.Shape,
                Storage = t.ViewOf is null ? t.Storage : TensorStorage.View,
                Offset = t.ViewOf is null ? t.Offset : t.RootOffset,
                ViewOf = t.ViewOf is null ? "" : root.Id,
            });
        }

        foreach (LStep s in program.Steps)
        {
            var step = new PlanStep { Label = s.Label, Call = s.Call };
            foreach (Node n in s.Nodes)
            {
                // Each model node the step computes, with its op type in the model (a fused Conv also names its Clip).
                foreach (string origin in n.Origin.Count > 0 ? n.Origin : new List<string> { n.Name })
                {
                    step.Nodes.Add(new PlanNodeRef(origin, program.Graph.SourceOpTypes.TryGetValue(origin, out string? op) ? op : n.OpType));
                }
            }

            foreach ((LTensor condition, bool whenTrue) in s.Guards)
            {
                step.Guards.Add(new PlanGuard(condition.Id, whenTrue));
            }

            foreach ((string name, string value) in s.Args)
            {
                step.Args.Add(new PlanArg(name, value));
            }

            plan.Steps.Add(step);
        }

        return plan;
    }
}
