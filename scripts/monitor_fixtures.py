#!/usr/bin/env python3
"""Oracle fixtures for Quire's drift statistics (issue 8).

Writes Tests/QuireEngineTests/Fixtures/monitor/drift_cases.json: per case the reference and current
values, the method, and scipy's statistic and p-value, computed the way Evidently 0.7 does
(infinities and NaN dropped first; PSI/KL/JS over Evidently's `get_binned_data`, Sturges bins).
When Evidently is importable, its own stat-test functions are called too and must agree
(`evidently_score`), and its automatic test choice is recorded (`auto_method`).
Floats travel as text (repr) because Foundation's JSON reader on Linux does not round decimals
correctly.

    python3 -m pip install numpy scipy pandas   # evidently optional: pip install evidently
    python3 scripts/monitor_fixtures.py
"""
import json
import math
import os
import sys

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial import distance

try:
    from evidently.legacy.calculations.stattests import registry as ev_registry
    from evidently.legacy.calculations.stattests.chisquare_stattest import _chi_stat_test
    from evidently.legacy.calculations.stattests.jensenshannon import _jensenshannon
    from evidently.legacy.calculations.stattests.kl_div import _kl_div
    from evidently.legacy.calculations.stattests.ks_stattest import _ks_stat_test
    from evidently.legacy.calculations.stattests.psi import _psi
    from evidently.legacy.calculations.stattests.wasserstein_distance_norm import _wasserstein_distance_norm
    from evidently.legacy.calculations.stattests.z_stattest import _z_stat_test
    from evidently.legacy.core import ColumnType
    import evidently
    EVIDENTLY = evidently.__version__
except Exception:  # noqa: BLE001 - optional cross-check
    EVIDENTLY = None

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "Tests", "QuireEngineTests", "Fixtures", "monitor")


def text(x):
    if x is None:
        return None
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return repr(x)


def clean(values, kind):
    s = pd.Series(values, dtype=float if kind == "numeric" else object)
    if kind == "numeric":
        s = s.replace([np.inf, -np.inf], np.nan)
    return s.dropna().reset_index(drop=True)


def binned(ref, cur, kind, fill):
    """Evidently 0.7's get_binned_data."""
    if kind == "numeric" and ref.nunique() > 20:
        combined = np.asarray(pd.concat([ref, cur], axis=0).values)
        bins = np.histogram_bin_edges(combined, bins="sturges")
        r = np.histogram(ref, bins)[0] / len(ref)
        c = np.histogram(cur, bins)[0] / len(cur)
    else:
        keys = sorted(set(ref.unique()) | set(cur.unique()))
        rd = {**dict.fromkeys(keys, 0), **dict(ref.value_counts())}
        cd = {**dict.fromkeys(keys, 0), **dict(cur.value_counts())}
        r = np.array([rd[k] / len(ref) for k in keys])
        c = np.array([cd[k] / len(cur) for k in keys])
    if fill:
        for a in (r, c):
            m = min(a[a != 0])
            np.place(a, a == 0, m / 10**6 if m <= 0.0001 else 0.0001)
    return r, c


def oracle(method, ref, cur, kind):
    """(statistic, p-value) with scipy."""
    if method == "ks":
        res = stats.ks_2samp(ref.values, cur.values)
        return float(res.statistic), float(res.pvalue)
    if method == "wasserstein":
        norm = max(float(np.std(ref.values)), 0.001)
        return stats.wasserstein_distance(ref.values, cur.values) / norm, None
    if method in ("psi", "kl"):
        r, c = binned(ref, cur, kind, True)
        if method == "psi":
            return float(np.sum((r - c) * np.log(r / c))), None
        return float(stats.entropy(r, c)), None
    if method == "jensen_shannon":
        r, c = binned(ref, cur, kind, False)
        return float(distance.jensenshannon(r, c)), None
    if method == "chi_square":
        keys = sorted(set(ref.unique()) | set(cur.unique()))
        rd = {**dict.fromkeys(keys, 0), **dict(ref.value_counts())}
        cd = {**dict.fromkeys(keys, 0), **dict(cur.value_counts())}
        k = len(cur) / len(ref)
        with np.errstate(divide="ignore", invalid="ignore"):
            res = stats.chisquare([cd[key] for key in keys], [rd[key] * k for key in keys])
        return float(res.statistic), float(res.pvalue)
    if method == "z":
        if ref.nunique() == 1 and cur.nunique() == 1 and ref.unique()[0] == cur.unique()[0]:
            return 0.0, 1.0
        key = sorted(set(ref.unique()) | set(cur.unique()))[0]
        x1 = (ref != key).astype(float)
        x2 = (cur != key).astype(float)
        n1, n2 = len(x1), len(x2)
        p1, p2 = x1.sum() / n1, x2.sum() / n2
        p = (p1 * n1 + p2 * n2) / (n1 + n2)
        z = (p1 - p2) / np.sqrt(p * (1 - p) * (1.0 / n1 + 1.0 / n2))
        return float(z), float(2 * (1 - stats.norm.cdf(abs(z))))
    raise ValueError(method)


