#!/usr/bin/env bash
# Benchmark of the data-preparation ops (join, aggregate, sort) side by side in one run with pandas
# and polars, on the same seeded files (1,000,000-row left table, 100,000-row right table).
# Writes a Markdown table to stdout (raw JSON lines to $OUT).
#
#   python3 -m pip install numpy pandas polars   # once (or PYTHON=/path/to/venv/bin/python)
#   ./scripts/bench_prepare.sh                   # RUNS=5 ROWS=1000000 RIGHT_ROWS=100000 THREADS=2
#
# Each figure is one process that reads the files (not timed) and then times the op alone:
# Quire through a release-mode harness (scripts/bench/PrepareBench/main.swift, built in a
# throw-away package that points at Sources/QuireEngine), pandas and polars through
# scripts/bench/prepare_peers.py. Rounds are interleaved (Quire, pandas, polars, for every op) so
# that load from other processes falls on all alike; before each round the script waits for the
# machine to be idle (../shared/bench/machine_load.py) and records whether it was.
#
# Memory: the op's peak is the kernel's high-water mark reset just before the op; the figure
# quoted is (inputs' column bytes + what the op added at its peak) / (input + output column bytes).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
PYTHON="${PYTHON:-python3}"
ROWS="${ROWS:-1000000}"
RIGHT_ROWS="${RIGHT_ROWS:-100000}"
RUNS="${RUNS:-5}"
THREADS="${THREADS:-2}"
OPS="${OPS:-join_int join_str aggregate sort}"
SHARED="${SHARED:-$repo/../shared}"
work="${WORK:-$(mktemp -d)}"
mkdir -p "$work"
OUT="${OUT:-$work/results.jsonl}"
: >"$OUT"

"$PYTHON" -c 'import numpy, pandas, polars' 2>/dev/null || {
  echo "needs numpy, pandas and polars: $PYTHON -m pip install numpy pandas polars" >&2
  exit 1
}
peers="$repo/scripts/bench/prepare_peers.py"
data="$work/data_${ROWS}_${RIGHT_ROWS}"
[ -s "$data/right.csv" ] || "$PYTHON" "$peers" data "$data" "$ROWS" "$RIGHT_ROWS"

pkg="${BENCH_PACKAGE:-$repo/.build/prepare-bench}"
mkdir -p "$pkg/Sources"
ln -sfn "$repo/Sources/QuireEngine" "$pkg/Sources/QuireEngine"
ln -sfn "$repo/Sources/QuireSupport" "$pkg/Sources/QuireSupport"
ln -sfn "$repo/Sources/COpenSSL" "$pkg/Sources/COpenSSL"
ln -sfn "$repo/Sources/CQuireKernels" "$pkg/Sources/CQuireKernels"
ln -sfn "$repo/scripts/bench/PrepareBench" "$pkg/Sources/PrepareBench"
cat >"$pkg/Package.swift" <<'SWIFT'
// swift-tools-version:6.0
import PackageDescription
let package = Package(name: "PrepareBench", targets: [
    .systemLibrary(name: "COpenSSL", pkgConfig: "openssl"),
    .target(name: "CQuireKernels"),
    .target(name: "QuireSupport", dependencies: ["COpenSSL"]),
    .target(name: "QuireEngine", dependencies: ["QuireSupport", "CQuireKernels"]),
    .executableTarget(name: "PrepareBench", dependencies: ["QuireEngine"]),
])
SWIFT
swift build -c release --package-path "$pkg" >&2
bench="$(swift build -c release --package-path "$pkg" --show-bin-path)/PrepareBench"

cp "$SHARED/bench/machine_load.py" "$work/"
quiet() { "$PYTHON" "$work/machine_load.py" --timeout "${QUIET_TIMEOUT:-30}" --label "$1" 2>/dev/null | sed 's/^{/{"figure":"quiet_check",/' >>"$OUT"; }
cat "$data"/*.csv >/dev/null # warm the page cache

for round in $(seq 0 "$RUNS"); do # round 0 warms up and is not recorded
  for op in $OPS; do
    quiet "round $round $op"
    record() { if [ "$round" -gt 0 ]; then sed "s/^{/{\"round\":$round,/" >>"$OUT"; else cat >/dev/null; fi; }
    "$bench" "$op" "$data" --threads "$THREADS" | record
    "$PYTHON" "$peers" pandas "$op" "$data" | record
    "$PYTHON" "$peers" polars "$op" "$data" | record
  done
done

"$PYTHON" - "$OUT" "$ROWS" "$RIGHT_ROWS" "$THREADS" <<'PY'
import json, statistics, sys
path, rows, right_rows, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
runs, checks = {}, []
for line in open(path):
    r = json.loads(line)
    if r.get("figure") == "quiet_check":
        checks.append(r)
    else:
        runs.setdefault((r["op"], r["peer"]), []).append(r)
med = lambda op, peer, f: statistics.median(f(r) for r in runs[(op, peer)])
seconds = lambda r: r["seconds"]
mib = lambda b: b / 2**20
print(f"left {rows:,} rows, right {right_rows:,} rows; Quire threads {threads}; medians of "
      f"{len(runs[next(iter(runs))])} interleaved rounds; idle checks passed: "
      f"{sum(1 for c in checks if c.get('quiet'))} of {len(checks)}\n")
print("| op | Quire s | pandas s | polars s | Quire vs pandas | Quire vs polars | output rows |"
      " Quire peak / (input + output columns) |")
print("|---|---|---|---|---|---|---|---|")
names = {"join_int": "join, integer key (left, many_to_one)", "join_str": "join, text key (left, many_to_one)",
         "aggregate": "aggregate, 1,000 groups, 5 aggregations", "sort": "sort by two keys"}
ops = []
for op, _ in runs:
    if op not in ops:
        ops.append(op)
for op in ops:
    q, p, pl = (med(op, peer, seconds) for peer in ("quire", "pandas", "polars"))
    memory = med(op, "quire", lambda r: (r["input_bytes"] + max(0, r["peak_rss"] - r["rss_before"]))
                 / (r["input_bytes"] + r["output_bytes"]))
    shape = runs[(op, "quire")][0]["rows"]
    vs_polars = f"{pl / q:.2f}× faster" if q <= pl else f"{q / pl:.2f}× slower"
    print(f"| {names.get(op, op)} | {q:.3f} | {p:.3f} | {pl:.3f} | {p / q:.2f}× faster | {vs_polars} | {shape:,} |"
          f" {memory:.2f} |")
PY
