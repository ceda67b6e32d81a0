#!/usr/bin/python3
"""Generates direct_reference.json: scipy.optimize.direct results for the DIRECT parity tests.

Run with Debian's python3 and python3-scipy (the fixture was made with SciPy 1.10.1, NumPy from
Debian bookworm):  /usr/bin/python3 generate_direct_reference.py > direct_reference.json

Every objective here is re-implemented in DirectReferenceProblems.cs with the same floating-point
operations in the same order (explicit products instead of ** so that no pow() is involved), so
that both sides see bit-identical values. `eval_sha256` hashes the little-endian float64 bytes of
every evaluated point in call order: equal hashes mean the same objective calls in the same order.
"""
import hashlib
import json
import math
import sys

import numpy as np
import scipy
from scipy.optimize import direct

# Date the committed fixture was produced; bump when regenerating.
GENERATED = "2026-11-25"

SHIFT = [0.3, -0.2, 0.15, -0.35]


def sphere(x):
    s = 0.0
    for v in x:
        s = s + v * v
    return s


def shifted_sphere(x):
    s = 0.0
    for i, v in enumerate(x):
        d = v - SHIFT[i]
        s = s + d * d
    return s


def rosenbrock(x):
    a = x[1] - x[0] * x[0]
    b = 1.0 - x[0]
    return 100.0 * a * a + b * b


def branin(x):
    b = 5.1 / (4.0 * math.pi * math.pi)
    c = 5.0 / math.pi
    t = 1.0 / (8.0 * math.pi)
    u = x[1] - b * x[0] * x[0] + c * x[0] - 6.0
    return u * u + 10.0 * (1.0 - t) * math.cos(x[0]) + 10.0


def six_hump_camel(x):
    x0, x1 = x[0], x[1]
    x2 = x0 * x0
    y2 = x1 * x1
    return (4.0 - 2.1 * x2 + x2 * x2 / 3.0) * x2 + x0 * x1 + (-4.0 + 4.0 * y2) * y2


def goldstein_price(x):
    x0, x1 = x[0], x[1]
    s = x0 + x1 + 1.0
    a = 1.0 + s * s * (19.0 - 14.0 * x0 + 3.0 * x0 * x0 - 14.0 * x1 + 6.0 * x0 * x1 + 3.0 * x1 * x1)
    d = 2.0 * x0 - 3.0 * x1
    b = 30.0 + d * d * (18.0 - 32.0 * x0 + 12.0 * x0 * x0 + 48.0 * x1 - 36.0 * x0 * x1 + 27.0 * x1 * x1)
    return a * b


def rastrigin(x):
    s = 10.0 * len(x)
    for v in x:
        s = s + (v * v - 10.0 * math.cos(2.0 * math.pi * v))
    return s


def styblinski_tang(x):
    s = 0.0
    for v in x:
        v2 = v * v
        s = s + (v2 * v2 - 16.0 * v2 + 5.0 * v)
    return 0.5 * s


