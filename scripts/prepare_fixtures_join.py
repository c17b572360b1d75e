#!/usr/bin/env python3
"""Oracle for the `join` op (issue 15): pandas' merge, stored as data.

Writes Tests/QuireEngineTests/Fixtures/prepare/join.json: two generated frames (numeric keys with
NaN, -0.0 and duplicates; decimal keys; text keys with missing values, non-ASCII text, an empty
string; clashing column names) and, for
each case, pandas' `merge` output (column names, kinds, values) and how many rows of each side
matched.

Where Quire differs from pandas, the oracle accounts for it:
- a missing key never matches in Quire (pandas matches NaN with NaN): each missing key is
  replaced by a value of its own before merging, and put back afterwards from the row ids;
- an outer join's rows are in Quire's order (left rows in order, each followed by its matches in
  right order, then the unmatched right rows in right order), which is pandas' result sorted by
  (left row, right row), unmatched right rows last; pandas sorts an outer join by key instead.
  For inner, left and right joins the script checks that pandas' own order is Quire's;
- `semi` and `anti` (not in pandas' merge) are the left rows whose row id is, or is not, in the
  inner join's.
Floats travel as text (repr).

    python3 -m pip install numpy pandas
    python3 scripts/prepare_fixtures_join.py
"""
import json
import os

import numpy as np
import pandas as pd

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
FOLDER = os.path.join(ROOT, "Tests", "QuireEngineTests", "Fixtures", "prepare")
WORDS = ["basic", "Basic", "pro", "é", "", "über", "日本", "team"]


def words(rng, rows, missing):
    return pd.Series([None if rng.random() < missing else WORDS[rng.integers(0, len(WORDS))] for _ in range(rows)],
                     dtype=object)


def numbers(rng, rows, high, missing):
    values = rng.integers(0, high, rows).astype(float)
    values[rng.random(rows) < missing] = np.nan
    values[values == 0] = np.where(rng.random(int((values == 0).sum())) < 0.5, -0.0, 0.0)
    return values


def frames():
    rng = np.random.default_rng(15)
    left_rows, right_rows = 60, 40
    left = pd.DataFrame({
        "lrow": np.arange(left_rows, dtype=float),
        "k": numbers(rng, left_rows, 8, 0.1),
        "f": rng.choice([0.5, 1.25, -2.0, np.nan], left_rows),
        "t": words(rng, left_rows, 0.1),
        "lk": numbers(rng, left_rows, 6, 0.05),
        "value": np.round(rng.normal(0, 1, left_rows), 2),
        "name": words(rng, left_rows, 0.2),
    })
    right = pd.DataFrame({
        "rrow": np.arange(right_rows, dtype=float),
        "k": numbers(rng, right_rows, 10, 0.1),
        "f": rng.choice([0.5, 1.25, 3.0, np.nan], right_rows),
        "t": words(rng, right_rows, 0.1),
        "rk": numbers(rng, right_rows, 6, 0.05),
        "value": np.round(rng.normal(5, 1, right_rows), 2),
        "label": words(rng, right_rows, 0.2),
    })
    return left, right


def missing(value):
    return value is None or (isinstance(value, float) and np.isnan(value))


def with_unique_nulls(frame, keys, side):
    """The frame with each missing key replaced by a value no other key has."""
    frame = frame.copy()
    for key in keys:
        column = frame[key]
        if column.dtype == object:
            frame[key] = [f"\0{side}{i}" if missing(v) else v for i, v in enumerate(column)]
        else:
            offset = 1e15 if side == "L" else 2e15
            frame[key] = [-(offset + i) if np.isnan(v) else v for i, v in enumerate(column)]
    return frame


