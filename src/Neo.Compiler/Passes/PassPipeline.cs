using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using Neo.Compiler.IR;
using Neo.Compiler.Options;

namespace Neo.Compiler.Passes;

/// <summary>The optimization level of the <c>Optimize</c> metadata.</summary>
public enum OptimizeLevel
{
    /// <summary>Only what static shapes need: shape inference with folding of shape arithmetic, and dead-code removal.</summary>
    None,

    /// <summary>Every simplification and fusion.</summary>
    Default,
}

/// <summary>The ordered list of passes for an optimization level and target, and the driver that runs it.</summary>
public sealed class PassPipeline
{
    private PassPipeline(IReadOnlyList<IPass> passes)
    {
        Passes = passes;
    }

    public IReadOnlyList<IPass> Passes { get; }

    /// <summary>The pipeline for <paramref name="level"/> on <paramref name="device"/>.</summary>
    public static PassPipeline For(OptimizeLevel level, TargetDevice device)
    {
        // Kernels choose their algorithm and weight layout per device when they lower (prepacking), so the
        // graph passes are the same for every device today; device-specific passes go here.
        _ = device;
        var passes = new List<IPass>
        {
            new InferShapesAndFold(),
            new DeadCodeElimination(),
        };

        if (level == OptimizeLevel.Default)
        {
            passes.AddRange(new IPass[]
            {
                // Simplify: remove copies and duplicates, cancel layout changes.
                new IdentityElimination(),
                new CommonSubexpressionElimination(),
                new TransposeCancellation(),
                new ReshapeCancellation(),

                // Recognize what exporters decompose, before folding moves the constants the patterns name.
                new LayerNormRecognition(),
                new GeluRecognition(),
                new SiluRecognition(),
                new HardSwishRecognition(),
                new MaskedSoftmaxRecognition(),

                // Fold constant arithmetic into weights; give MatMul its bias.
                new BatchNormFolding(),
                new ScaleBiasFolding(),
                new MatMulAddToGemm(),
                new InputScaleFolding(),
                new EmbeddingProjectionFolding(),
                new ReshapeCancellation(),

                // Fuse by operator kind: epilogues first (views moved out of their way), then the remaining
                // elementwise groups.
                new ViewSinking(),
                new EpilogueFusion(),
                new ChannelScaleFusion(),
                new ReshapeCancellation(),
                new ElementwiseFusion(),
                new DeadCodeElimination(),
            });
        }

        return new PassPipeline(passes);
    }

    /// <summary>Runs the passes in order, recording the time each took; writes the IR after each when asked.</summary>
    public Graph Run(Graph graph, PassContext context, string? dumpDirectory, List<(string Pass, double Milliseconds)> timings, bool verify)
    {
        foreach (Node n in graph.Nodes)
        {
            graph.SourceOpTypes.TryAdd(n.Name, n.OpType);
        }

        if (dumpDirectory is not null)
        {
            Directory.CreateDirectory(dumpDirectory);

            // Dumps of an earlier build with another pipeline would read as this one's.
            foreach (string stale in Directory.GetFiles(dumpDirectory, "??-*.txt"))
            {
                File.Delete(stale);
            }

            File.WriteAllText(Path.Combine(dumpDirectory, "00-import.txt"), IrPrinter.Print(graph));
        }

        for (int i = 0; i < Passes.Count; i++)
        {
            IPass pass = Passes[i];
            var sw = Stopwatch.StartNew();
            graph = pass.Run(graph, context);
            timings.Add((pass.Name, sw.Elapsed.TotalMilliseconds));
            if (context.Diagnostics.HasErrors)
            {
                return graph;
            }

            // The verifier (structure and re-run shape inference) checks graphs of ordinary size after every pass;
            // huge ones (hostile or unrolled graphs) once, after the last pass, so compile time and memory stay
            // linear in the graph.
            if (verify && (graph.Nodes.Count <= FullVerificationNodeLimit || i == Passes.Count - 1))
            {
                IrVerifier.Verify(graph, pass.Name, context.Operators);
            }

            if (dumpDirectory is not null)
            {
                string file = string.Create(CultureInfo.InvariantCulture, $"{i + 1:00}-{pass.Name}.txt");
                File.WriteAllText(Path.Combine(dumpDirectory, file), IrPrinter.Print(graph));
            }
        }

        return graph;
    }

    /// <summary>Graphs up to this many nodes are verified after every pass; larger ones after the last.</summary>
    public const int FullVerificationNodeLimit = 5000;

    public static bool TryParse(string? text, out OptimizeLevel level)
    {
        switch ((text ?? "").Trim().ToLowerInvariant())
        {
            case "":
            case "default":
                level = OptimizeLevel.Default;
                return true;
            case "none":
                level = OptimizeLevel.None;
                return true;
            default:
                level = OptimizeLevel.Default;
                return false;
        }
    }
}
