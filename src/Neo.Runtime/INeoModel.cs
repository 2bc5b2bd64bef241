using System;

namespace Neo.Runtime;

/// <summary>
/// A model compiled by Neo. Every generated model class implements this interface, so tools and
/// harnesses can run a model without knowing its generated type.
/// </summary>
/// <remarks>
/// An instance owns its working memory and is not safe for concurrent use: use one instance per
/// thread. Instances of the same model class share their (read-only) weights.
/// </remarks>
public interface INeoModel : IDisposable
{
    /// <summary>The model's inputs and outputs, in model order, with shapes after <c>Shapes</c> was applied.</summary>
    ModelSignature Signature { get; }

    /// <summary>
    /// Runs the model. <paramref name="inputs"/> and <paramref name="outputs"/> hold one flat,
    /// row-major array per tensor, in signature order, of the tensor's element type and length.
    /// </summary>
    /// <exception cref="ArgumentException">An array is missing, of the wrong element type or of the wrong length.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    void Run(ReadOnlySpan<Array> inputs, ReadOnlySpan<Array> outputs);
}
