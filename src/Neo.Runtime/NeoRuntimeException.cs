using System;

namespace Neo.Runtime;

/// <summary>An error of the Neo runtime, with its <c>NEO3xxx</c> code (see docs/diagnostics.md).</summary>
public sealed class NeoRuntimeException : Exception
{
    /// <summary>Creates the exception; <paramref name="message"/> starts with the code.</summary>
    public NeoRuntimeException(string code, string message)
        : base(message)
    {
        Code = code;
    }

    /// <summary>The diagnostic code, for example <c>NEO3001</c>.</summary>
    public string Code { get; }
}
