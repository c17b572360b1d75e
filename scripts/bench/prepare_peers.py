#!/usr/bin/env python3
"""Peers of Quire's data-preparation benchmark (scripts/bench_prepare.sh): data and timers.

    prepare_peers.py data DIR [ROWS] [RIGHT_ROWS]   write DIR/left.csv and DIR/right.csv (seeded)
    prepare_peers.py pandas OP DIR                   time OP in process with pandas, print JSON
    prepare_peers.py polars OP DIR                   the same with polars

OP is one of join_int, join_str, aggregate, sort. The files are read first (not timed); the op is
timed alone; the JSON line also holds the resident bytes before the op, the peak resident bytes
during it (the kernel's high-water mark, reset just before the op) and the bytes of the input and
output columns, as Quire's harness (scripts/bench/PrepareBench) prints them.

left.csv:  ROWS rows: id (integer key, 0..1.1*RIGHT_ROWS, so about 9 % match nothing), skey (the
           same key as text, "K0012345"), g (1,000 groups), x, y (floats with 6 decimals).
right.csv: RIGHT_ROWS rows: id (unique), skey, fee (float), plan (text, 8 values).
"""
import json
import os
import sys
import time

LEFT, RIGHT = "left.csv", "right.csv"


def make_data(folder, rows, right_rows):
    import numpy as np
    import pandas as pd
    rng = np.random.default_rng(20261206)
    os.makedirs(folder, exist_ok=True)
    ids = rng.integers(0, int(right_rows * 1.1), rows)
    pd.DataFrame({
        "id": ids,
        "skey": [f"K{i:07d}" for i in ids],
        "g": rng.integers(0, 1000, rows),
        "x": np.round(rng.normal(50, 20, rows), 6),
        "y": np.round(rng.exponential(3, rows), 6),
    }).to_csv(os.path.join(folder, LEFT), index=False, lineterminator="\n")
    keys = rng.permutation(right_rows)
    plans = np.array(["basic", "plus", "pro", "team", "family", "student", "senior", "enterprise"])
    pd.DataFrame({
        "id": keys,
        "skey": [f"K{i:07d}" for i in keys],
        "fee": np.round(rng.uniform(5, 120, right_rows), 2),
        "plan": plans[rng.integers(0, len(plans), right_rows)],
    }).to_csv(os.path.join(folder, RIGHT), index=False, lineterminator="\n")


def memory():
    """(resident bytes now, peak resident bytes since the last reset) from /proc/self/status."""
    fields = {}
    with open("/proc/self/status") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                fields[name] = int(value.split()[0]) * 1024
    return fields["VmRSS"], fields["VmHWM"]


def reset_peak():
    """Starts the peak (VmHWM) afresh, so the op's own peak is measured, not the read's."""
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")


def pandas_bytes(frame):
    return int(frame.memory_usage(index=False, deep=True).sum())


def run_pandas(op, folder):
    import pandas as pd
    left = pd.read_csv(os.path.join(folder, LEFT))
    right = pd.read_csv(os.path.join(folder, RIGHT)) if op.startswith("join") else None
    reset_peak()
    rss_before, _ = memory()
    start = time.perf_counter()
    if op == "join_int":
        out = left.merge(right, on="id", how="left", validate="many_to_one")
    elif op == "join_str":
        out = left.merge(right, on="skey", how="left", validate="many_to_one")
    elif op == "aggregate":
        out = left.groupby("g").agg(n=("x", "count"), total=("x", "sum"), avg=("y", "mean"),
                                    sd=("y", "std"), hi=("x", "max"))
    elif op == "sort":
        out = left.sort_values(["g", "x"], ascending=[True, False], kind="stable")
    else:
        raise SystemExit(f"unknown op {op}")
    seconds = time.perf_counter() - start
    inputs = pandas_bytes(left) + (pandas_bytes(right) if right is not None else 0)
    return {"peer": "pandas", "op": op, "seconds": seconds, "rows": len(out), "columns": len(out.columns),
            "input_bytes": inputs, "output_bytes": pandas_bytes(out), "rss_before": rss_before,
            "peak_rss": memory()[1]}


def run_polars(op, folder):
    import polars as pl
    left = pl.read_csv(os.path.join(folder, LEFT))
    right = pl.read_csv(os.path.join(folder, RIGHT)) if op.startswith("join") else None
    reset_peak()
    rss_before, _ = memory()
    start = time.perf_counter()
    if op == "join_int":
        out = left.join(right, on="id", how="left", validate="m:1", maintain_order="left")
    elif op == "join_str":
        out = left.join(right, on="skey", how="left", validate="m:1", maintain_order="left")
    elif op == "aggregate":
        out = left.group_by("g").agg(pl.col("x").count().alias("n"), pl.col("x").sum().alias("total"),
                                     pl.col("y").mean().alias("avg"), pl.col("y").std().alias("sd"),
                                     pl.col("x").max().alias("hi")).sort("g")
    elif op == "sort":
        out = left.sort(["g", "x"], descending=[False, True], maintain_order=True)
    else:
        raise SystemExit(f"unknown op {op}")
    seconds = time.perf_counter() - start
    inputs = left.estimated_size() + (right.estimated_size() if right is not None else 0)
    return {"peer": "polars", "op": op, "seconds": seconds, "rows": out.height, "columns": out.width,
            "input_bytes": inputs, "output_bytes": out.estimated_size(), "rss_before": rss_before,
            "peak_rss": memory()[1]}


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    if sys.argv[1] == "data":
        rows = int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000
        right_rows = int(sys.argv[4]) if len(sys.argv) > 4 else 100_000
        make_data(sys.argv[2], rows, right_rows)
        return
    runner = {"pandas": run_pandas, "polars": run_polars}[sys.argv[1]]
    print(json.dumps(runner(sys.argv[2], sys.argv[3])))


if __name__ == "__main__":
    main()
