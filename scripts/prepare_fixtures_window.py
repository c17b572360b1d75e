#!/usr/bin/env python3
"""Oracle for the window functions of `derive` (issue 15): pandas' groupby windows, stored as data.

Writes Tests/QuireEngineTests/Fixtures/prepare/window.json: a generated frame in no particular
order (customers as text with missing values, non-ASCII names and a customer of one row; months
with ties and missing values; spend with NaN, ties and -0.0) and, for each case, `by`, `order`,
`ascending`, and each window column as pandas computes it, in the frame's row order:

    d = df.sort_values(order, ascending, kind="stable", na_position="last")   # when order is given
    g = d.groupby(by, dropna=False, sort=False)                              # when by is given
    g[x].shift(n), g[x].rolling(n, min_periods=m).sum() / .mean(), g[x].cumsum(),
    g[x].rank(method=…, na_option="keep"), then reindexed to df's rows.

A second part does the same on the real notebooks/data/churn.csv. Floats travel as text (repr).

    python3 -m pip install numpy pandas
    python3 scripts/prepare_fixtures_window.py
"""
import json
import os

import numpy as np
import pandas as pd

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
FOLDER = os.path.join(ROOT, "Tests", "QuireEngineTests", "Fixtures", "prepare")


def frame(rows, seed):
    rng = np.random.default_rng(seed)
    names = ["ann", "bob", "Zoë", "émile", "cid", "dan", "eve"]
    customer = [None if rng.random() < 0.08 else names[rng.integers(0, len(names))] for _ in range(rows)]
    customer[rows // 2] = "solo"  # a group of one row
    month = rng.integers(1, 13, rows).astype(float)
    month[rng.random(rows) < 0.05] = np.nan
    spend = np.round(rng.normal(50, 30, rows), 1)
    spend[rng.random(rows) < 0.12] = np.nan
    spend[rng.random(rows) < 0.1] = 20.0  # ties
    spend[rng.random(rows) < 0.03] = -0.0
    big = rng.normal(0, 1, rows) * 1e8 + rng.normal(0, 1, rows) * 1e-3  # cancellation in long sums
    plan = [None if rng.random() < 0.1 else ["basic", "pro", "équipe"][rng.integers(0, 3)] for _ in range(rows)]
    return pd.DataFrame({"customer": pd.Series(customer, dtype=object), "month": month, "spend": spend,
                         "big": big, "plan": pd.Series(plan, dtype=object)})


def windowed(df, by, order, ascending, column, compute):
    d = df.sort_values(order, ascending=ascending, kind="stable", na_position="last") if order else df
    if by:
        grouped = d.groupby(by, dropna=False, sort=False)[column]
        result = compute(grouped, True)
        if isinstance(result.index, pd.MultiIndex):  # rolling: (keys..., row)
            result = result.reset_index(level=list(range(len(by))), drop=True)
    else:
        result = compute(d[column], False)
    return result.reindex(df.index)


# (Quire expression, column, pandas computation)
WINDOWS = [
    ("lag(spend)", "spend", lambda s, g: s.shift(1)),
    ("lag(spend, 2)", "spend", lambda s, g: s.shift(2)),
    ("lead(spend)", "spend", lambda s, g: s.shift(-1)),
    ("lead(spend, 3)", "spend", lambda s, g: s.shift(-3)),
    ("lag(plan)", "plan", lambda s, g: s.shift(1)),
    ("lead(plan, 2)", "plan", lambda s, g: s.shift(-2)),
    ("rolling_mean(spend, 3)", "spend", lambda s, g: s.rolling(3).mean()),
    ("rolling_mean(spend, 3, 1)", "spend", lambda s, g: s.rolling(3, min_periods=1).mean()),
    ("rolling_sum(spend, 4)", "spend", lambda s, g: s.rolling(4).sum()),
    ("rolling_sum(spend, 4, 0)", "spend", lambda s, g: s.rolling(4, min_periods=0).sum()),
    ("rolling_sum(big, 5, 2)", "big", lambda s, g: s.rolling(5, min_periods=2).sum()),
    ("rolling_mean(big, 7)", "big", lambda s, g: s.rolling(7).mean()),
    ("rolling_sum(spend, 1)", "spend", lambda s, g: s.rolling(1).sum()),
    ("cumsum(spend)", "spend", lambda s, g: s.cumsum()),
    ("cumsum(big)", "big", lambda s, g: s.cumsum()),
    ("rank(spend)", "spend", lambda s, g: s.rank(method="average", na_option="keep")),
    ("rank(spend, \"min\")", "spend", lambda s, g: s.rank(method="min", na_option="keep")),
    ("rank(spend, \"max\")", "spend", lambda s, g: s.rank(method="max", na_option="keep")),
    ("rank(spend, \"first\")", "spend", lambda s, g: s.rank(method="first", na_option="keep")),
    ("rank(spend, \"dense\")", "spend", lambda s, g: s.rank(method="dense", na_option="keep")),
]

CASES = [
    {"by": [], "order": [], "ascending": [True]},
    {"by": ["customer"], "order": [], "ascending": [True]},
    {"by": ["customer"], "order": ["month"], "ascending": [True]},
    {"by": ["customer"], "order": ["month"], "ascending": [False]},
    {"by": [], "order": ["month", "spend"], "ascending": [True, False]},
    {"by": ["plan", "customer"], "order": ["month"], "ascending": [True]},
]


def encode(series):
    if not pd.api.types.is_numeric_dtype(series):
        return [None if pd.isna(v) else str(v) for v in series]
    return [repr(float(v)) for v in series]


def cases_for(df, cases, windows):
    out = []
    for case in cases:
        ascending = case["ascending"] if len(case["ascending"]) == len(case["order"]) else \
            case["ascending"] * len(case["order"])
        results = {}
        for expression, column, compute in windows:
            results[expression] = encode(windowed(df, case["by"], case["order"], ascending, column, compute))
        out.append(dict(case, columns=results))
    return out


CHURN_WINDOWS = [
    ("lag(payment_method)", "payment_method", lambda s, g: s.shift(1)),
    ("rolling_mean(monthly_charges, 3)", "monthly_charges", lambda s, g: s.rolling(3).mean()),
    ("rolling_sum(monthly_charges, 10, 1)", "monthly_charges",
     lambda s, g: s.rolling(10, min_periods=1).sum()),
    ("cumsum(monthly_charges)", "monthly_charges", lambda s, g: s.cumsum()),
    ("rank(monthly_charges)", "monthly_charges", lambda s, g: s.rank(na_option="keep")),
    ("rank(tenure, \"dense\")", "tenure", lambda s, g: s.rank(method="dense", na_option="keep")),
]

CHURN_CASES = [
    {"by": ["contract"], "order": ["tenure"], "ascending": [True]},
    {"by": ["contract", "senior"], "order": ["tenure", "customer_id"], "ascending": [False, True]},
]


def main():
    df = frame(300, 15)
    columns = {name: encode(df[name]) for name in df.columns}
    churn = pd.read_csv(os.path.join(ROOT, "notebooks", "data", "churn.csv"))
    churn = churn.astype({name: float for name in churn.columns if pd.api.types.is_numeric_dtype(churn[name])})
    payload = {
        "pandas": pd.__version__,
        "columns": columns,
        "cases": cases_for(df, CASES, WINDOWS),
        "churn": cases_for(churn, CHURN_CASES, CHURN_WINDOWS),
    }
    os.makedirs(FOLDER, exist_ok=True)
    with open(os.path.join(FOLDER, "window.json"), "w", encoding="utf-8") as out:
        json.dump(payload, out, ensure_ascii=False, indent=None, separators=(",", ":"))
        out.write("\n")


if __name__ == "__main__":
    main()
