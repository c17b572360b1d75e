#!/usr/bin/env python3
"""Writes the oracle fixture of the chart tests: Tests/QuireChartTests/Fixtures/oracles.json.

Independent references for QuireChart's downsampling, computed here and stored as data so the
Swift tests run without Python:

- LTTB: a direct implementation of Steinarsson's Largest-Triangle-Three-Buckets (2013, figure
  4.4), written from the thesis, not from the Swift code; the indices it keeps.
- Histogram counts: numpy.histogram with explicit edges.
- Density grid counts: numpy.histogram2d over a fixed range.
- Quartiles: numpy.percentile (linear interpolation, its default).

Usage: python3 scripts/chart_oracles.py   (needs numpy; `pip install numpy`)
The inputs come from a seeded numpy generator, so re-running writes the same file.
"""

import json
import os

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "QuireChartTests", "Fixtures", "oracles.json")


def lttb(xs, ys, threshold):
    n = len(xs)
    if threshold >= n or threshold < 3:
        return list(range(n))
    sampled = [0]
    every = (n - 2) / (threshold - 2)
    a = 0
    for i in range(threshold - 2):
        avg_start = int(np.floor((i + 1) * every)) + 1
        avg_end = min(int(np.floor((i + 2) * every)) + 1, n)
        avg_x = sum(xs[avg_start:avg_end]) / (avg_end - avg_start)
        avg_y = sum(ys[avg_start:avg_end]) / (avg_end - avg_start)
        range_start = int(np.floor(i * every)) + 1
        range_end = int(np.floor((i + 1) * every)) + 1
        best, best_area = range_start, -1.0
        for j in range(range_start, range_end):
            area = abs((xs[a] - avg_x) * (ys[j] - ys[a]) - (xs[a] - xs[j]) * (avg_y - ys[a])) * 0.5
            if area > best_area:
                best, best_area = j, area
        sampled.append(best)
        a = best
    sampled.append(n - 1)
    return sampled


def main():
    rng = np.random.default_rng(20261207)
    cases = {"lttb": [], "histogram": [], "density": [], "quantiles": []}
    for n, threshold in [(50, 10), (1000, 100), (3000, 500), (2345, 17)]:
        xs = np.round(np.sort(rng.uniform(0, 100, n)), 6).tolist()
        ys = np.round(np.cumsum(rng.normal(0, 1, n)), 6).tolist()
        cases["lttb"].append({"x": xs, "y": ys, "threshold": threshold, "kept": lttb(xs, ys, threshold)})
    for n in [100, 2000]:
        values = np.round(rng.gamma(2.0, 10.0, n), 6)
        edges = np.arange(0, values.max() + 5, 5.0)
        counts, _ = np.histogram(values, bins=edges)
        cases["histogram"].append({"values": values.tolist(), "edges": edges.tolist(), "counts": counts.tolist()})
    for n, cols, rows in [(1000, 8, 5), (4000, 64, 40)]:
        x = np.round(rng.normal(0, 1, n), 6)
        y = np.round(x * 0.5 + rng.normal(0, 1, n), 6)
        xr, yr = [-3.0, 3.0], [-4.0, 4.0]
        counts, _, _ = np.histogram2d(x, y, bins=[cols, rows], range=[xr, yr])
        # numpy's first index is x; the fixture is row-major from the bottom row (y) up.
        grid = [int(counts[c][r]) for r in range(rows) for c in range(cols)]
        cases["density"].append(
            {"x": x.tolist(), "y": y.tolist(), "x_range": xr, "y_range": yr, "columns": cols, "rows": rows,
             "counts": grid})
    for n in [1, 2, 7, 100]:
        values = np.sort(np.round(rng.normal(10, 3, n), 6))
        cases["quantiles"].append(
            {"values": values.tolist(), "q": [0.25, 0.5, 0.75],
             "expected": [float(np.percentile(values, 100 * q)) for q in [0.25, 0.5, 0.75]]})
    with open(OUT, "w") as handle:
        json.dump(cases, handle, separators=(",", ":"))
        handle.write("\n")


if __name__ == "__main__":
    main()
