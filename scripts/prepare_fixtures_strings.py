#!/usr/bin/env python3
"""Oracle for the expression language's text and null functions (issue 15): pandas' `.str`
methods, `fillna` and `isin`, stored as data.

Writes Tests/QuireEngineTests/Fixtures/prepare/strings.json: a generated frame (text with missing
values, empty strings, spaces, non-ASCII letters, ß, a combining diaeresis (naïve decomposed;
Swift compares text by canonical equivalence, so no precomposed twin is in the list), an emoji with a skin-tone
modifier, quotes and commas; numbers with NaN) and, for each case, a Quire expression with the
values pandas gives for the same operation. Floats travel as text (repr); missing as null.

    python3 -m pip install numpy pandas
    python3 scripts/prepare_fixtures_strings.py
"""
import json
import os

import numpy as np
import pandas as pd

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
FOLDER = os.path.join(ROOT, "Tests", "QuireEngineTests", "Fixtures", "prepare")

WORDS = ["apple", "Apple ", "  banana\t", "ÉCOLE", "straße", "nai\u0308ve", "été", "👍🏽 ok", "", "10",
         "a,b", 'say "hi"', "New York", "york", "ab12cd345", "İstanbul", "ﬁne", "x\ny", "aaa", "b"]


def frame(rows, seed):
    rng = np.random.default_rng(seed)
    s = [None if rng.random() < 0.12 else WORDS[rng.integers(0, len(WORDS))] for _ in range(rows)]
    t = [None if rng.random() < 0.3 else WORDS[rng.integers(0, len(WORDS))] for _ in range(rows)]
    x = np.round(rng.normal(0, 2, rows), 1)
    x[rng.random(rows) < 0.2] = np.nan
    y = np.round(rng.normal(0, 2, rows), 1)
    y[rng.random(rows) < 0.3] = np.nan
    return pd.DataFrame({"s": pd.Series(s, dtype=object), "t": pd.Series(t, dtype=object), "x": x, "y": y})


def cases(df):
    s, t, x, y = df["s"], df["t"], df["x"], df["y"]
    return [
        ("lower(s)", "string", s.str.lower()),
        ("upper(s)", "string", s.str.upper()),
        ("trim(s)", "string", s.str.strip()),
        ("length(s)", "number", s.str.len()),
        ("contains(s, \"a\")", "boolean", s.str.contains("a", regex=False, na=False)),
        ("contains(lower(s), \"york\")", "boolean", s.str.lower().str.contains("york", regex=False, na=False)),
        ("contains(s, \"\")", "boolean", s.str.contains("", regex=False, na=False)),
        ("starts_with(s, \"a\")", "boolean", s.str.startswith("a", na=False)),
        ("ends_with(s, \"é\")", "boolean", s.str.endswith("é", na=False)),
        ("ends_with(s, \"ve\")", "boolean", s.str.endswith("ve", na=False)),
        ("substring(s, 1, 2)", "string", s.str.slice(1, 3)),
        ("substring(s, 0)", "string", s.str.slice(0)),
        ("substring(s, -2)", "string", s.str.slice(-2)),
        ("substring(s, -3, 2)", "string", s.str.slice(-3).str.slice(0, 2)),
        ("substring(s, 30, 2)", "string", s.str.slice(30, 32)),
        ("replace(s, \"a\", \"<>\")", "string", s.str.replace("a", "<>", regex=False)),
        ("replace(s, \"aa\", \"a\")", "string", s.str.replace("aa", "a", regex=False)),
        ("replace(s, \"\", \"-\")", "string", s.str.replace("", "-", regex=False)),
        ("concat(s, \"-\", t)", "string", s + "-" + t),
        ("concat(t, s)", "string", t + s),
        ("matches(s, \"^[A-Z]\")", "boolean", s.str.contains("^[A-Z]", regex=True, na=False)),
        ("matches(s, \"\\d{2,}\")", "boolean", s.str.contains(r"\d{2,}", regex=True, na=False)),
        ("matches(s, \"(?:a|é)+$\")", "boolean", s.str.contains("(?:a|é)+$", regex=True, na=False)),
        ("matches(s, \"\\bb\")", "boolean", s.str.contains(r"\bb", regex=True, na=False)),
        ("matches(s, \"^\\w+ \\w+$\")", "boolean", s.str.contains(r"^\w+ \w+$", regex=True, na=False)),
        ("matches(s, \"[^a-z ]\")", "boolean", s.str.contains("[^a-z ]", regex=True, na=False)),
        ("matches(s, \"x.y\")", "boolean", s.str.contains("x.y", regex=True, na=False)),
        ("matches(s, \"^(?:a|aa)*$\")", "boolean", s.str.contains("^(?:a|aa)*$", regex=True, na=False)),
        ("matches(s, \"\\s\")", "boolean", s.str.contains(r"\s", regex=True, na=False)),
        ("coalesce(s, t)", "string", s.fillna(t)),
        ("coalesce(s, t, \"?\")", "string", s.fillna(t).fillna("?")),
        ("coalesce(x, y)", "number", x.fillna(y)),
        ("coalesce(x, y, 0)", "number", x.fillna(y).fillna(0)),
        ("is_null(s)", "boolean", s.isna()),
        ("is_null(x)", "boolean", x.isna()),
        ("s in [\"apple\", \"été\", \"\"]", "boolean", s.isin(["apple", "été", ""])),
        ("pow(x, 2)", "number", x ** 2),
        ("length(concat(s, t))", "number", (s + t).str.len()),
    ]


def encode(kind, values):
    out = []
    for v in values:
        if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
            out.append(None)
        elif kind == "number":
            out.append(repr(float(v)))
        elif kind == "boolean":
            out.append(bool(v))
        else:
            out.append(str(v))
    return out


def main():
    df = frame(300, 15)
    columns = {
        "s": [None if v is None else v for v in df["s"]],
        "t": [None if v is None else v for v in df["t"]],
        "x": [repr(float(v)) for v in df["x"]],
        "y": [repr(float(v)) for v in df["y"]],
    }
    out = [{"expression": e, "type": k, "values": encode(k, list(v))} for e, k, v in cases(df)]
    os.makedirs(FOLDER, exist_ok=True)
    with open(os.path.join(FOLDER, "strings.json"), "w", encoding="utf-8") as handle:
        json.dump({"pandas": pd.__version__, "columns": columns, "cases": out}, handle, ensure_ascii=False, indent=1)
        handle.write("\n")


if __name__ == "__main__":
    main()
