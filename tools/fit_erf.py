#!/usr/bin/env python3
"""Fits the float32 erf in src/Neo.Runtime/Kernels/VectorMath.cs and reports its error.

Two ranges, each a weighted least-squares polynomial pushed towards minimax by Lawson iterations:
  |x| < 1:         erf(x) = x + x*Q(x^2)                      (Q of degree 5)
  1 <= |x| < 3.92: erf(x) = 1 - exp(-x^2) * R(s), s = (|x| - 2.46) / 1.46   (R of degree 7, fitting
                   erfcx(x) = erfc(x)*exp(x^2), weighted by exp(-x^2) so the absolute error of erf is minimised)
Past 3.92 erfc(x) is below half an ulp of 1 and erf is +-1. The float32 evaluation (FMA Horner) is simulated
to print the expected maximum absolute error. Run: /usr/bin/python3 tools/fit_erf.py
"""
import numpy as np
from numpy.polynomial import polynomial as P
from scipy.special import erf, erfcx

f32 = np.float32
A, B = 1.0, 3.92
MID, HALF = (A + B) / 2, (B - A) / 2


def fma(a, b, c):
    return f32(np.float64(a) * np.float64(b) + np.float64(c))


def horner(cs, x):
    p = np.full_like(x, f32(cs[-1]))
    for c in cs[-2::-1]:
        p = fma(p, x, f32(c))
    return p


def lawson(x, y, target, weight, degree, basis):
    w = np.ones(len(x))
    for _ in range(30):
        c = P.polyfit(basis, y, degree, w=np.sqrt(w) * weight)
        e = np.abs(target(c))
        w = w * (e / e.max() + 1e-3)
        w /= w.sum()
    return c


n = 6000
nodes = np.cos(np.pi * (np.arange(n) + 0.5) / n)
x = np.abs(nodes) * A + 1e-12
cq = lawson(x, erf(x) / x, lambda c: P.polyval(x * x, c) * x - erf(x), np.ones(n), 5, x * x)
cq[0] -= 1
z = nodes * HALF + MID
s = (z - MID) / HALF
cr = lawson(z, erfcx(z), lambda c: (P.polyval(s, c) - erfcx(z)) * np.exp(-z * z), np.exp(-z * z), 7, s)

xs = np.linspace(0, 4.5, 2000001).astype(f32)
z2 = f32(xs * xs)
near = fma(xs, horner(cq, z2), xs)
far = fma(-f32(np.exp(-np.float64(z2))), horner(cr, fma(xs, f32(1 / HALF), f32(-MID / HALF))), f32(1))
got = np.where(xs < A, near, np.where(xs < B, far, f32(1)))
print("max abs error (ideal exp):", np.max(np.abs(np.float64(got) - erf(np.float64(xs)))))
print("Q:", [np.format_float_scientific(f32(c), unique=True) for c in cq])
print("R:", [np.format_float_scientific(f32(c), unique=True) for c in cr])
print("scale, shift:", np.format_float_scientific(f32(1 / HALF), unique=True), np.format_float_scientific(f32(-MID / HALF), unique=True))
