#!/usr/bin/env python3
"""Oracle for the reshaping ops (issue 15): concat, distinct, pivot and melt, as pandas does them.

Writes Tests/QuireEngineTests/Fixtures/prepare/reshape.json: small generated frames (numbers with
NaN and -0.0, few-valued integers, text with missing values, upper and lower case, non-ASCII and
the empty string, duplicates, an empty frame and a one-row frame) and, per case, pandas' result.
A frame travels as a list of columns `{"name", "kind": "numeric" | "text", "values"}`; floats as
text (repr), missing values as null. `sample` has no oracle here: its stream is Quire's own
generator, not numpy's, so its tests check properties instead (Tests/QuireEngineTests).

    python3 -m pip install numpy pandas
    python3 scripts/prepare_fixtures_reshape.py

- concat: `pd.concat(frames, ignore_index=True)` (columns in order of first appearance), the
  source column added per frame;
- distinct: `drop_duplicates(subset, keep)` with keep "first", "last" and False;
- pivot: `groupby(index + [columns]).agg(f).unstack(columns)`, which is `pivot_table` without its
  dropping of all-missing columns (Quire keeps them), and `pivot` for the cases without an
  aggregate; rows with a missing key are left out first (pivot_table's default);
- melt: `melt(id_vars, value_vars, var_name, value_name)`.
"""
import json
import math
import os

import numpy as np
import pandas as pd

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
FOLDER = os.path.join(ROOT, "Tests", "QuireEngineTests", "Fixtures", "prepare")
WORDS = ["apple", "Apple", "banana", "Zebra", "é", "e", "", "10", "a b", "日本"]


def encode(df):
    columns = []
    for name in df.columns:
        series = df[name]
        if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
            values = [None if math.isnan(v) else repr(float(v)) for v in series.astype(float)]
            columns.append({"name": str(name), "kind": "numeric", "values": values})
        else:
            values = [None if (v is None or (isinstance(v, float) and math.isnan(v))) else str(v) for v in series]
            columns.append({"name": str(name), "kind": "text", "values": values})
    return columns


def text_column(rng, rows, missing=0.12, words=WORDS):
    return pd.Series([None if rng.random() < missing else words[rng.integers(0, len(words))] for _ in range(rows)],
                     dtype=object)


def base(rows, seed):
    rng = np.random.default_rng(seed)
    grade = rng.integers(0, 4, rows).astype(float)
    grade[rng.random(rows) < 0.1] = np.nan
    score = np.round(rng.normal(0, 1, rows), 1)
    score[rng.random(rows) < 0.15] = np.nan
    score[rng.random(rows) < 0.08] = -0.0
    score[rng.random(rows) < 0.08] = 0.0
    return pd.DataFrame({"grade": grade, "score": score, "word": text_column(rng, rows),
                         "tag": text_column(rng, rows, 0.05, ["x", "y", "ü"])})


def distinct_cases():
    df = base(300, 21)
    cases = []
    for subset in (None, ["grade"], ["word"], ["grade", "word"], ["score"], ["tag", "score", "word"]):
        for keep in ("first", "last", False):
            kept = df.drop_duplicates(subset=subset, keep=keep)
            cases.append({"columns": subset, "keep": keep if keep else "none",
                          "kept": [int(i) for i in kept.index]})
    return {"frame": encode(df), "cases": cases}


def concat_cases():
    rng = np.random.default_rng(5)
    jan = pd.DataFrame({"a": np.round(rng.normal(0, 1, 6), 2), "b": text_column(rng, 6),
                        "c": text_column(rng, 6, 0.2, ["p", "q", "ü"])})
    jan.loc[2, "a"] = np.nan
    feb = pd.DataFrame({"b": text_column(rng, 5, 0.2, ["zz", "apple", "é", "yy"]),
                        "a": np.round(rng.normal(0, 1, 5), 2), "d": [1.0, np.nan, -0.0, 3.0, 4.0]})
    empty = pd.DataFrame({"a": pd.Series([], dtype=float), "e": pd.Series([], dtype=object)})
    one = pd.DataFrame({"d": [7.0], "c": ["q"]})
    cases = []
    for names in (["jan", "feb"], ["feb", "jan"], ["jan", "mar", "feb", "one"], ["one"], ["jan", "jan"]):
        frames = {"jan": jan, "feb": feb, "mar": empty, "one": one}
        parts = [frames[n] for n in names]
        result = pd.concat(parts, ignore_index=True)
        result["source"] = pd.Series([n for n, p in zip(names, parts) for _ in range(len(p))], dtype=object)
        cases.append({"frames": names, "result": encode(result)})
    return {"frames": {"jan": encode(jan), "feb": encode(feb), "mar": encode(empty), "one": encode(one)},
            "cases": cases}


def long_frame(rows, seed):
    rng = np.random.default_rng(seed)
    customer = text_column(rng, rows, 0.05, ["ann", "bob", "Çem", "dan", "日本"])
    region = text_column(rng, rows, 0.05, ["north", "south"])
    metric = text_column(rng, rows, 0.05, ["spend", "visits", "Zeta", "é"])
    level = rng.integers(1, 4, rows).astype(float)
    level[rng.random(rows) < 0.05] = np.nan
    value = np.round(rng.normal(10, 5, rows), 1)
    value[rng.random(rows) < 0.15] = np.nan
    label = text_column(rng, rows, 0.2, ["lo", "hi", "ø"])
    return pd.DataFrame({"customer": customer, "region": region, "metric": metric, "level": level,
                         "value": value, "label": label})