EV_FUNCS = {}
if EVIDENTLY:
    EV_FUNCS = {"ks": _ks_stat_test, "wasserstein": _wasserstein_distance_norm, "psi": _psi, "kl": _kl_div,
                "jensen_shannon": _jensenshannon, "chi_square": _chi_stat_test, "z": _z_stat_test}
    EV_NAMES = {"ks": "ks", "wasserstein": "wasserstein", "psi": "psi", "kl_div": "kl",
                "jensenshannon": "jensen_shannon", "chisquare": "chi_square", "z": "z"}


def case(name, method, kind, reference, current):
    ref, cur = clean(reference, kind), clean(current, kind)
    statistic, p = oracle(method, ref, cur, kind)
    entry = {"name": name, "method": method, "kind": kind,
             "reference": [text(v) if kind == "numeric" else v for v in reference],
             "current": [text(v) if kind == "numeric" else v for v in current],
             "statistic": text(statistic), "p_value": text(p)}
    if EVIDENTLY:
        ctype = ColumnType.Numerical if kind == "numeric" else ColumnType.Categorical
        with np.errstate(divide="ignore", invalid="ignore"):
            score, _ = EV_FUNCS[method](ref, cur, ctype, 0.05 if method in ("ks", "chi_square", "z") else 0.1)
        entry["evidently_score"] = text(score)
        expected = p if p is not None else statistic
        if not (score == expected or abs(score - expected) <= 1e-12 * max(1, abs(expected))
                or (math.isinf(score) and math.isinf(expected))):
            sys.exit(f"{name}: evidently {score!r} vs oracle {expected!r}")
        auto = ev_registry._get_default_stattest(ref, cur, ctype)
        entry["auto_method"] = EV_NAMES[auto.name]
    return entry


