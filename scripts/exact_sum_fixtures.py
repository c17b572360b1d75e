#!/usr/bin/env python3
"""Oracle for the exact sums behind a drift row's mean and standard deviation (ExactSum.swift).

Writes Tests/QuireEngineTests/Fixtures/monitor/exact_sums.json: cases of doubles chosen to break
sums that are not exact (cancellation across 600 orders of magnitude, subnormals, ties at the last
bit, more values than the accumulator's chunk between carries, negative totals, infinities and
NaN) with Python's `math.fsum` of each. Floats travel as text (repr). The standard library only.

    python3 scripts/exact_sum_fixtures.py
"""
import json
import math
import os
import random

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
PATH = os.path.join(ROOT, "Tests", "QuireEngineTests", "Fixtures", "monitor", "exact_sums.json")


def cases():
    rng = random.Random(20261207)
    tiny = 5e-324
    yield "empty", []
    yield "one", [0.1]
    yield "tenths", [0.1] * 2500
    yield "cancel across magnitudes", [1e100, 1.0, -1e100, 1e-100]
    yield "tie to even down", [2.0**53, 1.0]
    yield "tie to even up", [2.0**53 + 2, 1.0]
    yield "tie broken by a sticky bit", [2.0**53, 1.0, 2.0**-60]
    yield "tie broken below, negative", [-(2.0**53), -1.0, -(2.0**-1000)]
    yield "subnormals", [tiny, tiny, tiny, -tiny, 2.5e-310, -1e-320]
    yield "subnormals to a normal", [2.2250738585072014e-308 / 2] * 2 + [tiny]
    yield "negative zero", [-0.0, -0.0]
    yield "largest doubles", [1.7976931348623157e308, -1.7976931348623157e308, 1e292, 1e-300]
    wide = [rng.gauss(0, 1) * 10.0 ** rng.uniform(-300, 300) for _ in range(1200)]
    yield "wide magnitudes", wide
    yield "wide magnitudes, cancelled but one", wide + [-x for x in wide[1:]]
    pairs = []
    for _ in range(400):
        x = rng.uniform(-1e16, 1e16)
        pairs += [x, -x, rng.uniform(-1, 1) * 1e-3]
    rng.shuffle(pairs)
    yield "pairs and noise, shuffled", pairs
    yield "negative total", [-rng.expovariate(1.0) for _ in range(1100)]
    big = [1e9 + rng.gauss(0, 1e-3) for _ in range(1100)]
    mean = math.fsum(big) / len(big)
    yield "squared deviations about a large mean", [(x - mean) * (x - mean) for x in big]
    yield "integers beyond 2^53", [float(2**60 + 3 * i) for i in range(1100)] + [-(2.0**60) * 1100]
    yield "all subnormal, negative", [-tiny * rng.randint(1, 2**40) for _ in range(1200)]
    yield "an infinity", [1.0, math.inf, -1e308]
    yield "a NaN", [1.0, math.nan, math.inf]


def main():
    out = {"cases": [{"name": name, "values": [repr(v) for v in values], "sum": repr(math.fsum(values))} for name, values in cases()]}
    with open(PATH, "w") as file:
        json.dump(out, file, separators=(",", ":"))
        file.write("\n")
    print(f"wrote {len(out['cases'])} cases to {os.path.relpath(PATH, ROOT)}")


if __name__ == "__main__":
    main()
