#!/usr/bin/env python3
"""Oracle for the `aggregate` op (issue 15): pandas' groupby/agg results, stored as data.

Writes Tests/QuireEngineTests/Fixtures/prepare/aggregate.json: generated frames (numbers with NaN,
-0.0, infinities and magnitudes from 1e-3 to 1e9; text keys and values with upper and lower case,
non-ASCII, the empty string and missing values; a group of one row; a column missing in a whole
group) and, for each case, pandas' result: the key columns and one column per aggregation, in
pandas' group order (`groupby(by, sort=True, dropna=…)`). Each aggregation is pandas' own grouped
kernel (`gb[column].sum()`, `.quantile(q)`, …). Without keys the whole frame is one group
(`groupby` on a constant); for an empty frame without keys, the values of pandas' reductions of an
empty Series. Also the churn rate by contract of notebooks/data/churn.csv. Floats travel as text
(repr), text as strings, missing as null.

    python3 -m pip install numpy pandas
    python3 scripts/prepare_fixtures_aggregate.py
"""
import json
import os

import numpy as np
import pandas as pd

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
FOLDER = os.path.join(ROOT, "Tests", "QuireEngineTests", "Fixtures", "prepare")


def generated(rows, seed):
    rng = np.random.default_rng(seed)
    plans = ["basic", "Basic", "pro", "é-plan", "zeta", "", "Ωmega"]
    plan = [plans[rng.integers(0, len(plans))] for _ in range(rows)]
    plan[rows // 2] = "solo"  # a group of one row
    region = [None if rng.random() < 0.1 else ["north", "süd", "East", "west"][rng.integers(0, 4)]
              for _ in range(rows)]
    grade = rng.integers(0, 4, rows).astype(float)
    grade[rng.random(rows) < 0.1] = np.nan
    grade[rng.random(rows) < 0.1] = -0.0
    x = np.round(rng.normal(0, 1, rows) * 10.0 ** rng.integers(-3, 10, rows), 3)
    x[rng.random(rows) < 0.12] = np.nan
    x[rng.random(rows) < 0.05] = -0.0
    big = rng.normal(100, 30, rows)
    big[rng.random(rows) < 0.02] = np.inf
    big[rng.random(rows) < 0.02] = -np.inf
    flag = (rng.random(rows) < 0.3).astype(float)
    words = ["apple", "Apple", "banana", "Zebra", "é", "e", "", "10", "9"]
    word = [None if rng.random() < 0.15 else words[rng.integers(0, len(words))] for _ in range(rows)]
    # Missing in every row of the zeta and solo groups (an all-missing group).
    sparse = np.where([p in ("zeta", "solo") for p in plan], np.nan, rng.normal(5, 2, rows))
    sparse[rng.random(rows) < 0.2] = np.nan
    return pd.DataFrame({
        "plan": pd.Series(plan, dtype=object), "region": pd.Series(region, dtype=object),
        "grade": grade, "x": x, "big": big, "flag": flag, "word": pd.Series(word, dtype=object),
        "sparse": sparse,
    })


NUMERIC = ["count", "size", "sum", "mean", "median", "min", "max", "std", "var", "nunique", "first", "last"]
TEXT = ["count", "size", "nunique", "first", "last", "min", "max"]


def every(column, quantiles=(0.0, 0.25, 0.9, 1.0)):
    """Every numeric aggregation of a column, and a few quantiles."""
    specs = [{"name": f"{column}_{f}", "function": f, "column": column} for f in NUMERIC]
    specs += [{"name": f"{column}_q{q}", "function": "quantile", "column": column, "q": q} for q in quantiles]
    return specs


def text(column):
    return [{"name": f"{column}_{f}", "function": f, "column": column} for f in TEXT]


def encode(values):
    out = []
    for v in values:
        if v is None or (isinstance(v, float) and np.isnan(v)):
            out.append(None)
        elif isinstance(v, str):
            out.append(v)
        else:
            out.append(repr(float(v)))
    return out


def takes_reduceat(grouped, df, spec):
    """Whether pandas computed this with numpy's `ufunc.reduceat` instead of its Cython kernel:
    pandas >= 3.1 does so for sum, mean, min and max when the rows are already in group order and
    the column has no NaN. numpy's sum is pairwise, not Kahan-compensated, so the last bits of a
    sum or mean may differ from the Cython kernel's (which Quire follows)."""
    values = df[spec["column"]]
    return (spec["function"] in ("sum", "mean", "min", "max") and values.dtype.kind in "iufb"
            and not values.isna().any() and grouped._grouper.is_monotonic)


def apply(grouped, spec):
    column = grouped[spec["column"]]
    if spec["function"] == "quantile":
        return column.quantile(spec["q"])
    return getattr(column, spec["function"])()


def oracle(df, by, specs, dropna=True):
    """pandas' result as columns: the keys, then each aggregation."""
    if not by:
        if len(df) == 0:
            return empty_whole(df, specs)
        grouped = df.assign(_whole=0).groupby("_whole", sort=True)
        for spec in specs:
            spec["exact"] = not takes_reduceat(grouped, df, spec)
        results = [apply(grouped, spec) for spec in specs]
        return {spec["name"]: encode(list(r.values)) for spec, r in zip(specs, results)}
    grouped = df.groupby(by, sort=True, dropna=dropna)
    for spec in specs:
        spec["exact"] = len(df) == 0 or not takes_reduceat(grouped, df, spec)
    results = [apply(grouped, spec) for spec in specs]
    index = results[0].index if results else grouped.size().index
    columns = {}
    for level, key in enumerate(by):
        values = index.get_level_values(level) if len(by) > 1 else index
        columns[key] = encode(list(values))
    for spec, result in zip(specs, results):
        assert result.index.equals(index)
        columns[spec["name"]] = encode(list(result.values))
    return columns


def empty_whole(df, specs):
    """No keys, no rows: one row of pandas' reductions of an empty Series."""
    columns = {}
    for spec in specs:
        s = df[spec["column"]]
        f = spec["function"]
        value = {
            "count": lambda: s.count(), "size": lambda: len(s), "sum": lambda: s.sum(),
            "mean": lambda: s.mean(), "median": lambda: s.median(), "min": lambda: s.min(),
            "max": lambda: s.max(), "std": lambda: s.std(), "var": lambda: s.var(),
            "nunique": lambda: s.nunique(), "first": lambda: np.nan, "last": lambda: np.nan,
            "quantile": lambda: s.quantile(spec.get("q", 0.5)),
        }[f]()
        columns[spec["name"]] = encode([value])
        spec["exact"] = True
    return columns


def frame_json(df):
    out = {}
    for name in df.columns:
        s = df[name]
        if s.dtype == object or str(s.dtype).startswith("str"):
            out[name] = [None if (v is None or (isinstance(v, float) and np.isnan(v))) else v for v in s]
        else:
            out[name] = [repr(float(v)) for v in s]
    return out


def main():
    df = generated(600, 15)
    empty = df.iloc[:0]
    wide = every("x") + every("big") + every("sparse", (0.5,)) + every("flag", (0.5,)) + text("word")
    cases = [
        {"name": "by text key, every aggregation", "frame": "main", "by": ["plan"], "dropna": True,
         "aggregations": wide},
        {"name": "by number key with -0 and missing", "frame": "main", "by": ["grade"], "dropna": True,
         "aggregations": every("x") + text("word")},
        {"name": "missing number key as a group", "frame": "main", "by": ["grade"], "dropna": False,
         "aggregations": every("big") + text("region")},
        {"name": "missing text key as a group", "frame": "main", "by": ["region"], "dropna": False,
         "aggregations": every("x", (0.5,)) + text("plan")},
        {"name": "two keys, missing as groups", "frame": "main", "by": ["plan", "grade"], "dropna": False,
         "aggregations": every("x", (0.1,)) + text("word")},
        {"name": "two keys, missing dropped", "frame": "main", "by": ["region", "plan"], "dropna": True,
         "aggregations": every("sparse", (0.75,))},
        {"name": "three keys", "frame": "main", "by": ["grade", "region", "flag"], "dropna": True,
         "aggregations": every("x", (0.5,))},
        {"name": "key also aggregated", "frame": "main", "by": ["plan"], "dropna": True,
         "aggregations": [{"name": "n", "function": "count", "column": "plan"},
                          {"name": "lowest", "function": "min", "column": "plan"}]},
        {"name": "whole frame", "frame": "main", "by": [], "dropna": True,
         "aggregations": every("x") + every("big", (0.5,)) + text("word")},
        {"name": "empty frame by key", "frame": "empty", "by": ["plan"], "dropna": True,
         "aggregations": every("x", (0.5,)) + text("word")},
        {"name": "empty frame, whole", "frame": "empty", "by": [], "dropna": True,
         "aggregations": [s for s in every("x", (0.5,)) if s["function"] not in ("first", "last")]},
    ]
    frames = {"main": df, "empty": empty}
    for case in cases:
        case["expected"] = oracle(frames[case["frame"]], case["by"], case["aggregations"], case["dropna"])

    churn = pd.read_csv(os.path.join(ROOT, "notebooks", "data", "churn.csv"))
    grouped = churn.groupby("contract", sort=True)
    churn_case = {
        "by": ["contract"],
        "aggregations": [
            {"name": "customers", "function": "count", "column": "customer_id"},
            {"name": "churn_rate", "function": "mean", "column": "churned"},
            {"name": "p90", "function": "quantile", "column": "monthly_charges", "q": 0.9},
            {"name": "median_tenure", "function": "median", "column": "tenure"},
            {"name": "charges_std", "function": "std", "column": "monthly_charges"},
        ],
    }
    churn_case["expected"] = oracle(churn, churn_case["by"], churn_case["aggregations"])

    os.makedirs(FOLDER, exist_ok=True)
    with open(os.path.join(FOLDER, "aggregate.json"), "w", encoding="utf-8") as out:
        json.dump({"pandas": pd.__version__, "frame": frame_json(df), "cases": cases, "churn": churn_case}, out,
                  ensure_ascii=False, indent=1)
        out.write("\n")


if __name__ == "__main__":
    main()