def pivot_cases():
    df = long_frame(400, 9)
    # A frame without duplicate (customer, metric) cells, for `pivot` without an aggregate.
    unique = df.dropna(subset=["customer", "metric"]).drop_duplicates(["customer", "metric"]).reset_index(drop=True)
    unique = pd.concat([unique, df[df["customer"].isna()].head(2)], ignore_index=True)  # missing keys are left out
    cases = []

    def add(frame_name, frame, index, columns, values, aggregate):
        kept = frame.dropna(subset=index + [columns])
        if aggregate is None:
            wide = kept.pivot(index=index, columns=columns, values=values)
        else:
            grouped = kept.groupby(index + [columns], sort=True)[values]
            wide = grouped.agg(aggregate).unstack(columns)
        wide = wide.sort_index(axis=1)
        wide.columns = [str(c) for c in wide.columns]
        wide = wide.reset_index()
        cases.append({"frame": frame_name, "index": index, "columns": columns, "values": values,
                      "aggregate": aggregate, "result": encode(wide)})

    for aggregate in ("mean", "sum", "count", "min", "max", "first", "last"):
        add("long", df, ["customer"], "metric", "value", aggregate)
    add("long", df, ["customer", "region"], "metric", "value", "mean")
    add("long", df, ["region"], "level", "value", "sum")
    add("long", df, ["customer"], "region", "label", "first")
    add("long", df, ["customer"], "metric", "label", "count")
    add("long", df, ["level", "customer"], "metric", "value", "max")
    add("unique", unique, ["customer"], "metric", "value", None)
    add("unique", unique, ["customer"], "metric", "label", None)
    return {"frames": {"long": encode(df), "unique": encode(unique)}, "cases": cases}


def melt_cases():
    rng = np.random.default_rng(13)
    rows = 25
    wide = pd.DataFrame({"customer": text_column(rng, rows, 0.1, ["ann", "bob", "é"]),
                         "jan": np.round(rng.normal(0, 1, rows), 1), "feb": np.round(rng.normal(0, 1, rows), 1),
                         "mar": np.round(rng.normal(0, 1, rows), 1),
                         "plan": text_column(rng, rows, 0.1, ["basic", "pro"]),
                         "note": text_column(rng, rows, 0.2, ["ok", "late", "ü"])})
    wide.loc[3, "jan"] = np.nan
    wide.loc[7, "feb"] = -0.0
    cases = []
    for ids, columns, var, val in (
            (["customer"], ["jan", "feb"], "month", "spend"),
            (["customer", "plan"], ["mar", "jan", "feb"], "variable", "value"),
            ([], ["feb"], "m", "v"),
            (["customer"], ["plan", "note"], "field", "text"),
    ):
        long = wide.melt(id_vars=ids, value_vars=columns, var_name=var, value_name=val)
        cases.append({"id": ids, "columns": columns, "variable": var, "value": val, "result": encode(long)})
    one = wide.head(1)
    empty = wide.head(0)
    for name, frame in (("one", one), ("empty", empty)):
        long = frame.melt(id_vars=["customer"], value_vars=["jan", "mar"], var_name="month", value_name="spend")
        cases.append({"frame": name, "id": ["customer"], "columns": ["jan", "mar"], "variable": "month",
                      "value": "spend", "result": encode(long)})
    return {"frame": encode(wide), "cases": cases}


def churn_cases():
    """The real notebooks/data/churn.csv: distinct and pivot (numbers as column names are
    written as the CSV writer prints them, `2.0`)."""
    df = pd.read_csv(os.path.join(ROOT, "notebooks", "data", "churn.csv"))
    distinct = []
    for subset in (["contract", "payment_method"], ["support_calls", "senior", "churned"], ["monthly_charges"]):
        for keep in ("first", "last", False):
            kept = df.drop_duplicates(subset=subset, keep=keep)
            distinct.append({"columns": subset, "keep": keep if keep else "none", "kept": [int(i) for i in kept.index]})
    pivot = []
    for index, columns, values, aggregate in ((["contract"], "payment_method", "monthly_charges", "mean"),
                                              (["contract", "senior"], "support_calls", "churned", "sum"),
                                              (["payment_method"], "churned", "tenure", "max")):
        kept = df.dropna(subset=index + [columns])
        wide = kept.groupby(index + [columns], sort=True)[values].agg(aggregate).unstack(columns).sort_index(axis=1)
        numeric = pd.api.types.is_numeric_dtype(df[columns].dtype)
        wide.columns = [repr(float(c)) if numeric else str(c) for c in wide.columns]
        pivot.append({"index": index, "columns": columns, "values": values, "aggregate": aggregate,
                      "result": encode(wide.reset_index())})
    return {"distinct": distinct, "pivot": pivot}


def main():
    fixture = {"pandas": pd.__version__, "distinct": distinct_cases(), "concat": concat_cases(),
               "pivot": pivot_cases(), "melt": melt_cases(), "churn": churn_cases()}
    os.makedirs(FOLDER, exist_ok=True)
    with open(os.path.join(FOLDER, "reshape.json"), "w", encoding="utf-8") as out:
        json.dump(fixture, out, ensure_ascii=False, indent=1)
        out.write("\n")


if __name__ == "__main__":
    main()
