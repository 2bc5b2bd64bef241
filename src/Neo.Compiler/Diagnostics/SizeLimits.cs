using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Neo.Compiler.IR;
using Neo.Compiler.Lowering;
using Neo.Compiler.Onnx;

namespace Neo.Compiler.Diagnostics;

/// <summary>
/// The sizes Neo can hold, checked where untrusted numbers become sizes: graph inputs after Shapes,
/// every inferred tensor, and the arena and weights of the finished program. The generated code and
/// the runtime address memory with 32-bit offsets, and a model file's dims cost nothing to write, so a
/// tensor of 10^15 elements must be a coded error at build time, not an overflow somewhere later.
/// </summary>
public static class SizeLimits
{
    /// <summary>The most elements one tensor may have.</summary>
    public const long MaxElements = OnnxTensors.MaxElements;

    /// <summary>The most bytes of working memory (arena) or weights a model may have.</summary>
    public const long MaxBytes = 2_000_000_000;

    /// <summary>The element count of <paramref name="shape"/>, or -1 when a dimension is negative or the count exceeds <see cref="MaxElements"/>.</summary>
    public static long CheckedSize(IReadOnlyList<int> shape)
    {
        long n = 1;
        foreach (int d in shape)
        {
            if (d < 0)
            {
                return -1;
            }

            // d <= int.MaxValue and n <= MaxElements, so the product fits in a long.
            n *= d;
            if (n > MaxElements)
            {
                return -1;
            }
        }

        return n;
    }

    /// <summary>Reports every graph input whose shape (after Shapes) Neo cannot hold.</summary>
    public static void CheckInputs(Graph graph, DiagnosticBag diagnostics)
    {
        foreach (Value input in graph.Inputs)
        {
            if (input.Shape is { } shape && CheckedSize(shape) < 0)
            {
                diagnostics.Error(
                    DiagnosticCodes.TensorTooLarge,
                    $"input '{input.Name}' has shape {Shapes.Format(shape)}, more than the {MaxElements.ToString(CultureInfo.InvariantCulture)} elements Neo can hold in one tensor. Give it a smaller shape with the Shapes metadata.",
                    input.Name);
            }
        }
    }

    /// <summary>Throws a coded error when a node's output has a shape Neo cannot hold (dims from the model can be anything).</summary>
    public static void CheckOutputs(Node node)
    {
        foreach (Value? o in node.Outputs)
        {
            if (o?.Shape is { } shape && CheckedSize(shape) < 0)
            {
                throw new CompileErrorException(
                    DiagnosticCodes.TensorTooLarge,
                    $"node {node.Display} computes '{o.Name}' of shape {Shapes.Format(shape)}, more than the {MaxElements.ToString(CultureInfo.InvariantCulture)} elements Neo can hold in one tensor. Check the node's attributes and the input shapes (Shapes metadata).",
                    node.Name);
            }
        }
    }

    /// <summary>Checks the working memory and the weights of the lowered program; false after reporting.</summary>
    public static bool CheckProgram(long arenaBytes, IEnumerable<LTensor> weights, DiagnosticBag diagnostics)
    {
        bool ok = true;
        if (arenaBytes > MaxBytes)
        {
            diagnostics.Error(
                DiagnosticCodes.TensorTooLarge,
                $"the model needs {Gib(arenaBytes)} of working memory per instance; Neo supports at most {Gib(MaxBytes)}. Compile it for smaller input shapes (Shapes metadata).");
            ok = false;
        }

        long weightBytes = 0;
        foreach (LTensor t in weights.Distinct())
        {
            weightBytes += t.ByteLength + 64;
        }

        if (weightBytes > MaxBytes)
        {
            diagnostics.Error(
                DiagnosticCodes.TensorTooLarge,
                $"the model's weights take {Gib(weightBytes)}; Neo embeds at most {Gib(MaxBytes)} of weights in an assembly. Compile a smaller model.");
            ok = false;
        }

        return ok;
    }

    private static string Gib(long bytes) => (bytes / (1024.0 * 1024 * 1024)).ToString("0.##", CultureInfo.InvariantCulture) + " GiB";
}
