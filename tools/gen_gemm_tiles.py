#!/usr/bin/env python3
"""Writes src/Neo.Runtime/Kernels/GemmTiles.cs: the register-tiled GEMM micro-kernels, one per vector width.

The three widths share one structure (6 rows of A broadcast against a row of B vectors, fused
multiply-add into 6 x V accumulators), so they are generated from one template rather than kept in
sync by hand. Run it after changing the template: python3 tools/gen_gemm_tiles.py
"""
import os

ROWS = 6
# width -> (lanes, vectors per row, panels per tile)
WIDTHS = {128: (4, 4, 1), 256: (8, 2, 1), 512: (16, 2, 2)}
# Widths whose direct kernels also take tiles short of full width (TTail = MaskedRow: the row's last vector
# loaded and stored under a mask of the columns left).
MASKED = (256, 512)


def last_load(w, addr, v, vpr):
    """A load of vector v of a row: masked for the row's last vector when TTail.Masked."""
    if w in MASKED and v == vpr - 1:
        return f"(TTail.Masked ? MaskLoad{w}({addr}, tail) : Vector{w}.Load({addr}))"
    return f"Vector{w}.Load({addr})"


def last_store(w, value, addr, v, vpr, ind, a):
    """A store of vector v of a row: masked for the row's last vector when TTail.Masked."""
    if w in MASKED and v == vpr - 1:
        a(f"{ind}if (TTail.Masked)")
        a(f"{ind}{{")
        a(f"{ind}    MaskStore{w}({addr}, tail, {value});")
        a(f"{ind}}}")
        a(f"{ind}else")
        a(f"{ind}{{")
        a(f"{ind}    {value}.Store({addr});")
        a(f"{ind}}}")
    else:
        a(f"{ind}{value}.Store({addr});")


WIDE_PANEL = "Width >= 512 && Vector512.IsHardwareAccelerated && WidePanel"


def loop(a, w, direct=False):
    lanes, vpr, panels = WIDTHS[w]
    V = f"Vector{w}<float>"
    decl = ", ".join(f"c{r}{v} = default" for r in range(ROWS) for v in range(vpr))
    if w == 256 and not direct:
        # The 16-column panel on 512-bit vectors (GemmTilesWide.cs) where the hardware has them.
        a(f"        if ({WIDE_PANEL})")
        a("        {")
        a("            Accumulate16Wide<TRows>(kc, a, b, ldb, acc);")
        a("            return;")
        a("        }")
        a("")
    a(f"        {V} {decl};")
    if panels == 2:
        a("        float* b2 = b + bNext;")
    else:
        a("        _ = bNext;")
    if w == 256 and direct:
        a(f"        if ({WIDE_PANEL})")
        a("        {")
        a("            // The panel row as one 512-bit vector, even and odd K steps in separate accumulators (the loop shared with")
        a("            // Accumulate256's wide path), the sums read back from the stack.")
        a(f"            float* acc = stackalloc float[{ROWS * lanes * vpr}];")
        a("            Accumulate16Wide<TRows>(kc, a, b, ldb, acc);")
        for r in range(ROWS):
            a(f"            (c{r}0, c{r}1) = (Vector256.Load(acc{'' if r == 0 else f' + {r * 16}'}), Vector256.Load(acc + {r * 16 + 8}));")
        a("        }")
        a("        else")
        a("        {")
        inner = []
        steps(inner.append, w)
        while inner and not inner[-1]:
            inner.pop()
        for line in inner:
            a(("    " + line) if line else line)
        a("        }")
        a("")
        return
    steps(a, w)


def steps(a, w):
    lanes, vpr, panels = WIDTHS[w]
    V = f"Vector{w}<float>"
    a("        for (int p = 0; p < kc; p++)")
    a("        {")
    for v in range(vpr):
        if panels == 2:
            src = "b" if v == 0 else "b2"
            a(f"            {V} b{v} = Vector{w}.Load({src});")
        else:
            a(f"            {V} b{v} = Vector{w}.Load(b + {v * lanes});")
    for r in range(ROWS):
        ind = "            "
        if r > 0:
            a(f"            if (TRows.Value > {r})")
            a("            {")
            ind = "                "
        a(f"{ind}{V} a{r} = Vector{w}.Create(a[{r}]);")
        for v in range(vpr):
            a(f"{ind}c{r}{v} = VectorMath.MultiplyAdd(a{r}, b{v}, c{r}{v});")
        if r > 0:
            a("            }")
            a("")
    a(f"            a += {ROWS};")
    a("            b += ldb;")
    if panels == 2:
        a("            b2 += ldb;")
    a("        }")
    a("")


