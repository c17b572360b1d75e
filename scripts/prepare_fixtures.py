#!/usr/bin/env python3
"""Oracle for the data-preparation ops (issue 15): pandas orders, stored as data.

Writes Tests/QuireEngineTests/Fixtures/prepare/sort.json: a generated frame (numbers with
NaN, few-valued integers, text with missing values, upper and lower case and non-ASCII) and, for
each case, the row order of pandas' `sort_values(by, ascending, kind="stable", na_position)`
(as the values of the frame's `id` column). Floats travel as text (repr).

    python3 -m pip install numpy pandas
    python3 scripts/prepare_fixtures.py
"""
import json
import os

import numpy as np
import pandas as pd

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
FOLDER = os.path.join(ROOT, "Tests", "QuireEngineTests", "Fixtures", "prepare")


def frame(rows, seed):
    rng = np.random.default_rng(seed)
    words = ["apple", "Apple", "banana", "Zebra", "zebra", "é", "e", "", "10", "9", "a b"]
    grade = rng.integers(0, 4, rows).astype(float)
    grade[rng.random(rows) < 0.1] = np.nan
    score = np.round(rng.normal(0, 1, rows), 1)
    score[rng.random(rows) < 0.15] = np.nan
    score[rng.random(rows) < 0.05] = -0.0
    word = [None if rng.random() < 0.12 else words[rng.integers(0, len(words))] for _ in range(rows)]
    return pd.DataFrame({"id": np.arange(rows, dtype=float), "grade": grade, "score": score,
                         "word": pd.Series(word, dtype=object)})


CASES = [
    {"by": ["grade"], "ascending": [True], "nulls": "last"},
    {"by": ["grade"], "ascending": [False], "nulls": "first"},
    {"by": ["word"], "ascending": [True], "nulls": "last"},
    {"by": ["word"], "ascending": [False], "nulls": "first"},
    {"by": ["grade", "word"], "ascending": [False, True], "nulls": "last"},
    {"by": ["word", "score"], "ascending": [True, False], "nulls": "first"},
    {"by": ["score", "grade", "word"], "ascending": [True, True, False], "nulls": "last"},
]


def main():
    df = frame(400, 15)
    cases = []
    for case in CASES:
        ordered = df.sort_values(case["by"], ascending=case["ascending"], kind="stable",
                                 na_position=case["nulls"])
        cases.append(dict(case, order=[int(i) for i in ordered["id"]]))
    columns = {
        "id": [repr(float(v)) for v in df["id"]],
        "grade": [repr(float(v)) for v in df["grade"]],
        "score": [repr(float(v)) for v in df["score"]],
        "word": [None if v is None else v for v in df["word"]],
    }
    os.makedirs(FOLDER, exist_ok=True)
    with open(os.path.join(FOLDER, "sort.json"), "w", encoding="utf-8") as out:
        json.dump({"pandas": pd.__version__, "columns": columns, "cases": cases}, out, ensure_ascii=False, indent=1)
        out.write("\n")


if __name__ == "__main__":
    main()