def _returns():
    # 64-bit LCG (Knuth MMIX constants): integer arithmetic only, so C# reproduces it exactly.
    state = 20240601
    out = []
    for _ in range(250):
        state = (state * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        u = (state >> 11) / 9007199254740992.0  # 53 random bits in [0, 1)
        out.append((u - 0.5) * 0.02)
    return out


RETURNS = _returns()


def threshold_strategy(x):
    """Negative total return of a momentum entry / stop-loss / take-profit rule: piecewise constant."""
    entry, exit_, stop, take = x[0], x[1], x[2], x[3]
    total = 0.0
    trades = 0
    in_trade = False
    run = 0.0
    for t in range(2, len(RETURNS)):
        momentum = RETURNS[t - 1] + RETURNS[t - 2]
        if not in_trade:
            if momentum > entry:
                in_trade = True
                run = 0.0
                trades += 1
        else:
            run = run + RETURNS[t]
            if run <= -stop or run >= take or momentum < exit_:
                total = total + run
                in_trade = False
    if in_trade:
        total = total + run
    return -total + 0.0005 * trades


PROBLEMS = {
    "sphere2": (sphere, [(-1.0, 1.0)] * 2, 0.0),
    "sphere4": (sphere, [(-1.0, 1.0)] * 4, 0.0),
    "shifted_sphere2": (shifted_sphere, [(-1.0, 2.0)] * 2, 0.0),
    "shifted_sphere4": (shifted_sphere, [(-1.0, 2.0)] * 4, 0.0),
    "rosenbrock2": (rosenbrock, [(-2.048, 2.048)] * 2, 0.0),
    "branin": (branin, [(-5.0, 10.0), (0.0, 15.0)], 0.39788735772973816),
    "six_hump_camel": (six_hump_camel, [(-3.0, 3.0), (-2.0, 2.0)], -1.0316284534898774),
    "goldstein_price": (goldstein_price, [(-2.0, 2.0)] * 2, 3.0),
    "rastrigin2": (rastrigin, [(-4.1, 5.2)] * 2, 0.0),
    "styblinski_tang3": (styblinski_tang, [(-5.0, 5.0)] * 3, -117.49849711131424),
    "threshold_strategy4": (threshold_strategy, [(-0.03, 0.03), (-0.03, 0.03), (0.003, 0.09), (0.003, 0.09)], None),
}


def variants(f_min):
    out = [
        {"maxfun": 50},
        {"maxfun": 100},
        {"maxfun": 720},
        {},
        {"maxiter": 5},
        {"maxiter": 10},
        {"vol_tol": 1e-4},
        {"len_tol": 1e-2},
        {"eps": 1e-2, "maxfun": 300},
    ]
    if f_min is not None:
        out.append({"f_min": f_min, "f_min_rtol": 1e-3})
    return out


# Edge settings: limits of the [0, 1] tolerances, tiny budgets, Jones' adaptive epsilon (eps < 0),
# eps = 0, and tolerances whose message formatting exercises Python's float repr.
EXTRAS = [
    ("branin", {"vol_tol": 1.0}),
    ("branin", {"len_tol": 1.0}),
    ("branin", {"len_tol": 0.25, "vol_tol": 0.0}),
    ("branin", {"vol_tol": 0.0, "len_tol": 0.0, "maxfun": 400}),
    ("branin", {"f_min": 0.39788735772973816, "f_min_rtol": 1e-05}),
    ("branin", {"f_min": 0.39788735772973816, "f_min_rtol": 0.0, "maxfun": 300}),
    ("six_hump_camel", {"maxfun": 1}),
    ("six_hump_camel", {"maxiter": 1}),
    ("six_hump_camel", {"maxiter": 2}),
    ("six_hump_camel", {"maxfun": 51}),
    ("rosenbrock2", {"eps": -1e-3, "maxfun": 500}),
    ("rosenbrock2", {"eps": 0.0, "maxfun": 500}),
    ("goldstein_price", {"eps": 0.5, "maxfun": 200}),
    ("threshold_strategy4", {"maxfun": 720, "eps": 0.0}),
    ("threshold_strategy4", {"maxfun": 2000, "len_tol": 1e-3}),
]


def run_case(name, fn, bounds, options):
    digest = hashlib.sha256()
    count = [0]

    def wrapped(x):
        digest.update(np.asarray(x, dtype="<f8").tobytes())
        count[0] += 1
        return fn(x)

    res = direct(wrapped, bounds, **options)
    assert count[0] == res.nfev, (name, options, count[0], res.nfev)
    return {
        "x": [float(v) for v in res.x],
        "fun": float(res.fun),
        "nfev": int(res.nfev),
        "nit": int(res.nit),
        "status": int(res.status),
        "message": str(res.message),
        "eval_sha256": digest.hexdigest(),
    }


def main():
    cases = []
    for name, (fn, bounds, f_min) in PROBLEMS.items():
        for lb in (True, False):
            for v in variants(f_min):
                options = dict(v)
                options["locally_biased"] = lb
                cases.append({
                    "problem": name,
                    "bounds": [list(b) for b in bounds],
                    "options": options,
                    "expected": run_case(name, fn, bounds, options),
                })
    for name, extra in EXTRAS:
        fn, bounds, _ = PROBLEMS[name]
        for lb in (True, False):
            options = dict(extra)
            options["locally_biased"] = lb
            cases.append({
                "problem": name,
                "bounds": [list(b) for b in bounds],
                "options": options,
                "expected": run_case(name, fn, bounds, options),
            })
    doc = {
        "generator": "tests/Kairos.Backtesting.Tests/Optimization/Fixtures/generate_direct_reference.py",
        "scipy_version": scipy.__version__,
        "numpy_version": np.__version__,
        "python_version": sys.version.split()[0],
        "generated": GENERATED,
        "cases": cases,
    }
    json.dump(doc, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
