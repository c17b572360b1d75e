#!/usr/bin/env python3
"""Oracle fixtures for `drift` with `binning: quantile` (issue 20).

Writes Tests/QuireEngineTests/Fixtures/monitor/psi_quantile_cases.json: per case the reference and
current values, the number of bins, and PSI as ../shared/bench/pipeline.py computes it (inner edges
numpy.quantile(ref, linspace(0, 1, bins + 1)[1:-1]), bins by numpy.searchsorted(side="right"),
shares clipped below at 1e-4). Every sample has at most 5,000 values, so no non-empty share is
below 1e-4 and the clip equals the empty-bin fill Quire shares with Evidently. KL and
Jensen-Shannon over the same bins are recorded too (scipy's entropy and jensenshannon, as
Evidently calls them). Floats travel as text (repr).

    python3 -m pip install numpy scipy
    python3 scripts/psi_quantile_fixtures.py
"""
import json
import os

import numpy as np
from scipy import stats
from scipy.spatial import distance

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "Tests/QuireEngineTests/Fixtures/monitor/psi_quantile_cases.json")


def binned(ref, cur, bins):
    edges = np.quantile(ref, np.linspace(0.0, 1.0, bins + 1)[1:-1])
    p_ref = np.bincount(np.searchsorted(edges, ref, side="right"), minlength=bins) / ref.size
    p_cur = np.bincount(np.searchsorted(edges, cur, side="right"), minlength=bins) / cur.size
    return p_ref, p_cur


def psi(ref, cur, bins, eps=1e-4):  # pipeline.py's definition
    p_ref, p_cur = binned(ref, cur, bins)
    p_ref = np.clip(p_ref, eps, None)
    p_cur = np.clip(p_cur, eps, None)
    return float(np.sum((p_cur - p_ref) * np.log(p_cur / p_ref)))


def filled(shares):  # zero shares filled with 1e-4 (no non-empty share is below it here)
    return np.where(shares == 0, 1e-4, shares)


def main():
    rng = np.random.default_rng(20261207)
    cases = []
    samples = {
        "shifted normal": (rng.normal(0, 1, 3000), rng.normal(0.4, 1, 2500)),
        "rescaled": (rng.normal(5, 1, 4000), rng.normal(5, 2.5, 4000)),
        "same distribution": (rng.normal(0, 1, 2000), rng.normal(0, 1, 2000)),
        "heavy ties": (rng.integers(0, 6, 3000).astype(float), rng.integers(0, 8, 3000).astype(float)),
        "current outside the reference": (rng.uniform(0, 1, 1000), rng.uniform(2, 3, 1000)),
        "skewed": (rng.lognormal(0, 1.2, 5000), rng.lognormal(0.3, 1.0, 5000)),
    }
    for name, (ref, cur) in samples.items():
        for bins in (10, 4):
            p_ref, p_cur = binned(ref, cur, bins)
            r, c = filled(p_ref), filled(p_cur)
            cases.append({
                "name": f"{name}, {bins} bins", "bins": bins,
                "reference": [repr(float(x)) for x in ref], "current": [repr(float(x)) for x in cur],
                "psi": repr(psi(ref, cur, bins)),
                "kl": repr(float(stats.entropy(r, c))),
                "jensen_shannon": repr(float(distance.jensenshannon(p_ref, p_cur))),
            })
    with open(OUT, "w") as f:
        json.dump({"generator": "scripts/psi_quantile_fixtures.py", "numpy": np.__version__, "cases": cases}, f)
        f.write("\n")


if __name__ == "__main__":
    main()
