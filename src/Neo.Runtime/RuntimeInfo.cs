using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Neo.Runtime;

/// <summary>What the runtime's kernels use on this machine.</summary>
public static class RuntimeInfo
{
    /// <summary>
    /// The widest vector path the kernels take here: <c>AVX-512</c>, <c>AVX2</c>, <c>SSE</c>, <c>NEON</c>,
    /// or <c>scalar</c> (for example with <c>DOTNET_EnableHWIntrinsic=0</c>).
    /// </summary>
    public static string VectorPath =>
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? "AVX-512"
        : Vector256.IsHardwareAccelerated && Avx2.IsSupported ? "AVX2"
        : AdvSimd.IsSupported ? "NEON"
        : Vector128.IsHardwareAccelerated ? "SSE"
        : "scalar";
}