def main():
    rng = np.random.default_rng(20260808)
    normal = lambda n, loc=0.0, scale=1.0: list(np.round(rng.normal(loc, scale, n), 6))
    cases = []
    # Kolmogorov–Smirnov: exact (equal and unequal sizes, ties), asymptotic (> 10,000), tiny.
    for n1, n2, shift in [(20, 20, 0.5), (50, 50, 0.0), (30, 47, 0.3), (100, 233, 0.2), (1000, 800, 0.1),
                          (400, 1000, 0.05), (2500, 1500, 0.04), (10000, 10000, 0.02), (9000, 10000, 0.0)]:
        cases.append(case(f"ks_exact_{n1}_{n2}", "ks", "numeric", normal(n1), normal(n2, shift)))
    for n1, n2, shift in [(12000, 9000, 0.03), (15000, 60, 0.2), (20000, 300, 0.1), (11000, 11000, 0.0),
                          (12000, 140, 0.9), (10001, 2000, 0.5), (10500, 900, 0.08)]:
        cases.append(case(f"ks_asymptotic_{n1}_{n2}", "ks", "numeric", normal(n1), normal(n2, shift)))
    cases.append(case("ks_ties", "ks", "numeric", list(rng.integers(0, 8, 300).astype(float)),
                      list(rng.integers(0, 9, 200).astype(float))))
    cases.append(case("ks_tiny_1_1", "ks", "numeric", [1.0], [2.0]))
    cases.append(case("ks_tiny_2_3", "ks", "numeric", [1.0, 2.0], [1.5, 3.0, 4.0]))
    cases.append(case("ks_tiny_3_1", "ks", "numeric", [0.0, 1.0, 2.0], [1.0]))
    cases.append(case("ks_identical", "ks", "numeric", [1.0, 2.0, 3.0], [1.0, 2.0, 3.0]))
    cases.append(case("ks_nan_inf", "ks", "numeric", [1.0, float("nan"), 3.0, float("inf"), 2.0, 5.0],
                      [float("-inf"), 2.5, 7.0, float("nan"), 9.0]))
    # Normalized Wasserstein.
    for n1, n2, shift, scale in [(500, 400, 0.3, 1.0), (3000, 2000, 0.0, 1.5), (20, 35, 1.0, 2.0)]:
        cases.append(case(f"wasserstein_{n1}_{n2}", "wasserstein", "numeric", normal(n1), normal(n2, shift, scale)))
    cases.append(case("wasserstein_constant_reference", "wasserstein", "numeric", [3.0] * 10, [3.0, 3.5, 4.0]))
    cases.append(case("wasserstein_nan_inf", "wasserstein", "numeric", [1.0, float("nan"), 4.0, 2.0, float("inf")],
                      [2.0, 8.0, float("-inf")]))
    # Binned distances over Evidently's bins: numeric (Sturges, > 20 values), few values, categorical.
    cats = ["a", "b", "c", "d"]
    ref_cat = list(rng.choice(cats, 700, p=[0.4, 0.3, 0.2, 0.1]))
    cur_cat = list(rng.choice(cats + ["e"], 500, p=[0.3, 0.3, 0.2, 0.1, 0.1]))
    few_ref = list(rng.integers(0, 6, 800).astype(float))
    few_cur = list(rng.integers(1, 8, 600).astype(float))
    for method in ["psi", "kl", "jensen_shannon"]:
        cases.append(case(f"{method}_numeric", method, "numeric", normal(2000), normal(1500, 0.2, 1.2)))
        cases.append(case(f"{method}_numeric_far", method, "numeric", normal(300), normal(300, 4.0)))
        cases.append(case(f"{method}_few_values", method, "numeric", few_ref, few_cur))
        cases.append(case(f"{method}_categorical_new_category", method, "categorical", ref_cat, cur_cat))
        cases.append(case(f"{method}_constant", method, "numeric", [2.0] * 50, [2.0] * 30 + [3.0]))
    # Chi-square and z.
    cases.append(case("chi_square_same", "chi_square", "categorical", ref_cat, list(rng.choice(cats, 400, p=[0.4, 0.3, 0.2, 0.1]))))
    cases.append(case("chi_square_shifted", "chi_square", "categorical", ref_cat, list(rng.choice(cats, 400, p=[0.25, 0.25, 0.25, 0.25]))))
    cases.append(case("chi_square_new_category", "chi_square", "categorical", ref_cat, cur_cat))
    cases.append(case("chi_square_numeric_values", "chi_square", "numeric", few_ref[:200], few_ref[200:400]))
    cases.append(case("chi_square_missing", "chi_square", "categorical", ["x", None, "y", "x", "z", None], ["y", "y", None, "x"]))
    cases.append(case("z_binary", "z", "categorical", list(rng.choice(["no", "yes"], 600, p=[0.7, 0.3])),
                      list(rng.choice(["no", "yes"], 300, p=[0.6, 0.4]))))
    cases.append(case("z_numeric_binary", "z", "numeric", list(rng.integers(0, 2, 200).astype(float)),
                      list(rng.integers(0, 2, 150).astype(float))))
    cases.append(case("z_same_constant", "z", "categorical", ["a"] * 10, ["a"] * 4))
    cases.append(case("z_different_constants", "z", "categorical", ["a"] * 10, ["b"] * 4))
    cases.append(case("z_tiny", "z", "categorical", ["a", "b"], ["b"]))
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "drift_cases.json"), "w") as f:
        json.dump({"scipy": __import__("scipy").__version__, "numpy": np.__version__, "evidently": EVIDENTLY,
                   "cases": cases}, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print(f"{len(cases)} cases; evidently {EVIDENTLY}", file=sys.stderr)


if __name__ == "__main__":
    main()