def kernel(w):
    lanes, vpr, panels = WIDTHS[w]
    V = f"Vector{w}<float>"
    cols = lanes * vpr
    # The direct kernel's and its stores' type parameters: a TTail where the width takes masked tails.
    tg = "<TRows, TEpilogue, TTail>" if w in MASKED else "<TRows, TEpilogue>"
    sg = "<TEpilogue, TTail>" if w in MASKED else ""
    targ = ", tail" if w in MASKED else ""
    tparam = f", {V} tail" if w in MASKED else ""
    out = []
    a = out.append
    a(f"    /// <summary>A {ROWS}x{cols} tile (TRows rows valid) with Vector{w}: C = A·B over kc, then the tile's store rule.</summary>")
    a("    [MethodImpl(MethodImplOptions.AggressiveOptimization)]")
    a(f"    public static void Tile{w}<TRows, TEpilogue>(int kc, float* a, float* b, nint ldb, nint bNext, ref TileOutput o, TEpilogue epilogue)")
    a("        where TRows : struct, IRowCount")
    a("        where TEpilogue : struct, IUnaryOperator")
    a("    {")
    if w in MASKED:
        a("        if (TEpilogue.IsCheap)")
        a("        {")
        a(f"            if (o.Cols == {cols})")
        a("            {")
        a(f"                Direct{w}<TRows, TEpilogue, WholeRow>(kc, a, b, ldb, bNext, ref o, epilogue);")
        a("                return;")
        a("            }")
        a("")
        a(f"            if (o.Cols > {cols - lanes} && CanMask{w} && MaskedTails)")
        a("            {")
        a(f"                Direct{w}<TRows, TEpilogue, MaskedRow>(kc, a, b, ldb, bNext, ref o, epilogue);")
        a("                return;")
        a("            }")
        a("        }")
    else:
        a(f"        if (TEpilogue.IsCheap && o.Cols == {cols})")
        a("        {")
        a(f"            Direct{w}<TRows, TEpilogue>(kc, a, b, ldb, bNext, ref o, epilogue);")
        a("            return;")
        a("        }")
    a("")
    a(f"        float* acc = stackalloc float[{ROWS * cols}];")
    a(f"        Accumulate{w}<TRows>(kc, a, b, ldb, bNext, acc);")
    a("        // One row per iteration, not unrolled: a heavy epilogue (GELU's erf) inlined once per row would run out")
    a("        // of vector registers and spill; inlined once, it stays in registers.")
    a("        for (int r = 0; r < TRows.Value; r++)")
    a("        {")
    args = ", ".join(f"Vector{w}.Load(acc + (r * {cols}){'' if v == 0 else f' + {v * lanes}'})" for v in range(vpr))
    a(f"            Store{w}({args}, r, ref o, epilogue);")
    a("        }")
    a("    }")
    a("")
    a("    /// <summary>")
    a("    /// The register-tiled loop alone, with no call inside: the accumulators stay in registers for the whole")
    a("    /// loop (the JIT spills values that live across calls, and every vector register is caller-saved).")
    a("    /// </summary>")
    a("    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]")
    a(f"    private static void Accumulate{w}<TRows>(int kc, float* a, float* b, nint ldb, nint bNext, float* acc)")
    a("        where TRows : struct, IRowCount")
    a("    {")
    loop(a, w)
    for r in range(ROWS):
        ind = "        "
        if r > 0:
            a(f"        if (TRows.Value > {r})")
            a("        {")
            ind = "            "
        for v in range(vpr):
            a(f"{ind}c{r}{v}.Store(acc + {r * cols + v * lanes});")
        if r > 0:
            a("        }")
            a("")
    a("    }")
    a("")
    a("    /// <summary>")
    a("    /// A full-width tile with a cheap epilogue (<see cref=\"IUnaryOperator.IsCheap\"/>): the rows are stored straight from")
    a("    /// the accumulators, without the round trip through the stack, which cost as much as the multiply-adds")
    a("    /// when K is small (a 1x1 convolution over 16-96 channels).")
    if w in MASKED:
        a(f"    /// With <see cref=\"MaskedRow\"/>, a tile of {cols - lanes + 1}-{cols - 1} columns (the last of a row whose width is not a multiple of")
        a(f"    /// {cols}): the row's last vector is loaded and stored under a mask, where the stack round trip stored each value alone.")
    a("    /// </summary>")
    a("    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]")
    a(f"    private static void Direct{w}{tg}(int kc, float* a, float* b, nint ldb, nint bNext, ref TileOutput o, TEpilogue epilogue)")
    a("        where TRows : struct, IRowCount")
    a("        where TEpilogue : struct, IUnaryOperator")
    if w in MASKED:
        a("        where TTail : struct, IRowTail")
    a("    {")
    loop(a, w, direct=True)
    a("")
    if w in MASKED:
        a(f"        {V} tail = TTail.Masked ? VectorMath.FirstLanes{w}(o.Cols - {cols - lanes}) : default;")
    a("        // The common single-block case (a convolution: one bias per row) with the rule's fields in registers; the")
    a("        // general rule rereads them from the TileOutput after every store, which may alias it.")
    a("        if (!o.Accumulate && o.Finish && o.Alpha == 1f && o.Residual == null && (o.Bias == null || o.BiasColStride == 0))")
    a("        {")
    a("            float* c = o.C, bias = o.Bias;")
    a("            nint ldc = o.Ldc, biasStride = o.BiasRowStride;")
    a("            float beta = o.Beta;")
    for r in range(ROWS):
        ind = "            "
        if r > 0:
            a(f"            if (TRows.Value > {r})")
            a("            {")
            ind = "                "
        rr = "" if r == 0 else f" + ({r} * ldc)"
        br = "bias" if r == 0 else f"bias + ({r} * biasStride)"
        a(f"{ind}StoreRowBias{w}{sg}({', '.join(f'c{r}{v}' for v in range(vpr))}, c{rr}, bias == null ? null : {br}, beta, epilogue{targ});")
        if r > 0:
            a("            }")
            a("")
    a("            return;")
    a("        }")
    a("")
    for r in range(ROWS):
        ind = "        "
        if r > 0:
            a(f"        if (TRows.Value > {r})")
            a("        {")
            ind = "            "
        a(f"{ind}StoreFull{w}{sg}({', '.join(f'c{r}{v}' for v in range(vpr))}, {r}, ref o, epilogue{targ});")
        if r > 0:
            a("        }")
            a("")
    a("    }")
    a("")
    params_ = ", ".join(f"{V} v{v}" for v in range(vpr))
    a("    /// <summary>One full tile row: plus the row's bias (if any) times beta, the epilogue, stored.</summary>")
    a("    [MethodImpl(MethodImplOptions.AggressiveInlining)]")
    a(f"    private static void StoreRowBias{w}{sg or '<TEpilogue>'}({params_}, float* c, float* bias, float beta, TEpilogue epilogue{tparam})")
    a("        where TEpilogue : struct, IUnaryOperator")
    if w in MASKED:
        a("        where TTail : struct, IRowTail")
    a("    {")
    a("        if (bias != null)")
    a("        {")
    a(f"            {V} bv = Vector{w}.Create(*bias * beta);")
    for v in range(vpr):
        a(f"            v{v} += bv;")
    a("        }")
    a("")
    for v in range(vpr):
        if w in MASKED and v == vpr - 1:
            a(f"        v{v} = epilogue.Invoke(v{v});")
            last_store(w, f"v{v}", f"c + {v * lanes}", v, vpr, "        ", a)
        else:
            a(f"        epilogue.Invoke(v{v}).Store(c + {v * lanes});")
    a("    }")
    a("")
    # store
    params = ", ".join(f"{V} v{v}" for v in range(vpr))
    a(f"    [MethodImpl(MethodImplOptions.AggressiveInlining)]")
    a(f"    private static void Store{w}<TEpilogue>({params}, int row, ref TileOutput o, TEpilogue epilogue)")
    a("        where TEpilogue : struct, IUnaryOperator")
    a("    {")
    a(f"        if (o.Cols < {cols})")
    a("        {")
    a(f"            Partial{w}({', '.join(f'v{v}' for v in range(vpr))}, row, ref o, epilogue);")
    a("            return;")
    a("        }")
    a("")
    a(f"        StoreFull{w}{'<TEpilogue, WholeRow>' if w in MASKED else ''}({', '.join(f'v{v}' for v in range(vpr))}, row, ref o, epilogue{', default' if w in MASKED else ''});")
    a("    }")
    a("")
    a("    /// <summary>One full row of a tile by the store rule (alpha, bias, residual, epilogue on the last K block).</summary>")
    a(f"    [MethodImpl(MethodImplOptions.AggressiveInlining)]")
    a(f"    private static void StoreFull{w}{sg or '<TEpilogue>'}({params}, int row, ref TileOutput o, TEpilogue epilogue{tparam})")
    a("        where TEpilogue : struct, IUnaryOperator")
    if w in MASKED:
        a("        where TTail : struct, IRowTail")
    a("    {")
    a("        float* c = o.C + (row * o.Ldc);")
    a("        if (o.Accumulate)")
    a("        {")
    for v in range(vpr):
        a(f"            v{v} += {last_load(w, f'c + {v * lanes}', v, vpr)};")
    a("        }")
    a("")
    a("        if (o.Finish)")
    a("        {")
    a("            if (o.Alpha != 1f)")
    a("            {")
    for v in range(vpr):
        a(f"                v{v} *= o.Alpha;")
    a("            }")
    a("")
    a("            if (o.Bias != null)")
    a("            {")
    a("                float* bias = o.Bias + (row * o.BiasRowStride);")
    a("                if (o.BiasColStride == 0)")
    a("                {")
    a(f"                    {V} bv = Vector{w}.Create(*bias * o.Beta);")
    for v in range(vpr):
        a(f"                    v{v} += bv;")
    a("                }")
    a("                else")
    a("                {")
    for v in range(vpr):
        a(f"                    v{v} = VectorMath.MultiplyAdd({last_load(w, f'bias + {v * lanes}', v, vpr)}, Vector{w}.Create(o.Beta), v{v});")
    a("                }")
    a("            }")
    a("")
    a("            if (o.Residual != null)")
    a("            {")
    a("                float* r = o.Residual + (row * o.Ldr);")
    for v in range(vpr):
        a(f"                v{v} += {last_load(w, f'r + {v * lanes}', v, vpr)};")
    a("            }")
    a("")
    for v in range(vpr):
        a(f"            v{v} = epilogue.Invoke(v{v});")
    a("        }")
    a("")
    for v in range(vpr):
        last_store(w, f"v{v}", f"c + {v * lanes}", v, vpr, "        ", a)
    a("    }")
    a("")
    a("    // Not inlined: the stack spill would keep the full-tile store from inlining.")
    a("    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]")
    a(f"    private static void Partial{w}<TEpilogue>({params}, int row, ref TileOutput o, TEpilogue epilogue)")
    a("        where TEpilogue : struct, IUnaryOperator")
    a("    {")
    a(f"        float* spill = stackalloc float[{cols}];")
    for v in range(vpr):
        a(f"        v{v}.Store(spill + {v * lanes});")
    a("        StorePartial(spill, row, ref o, epilogue);")
    a("    }")
    a("")
    return "\n".join(out)


