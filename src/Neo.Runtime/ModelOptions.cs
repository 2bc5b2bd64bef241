namespace Neo.Runtime;

/// <summary>Options for a model instance, given to its constructor.</summary>
public sealed class ModelOptions
{
    /// <summary>The options a model uses when none are given.</summary>
    public static ModelOptions Default { get; } = new();

    /// <summary>
    /// The number of threads the instance computes with, the calling thread included. Zero (the default)
    /// uses the <c>Threads</c> the model was compiled with. Small models run on the calling thread whatever this says.
    /// </summary>
    public int Threads { get; init; }
}