def merge(left, right, case):
    how = case["how"]
    left_on = case.get("left_on", case.get("on"))
    right_on = case.get("right_on", case.get("on"))
    suffixes = tuple(case.get("suffixes", ["_x", "_y"]))
    validate = case.get("validate")
    l = with_unique_nulls(left, left_on, "L")
    r = with_unique_nulls(right, right_on, "R")
    # Row positions, to order and to restore the keys; dropped before the output is stored.
    l["_lpos"] = np.arange(len(l), dtype=float)
    r["_rpos"] = np.arange(len(r), dtype=float)
    keys = dict(on=case["on"]) if "on" in case else dict(left_on=left_on, right_on=right_on)
    try:
        inner = pd.merge(l, r, how="inner", suffixes=suffixes, validate=validate, **keys)
    except pd.errors.MergeError as error:
        return {"error": "left" if "left" in str(error) else "right"}
    matched_left = int(inner["_lpos"].nunique())
    matched_right = int(inner["_rpos"].nunique())
    if how in ("semi", "anti"):
        keep = l["_lpos"].isin(inner["_lpos"])
        out = left[keep if how == "semi" else ~keep].reset_index(drop=True)
    else:
        out = pd.merge(l, r, how=how, suffixes=suffixes, **keys)
        lrow = out["_lpos"].to_numpy()
        rrow = out["_rpos"].to_numpy()
        big = 1e9
        if how == "right":
            order = np.lexsort((np.nan_to_num(lrow, nan=big), np.nan_to_num(rrow, nan=big)))
        else:
            order = np.lexsort((np.nan_to_num(rrow, nan=big), np.nan_to_num(lrow, nan=big)))
        if how != "outer":
            assert list(order) == list(range(len(out))), f"pandas' order differs for {case}"
        out = out.iloc[order].reset_index(drop=True)
        lrow = out["_lpos"].to_numpy()
        rrow = out["_rpos"].to_numpy()
        out = out.drop(columns=["_lpos", "_rpos"])
        # The keys as they were, missing ones included: a shared key from the left row, or the
        # right row when there is no left row.
        for lk, rk in zip(left_on, right_on):
            if lk == rk:
                out[lk] = [left[lk].iloc[int(a)] if not np.isnan(a) else right[rk].iloc[int(b)]
                           for a, b in zip(lrow, rrow)]
            else:
                for name, side, rows, suffix in ((lk, left, lrow, suffixes[0]), (rk, right, rrow, suffixes[1])):
                    column = name if name in out.columns else name + suffix
                    out[column] = [side[name].iloc[int(i)] if not np.isnan(i) else None for i in rows]
    return {"frame": encode(out, suffixes), "matched_left": matched_left, "matched_right": matched_right}


TEXT = ["t", "name", "label"]


def encode(frame, suffixes=("_x", "_y")):
    columns = []
    for name in frame.columns:
        values = list(frame[name])
        if any(name in (text, text + suffixes[0], text + suffixes[1]) for text in TEXT):
            columns.append({"name": name, "kind": "categorical", "values": [None if missing(v) else v for v in values]})
        else:
            columns.append({"name": name, "kind": "numeric",
                            "values": [repr(float("nan") if v is None else float(v)) for v in values]})
    return {"rows": len(frame), "columns": columns}


HOWS = ["inner", "left", "right", "outer", "semi", "anti"]
KEYS = [
    {"on": ["k"]},
    {"on": ["f"]},
    {"on": ["t"]},
    {"on": ["k", "t"]},
    {"left_on": ["lk"], "right_on": ["rk"]},
    {"left_on": ["lk", "t"], "right_on": ["k", "t"]},
]


def main():
    left, right = frames()
    cases = []
    for keys in KEYS:
        for how in HOWS:
            cases.append(dict(keys, how=how))
    cases += [
        {"on": ["k"], "how": "outer", "suffixes": ["_left", ""]},
        {"on": ["t"], "how": "left", "right_rows": []},
        {"on": ["t"], "how": "outer", "left_rows": []},
        {"on": ["k"], "how": "right", "left_rows": [], "right_rows": []},
        {"on": ["k"], "how": "inner", "left_rows": [3], "right_rows": [5]},
        {"on": ["k"], "how": "left", "validate": "many_to_one"},
        {"on": ["k"], "how": "left", "validate": "one_to_many"},
        {"on": ["k"], "how": "inner", "validate": "one_to_one"},
        {"on": ["t"], "how": "left", "validate": "many_to_many"},
    ]
    # Right frames with unique keys (missing keys may repeat: they never match), so that
    # `many_to_one` and `one_to_one` hold.
    unique_k = [i for i, v in enumerate(right["k"]) if np.isnan(v) or v not in set(right["k"].iloc[:i])]
    unique_lk = [i for i, v in enumerate(left["k"]) if np.isnan(v) or v not in set(left["k"].iloc[:i])]
    cases += [
        {"on": ["k"], "how": "left", "validate": "many_to_one", "right_rows": unique_k},
        {"on": ["k"], "how": "outer", "validate": "one_to_one", "left_rows": unique_lk, "right_rows": unique_k},
    ]
    out = []
    for case in cases:
        l = left.iloc[case["left_rows"]].reset_index(drop=True) if "left_rows" in case else left
        r = right.iloc[case["right_rows"]].reset_index(drop=True) if "right_rows" in case else right
        out.append(dict(case, expected=merge(l, r, case)))
    os.makedirs(FOLDER, exist_ok=True)
    with open(os.path.join(FOLDER, "join.json"), "w", encoding="utf-8") as file:
        json.dump({"pandas": pd.__version__, "left": encode(left), "right": encode(right), "cases": out}, file,
                  ensure_ascii=False, indent=None, separators=(",", ":"))
        file.write("\n")


if __name__ == "__main__":
    main()
