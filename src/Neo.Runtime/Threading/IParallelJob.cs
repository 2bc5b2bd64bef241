namespace Neo.Runtime.Threading;

/// <summary>
/// Work that a <see cref="ThreadTeam"/> splits into <c>count</c> independent parts. A struct, so each
/// kernel's job is specialized by the JIT and dispatching it allocates nothing.
/// </summary>
public interface IParallelJob
{
    /// <summary>Executes parts <paramref name="start"/> (inclusive) to <paramref name="end"/> (exclusive).</summary>
    void Execute(int start, int end);
}
