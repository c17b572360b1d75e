#!/usr/bin/env python3
"""Oracle for the reference and current summaries a drift row shows (issue 14, item 8).

For every case of Tests/QuireEngineTests/Fixtures/monitor/drift_cases.json (written by
scripts/monitor_fixtures.py), writes Tests/QuireEngineTests/Fixtures/monitor/drift_samples.json:
per side, the values the test reads (numbers: finite ones; categories: present ones) and
- numeric columns: their count, numpy's mean and pandas' std (ddof 1);
- categorical columns: their count, the number of distinct categories and pandas'
  `value_counts` top three (ties by name), each with its count and share.
Floats travel as text (repr), as in drift_cases.json.

    python3 -m pip install numpy pandas
    python3 scripts/drift_sample_fixtures.py
"""
import json
import os

import numpy as np
import pandas as pd

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
FOLDER = os.path.join(ROOT, "Tests", "QuireEngineTests", "Fixtures", "monitor")


def number(value):
    return float("nan") if value is None else float(value)


def summary(kind, values):
    if kind == "numeric":
        series = pd.Series([number(v) for v in values], dtype=float)
        finite = series[np.isfinite(series)]
        return {
            "count": int(len(finite)),
            "mean": repr(float(np.mean(finite.to_numpy()))) if len(finite) else None,
            "std": repr(float(finite.std(ddof=1))) if len(finite) > 1 else None,
        }
    present = pd.Series(values, dtype=object).dropna()
    counts = present.value_counts()
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:3]
    return {
        "count": int(len(present)),
        "distinct": int(len(counts)),
        "top": [{"value": value, "count": int(count), "share": repr(count / len(present))} for value, count in top],
    }


def main():
    with open(os.path.join(FOLDER, "drift_cases.json")) as file:
        cases = json.load(file)["cases"]
    out = {
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "cases": [
            {
                "name": case["name"],
                "reference": summary(case["kind"], case["reference"]),
                "current": summary(case["kind"], case["current"]),
            }
            for case in cases
        ],
    }
    with open(os.path.join(FOLDER, "drift_samples.json"), "w") as file:
        json.dump(out, file, separators=(",", ":"), sort_keys=True)
        file.write("\n")
    print(f"wrote {len(out['cases'])} cases")


if __name__ == "__main__":
    main()
