#!/usr/bin/env python3
"""Oracle fixtures for QuireRunner's tests (dev time only): numpy's histogram of a few columns.

Writes Tests/QuireRunnerTests/Fixtures/histograms.json: for each case the input values, the bin
count and numpy.histogram's counts and edges. `python3 scripts/runner_fixtures.py` rewrites it.
"""
import json
import pathlib

import numpy as np
from sklearn.datasets import load_diabetes, load_iris

out = pathlib.Path(__file__).resolve().parent.parent / "Tests/QuireRunnerTests/Fixtures/histograms.json"
iris = load_iris().data
diabetes = load_diabetes().data
rng = np.random.default_rng(5)
cases = {
    "iris sepal length": iris[:, 0],
    "iris petal width": iris[:, 3],
    "diabetes bmi": diabetes[:, 2],
    "normal 1000": rng.normal(size=1000).round(6),
    "constant": np.full(10, 3.5),
    "with missing": np.array([1.0, np.nan, 2.0, 2.5, np.nan, 9.0]),
}
fixtures = []
for name, values in cases.items():
    present = values[~np.isnan(values)]
    counts, edges = np.histogram(present, bins=20 if np.ptp(present) > 0 else 1)
    fixtures.append({
        "name": name,
        "values": [None if np.isnan(v) else float(v) for v in values],
        "counts": [int(c) for c in counts],
        "low": float(edges[0]) if np.ptp(present) > 0 else float(present.min()),
        "high": float(edges[-1]) if np.ptp(present) > 0 else float(present.max()),
    })
out.write_text(json.dumps(fixtures, indent=1) + "\n")
print(f"wrote {out}")
