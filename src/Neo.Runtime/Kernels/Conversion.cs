using System;
using System.Numerics;

namespace Neo.Runtime.Kernels;

/// <summary>Element type conversions (ONNX Cast).</summary>
public static class Conversion
{
    /// <summary>Converts each element; float to integer truncates toward zero and saturates.</summary>
    public static void Cast<TFrom, TTo>(ReadOnlySpan<TFrom> input, Span<TTo> output)
        where TFrom : INumberBase<TFrom>
        where TTo : INumberBase<TTo>
    {
        for (int i = 0; i < output.Length; i++)
        {
            output[i] = TTo.CreateSaturating(input[i]);
        }
    }

    /// <summary>Converts booleans to numbers (1 and 0).</summary>
    public static void Cast<TTo>(ReadOnlySpan<bool> input, Span<TTo> output)
        where TTo : INumberBase<TTo>
    {
        for (int i = 0; i < output.Length; i++)
        {
            output[i] = input[i] ? TTo.One : TTo.Zero;
        }
    }

    /// <summary>Converts float32 to bfloat16 bits by truncation (the upper 16 bits), as ONNX 1.12 specifies.</summary>
    public static void ToBFloat16(ReadOnlySpan<float> input, Span<ushort> output)
    {
        for (int i = 0; i < output.Length; i++)
        {
            output[i] = (ushort)(BitConverter.SingleToUInt32Bits(input[i]) >> 16);
        }
    }

    /// <summary>Converts bfloat16 bits to float32 (exact).</summary>
    public static void FromBFloat16(ReadOnlySpan<ushort> input, Span<float> output)
    {
        for (int i = 0; i < output.Length; i++)
        {
            output[i] = BitConverter.UInt32BitsToSingle((uint)input[i] << 16);
        }
    }

    /// <summary>Converts numbers to booleans (non-zero is true).</summary>
    public static void Cast<TFrom>(ReadOnlySpan<TFrom> input, Span<bool> output)
        where TFrom : INumberBase<TFrom>
    {
        for (int i = 0; i < output.Length; i++)
        {
            output[i] = !TFrom.IsZero(input[i]);
        }
    }
}