def main():
    root = os.path.join(os.path.dirname(__file__), "..")
    parts = ["""// <auto-generated/> by tools/gen_gemm_tiles.py: edit the template there, not this file.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Neo.Runtime.Kernels;

/// <summary>
/// GEMM micro-kernels: a tile of up to 6 rows of A (packed 6 rows per k) times a row of B vectors (16
/// columns, 32 on 512-bit vectors from two adjacent panels), accumulated in registers with fused
/// multiply-add, then stored by the rule in <see cref="TileOutput"/>: partial sums while K is blocked,
/// and y = epilogue(alpha·acc + beta·bias + residual) after the last block.
/// </summary>
internal static unsafe partial class GemmTiles
{
"""]
    for w in (128, 256, 512):
        parts.append(kernel(w))
    parts.append("}\n")
    text = "\n".join(parts).replace("{\n\n    ///", "{\n    ///", 1).replace("\n\n\n", "\n\n").replace("\n\n    }\n", "\n    }\n").replace("\n\n}\n", "\n}\n")
    # blank line before closing brace of if-blocks is not wanted
    text = text.replace("            }\n\n            a +=", "            }\n\n            a +=")
    with open(os.path.join(root, "src/Neo.Runtime/Kernels/GemmTiles.cs"), "w") as f:
        f.write(text)


main()
