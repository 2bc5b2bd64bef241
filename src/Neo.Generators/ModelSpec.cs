using System;
using Neo.Plan;

namespace Neo.Generators
{
    /// <summary>
    /// What the generator knows about one model: its parsed plan, or why it could not be read. Value-equal
    /// by the plan's text and path, so the incremental pipeline reuses the output when nothing changed; it
    /// holds no Compilation, symbol, syntax node or Location.
    /// </summary>
    internal sealed class ModelSpec : IEquatable<ModelSpec>
    {
        public ModelSpec(string path, string text, ModelPlan? plan, string? error)
        {
            Path = path;
            Text = text;
            Plan = plan;
            Error = error;
        }

        /// <summary>The plan file's path (for diagnostics).</summary>
        public string Path { get; }

        public string Text { get; }

        public ModelPlan? Plan { get; }

        /// <summary>Why the plan cannot be read, or null.</summary>
        public string? Error { get; }

        public bool Equals(ModelSpec? other) =>
            other != null && string.Equals(Path, other.Path, StringComparison.Ordinal) && string.Equals(Text, other.Text, StringComparison.Ordinal);

        public override bool Equals(object? obj) => Equals(obj as ModelSpec);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Path) ^ StringComparer.Ordinal.GetHashCode(Text);

        /// <summary>Parses a plan file's text.</summary>
        public static ModelSpec Parse(string path, string text)
        {
            try
            {
                return new ModelSpec(path, text, PlanText.Read(text), null);
            }
            catch (PlanFormatException e)
            {
                return new ModelSpec(path, text, null, e.Message);
            }
            catch (Exception e) when (!(e is OperationCanceledException))
            {
                return new ModelSpec(path, text, null, e.GetType().Name + ": " + e.Message);
            }
        }
    }
}
