#!/usr/bin/env bash
# Benchmark of the data engine's CSV loader (QuireEngine.CSVReader) on a seeded 1,000,000 x 20
# numeric CSV, side by side in one run with pandas.read_csv (C engine) and with reading the same
# bytes from the page cache. Writes a Markdown table to stdout (and raw JSON lines to $OUT).
#
#   python3 -m pip install numpy pandas      # once (or PYTHON=/path/to/venv/bin/python)
#   ./scripts/bench_csv.sh                   # RUNS=5 ROWS=1000000 THREADS=2 QUIRE_BIN=…
#
# The loader is timed by a small release-mode harness (scripts/bench/EngineBench/main.swift)
# built in a throw-away SwiftPM package under .build/engine-bench that points at
# Sources/QuireEngine, so the benchmark does not depend on the rest of the package building.
# Whole-process timings and peak RSS come from ../shared/bench/proc_bench.py (copied, since
# shared/ may be read-only).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
repo="$(pwd)"
PYTHON="${PYTHON:-python3}"
ROWS="${ROWS:-1000000}"
RUNS="${RUNS:-5}"
THREADS="${THREADS:-2}"
SHARED="${SHARED:-$repo/../shared}"
work="${WORK:-$(mktemp -d)}"
OUT="${OUT:-$work/results.jsonl}"
: >"$OUT"

"$PYTHON" -c 'import numpy, pandas' 2>/dev/null || { echo "needs numpy and pandas: $PYTHON -m pip install numpy pandas" >&2; exit 1; }

# 1. Data: seeded, 20 float columns written as %.6f (about 200 MB).
data="$work/numeric_${ROWS}x20.csv"
if [ ! -s "$data" ]; then
  "$PYTHON" - "$data" "$ROWS" <<'PY'
import sys, numpy as np, pandas as pd
path, rows = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(20261129)
x = rng.standard_normal((rows, 20)) * rng.uniform(0.5, 50, 20) + rng.uniform(-10, 10, 20)
pd.DataFrame(x, columns=[f"x{i:02d}" for i in range(20)]).to_csv(path, index=False, float_format="%.6f", lineterminator="\n")
PY
fi
bytes=$(stat -c %s "$data")

# 2. Harness: a throw-away package whose targets point at the module and the harness source.
pkg="${BENCH_PACKAGE:-$repo/.build/engine-bench}"
mkdir -p "$pkg/Sources"
# The engine and the modules it depends on, as Package.swift declares them.
for module in QuireEngine QuireSupport CQuireKernels COpenSSL; do
  ln -sfn "$repo/Sources/$module" "$pkg/Sources/$module"
done
ln -sfn "$repo/scripts/bench/EngineBench" "$pkg/Sources/EngineBench"
cat >"$pkg/Package.swift" <<'SWIFT'
// swift-tools-version:6.0
import PackageDescription
let package = Package(name: "EngineBench", targets: [
    .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
    .target(name: "QuireSupport", dependencies: ["COpenSSL"]),
    .target(name: "CQuireKernels"),
    .target(name: "QuireEngine", dependencies: ["QuireSupport", "CQuireKernels"]),
    .executableTarget(name: "EngineBench", dependencies: ["QuireEngine"]),
])
SWIFT
swift build -c release --package-path "$pkg" >&2
bench="$(swift build -c release --package-path "$pkg" --show-bin-path)/EngineBench"

cp "$SHARED/bench/proc_bench.py" "$SHARED/bench/machine_load.py" "$work/"
# Before each round, wait (up to QUIET_TIMEOUT s) for the shared machine to be idle, and record it.
quiet() { "$PYTHON" "$work/machine_load.py" --timeout "${QUIET_TIMEOUT:-30}" --label "$1" 2>/dev/null | sed 's/^{/{"figure":"quiet_check",/' >>"$OUT"; }
cat "$data" >/dev/null  # warm the page cache

# 3. In-process figures, interleaved run by run so that load from other processes on the machine
#    falls on all of them alike (one warm-up round first, not recorded).
cat >"$work/pandas_once.py" <<'PY'
import json, sys, time, pandas as pd
t, c = time.perf_counter(), time.process_time()
frame = pd.read_csv(sys.argv[1], engine="c")
s, cpu = time.perf_counter() - t, time.process_time() - c
print(json.dumps({"figure": "pandas_in_process", "seconds": s, "cpu_seconds": cpu, "rows": len(frame),
                  "column_bytes": int(frame.memory_usage(index=False).sum())}))
PY
for round in $(seq 0 "$RUNS"); do
  quiet "round $round"
  record() { if [ "$round" -gt 0 ]; then sed "s/^{/{\"figure\":\"$1\",\"round\":$round,/" >>"$OUT"; else cat >/dev/null; fi; }
  "$bench" load "$data" --threads "$THREADS" | record quire_in_process
  "$PYTHON" "$work/pandas_once.py" "$data" | if [ "$round" -gt 0 ]; then cat >>"$OUT"; else cat >/dev/null; fi
  "$bench" read "$data" | record page_cache_read_in_process
  "$bench" load "$data" --threads 1 | record quire_in_process_1thread
done

# 4. Whole-process figures with peak RSS, and the same file through a load-only notebook
#    (`quire run --no-cache`: parse, plan, load, summarise, write the report).
if [ -n "${QUIRE_BIN:-}" ]; then
  quire="$(realpath "$QUIRE_BIN")"   # a build made already
else
  quire="$(build_release_quire)"
fi
mkdir -p "$work/project"
touch "$work/project/quire.yaml"
ln -f "$data" "$work/project/data.csv" 2>/dev/null || cp "$data" "$work/project/data.csv"
printf '# Load only\n\n```step data\nload: data.csv\n```\n' >"$work/project/load.md"
proc() { quiet "$1"; "$PYTHON" "$work/proc_bench.py" --runs "$RUNS" --out "$work/proc.jsonl" --name "$@" >/dev/null; }
: >"$work/proc.jsonl"
proc quire_load -- "$bench" load "$data" --threads "$THREADS"
proc quire_run_load_only -- "$quire" run --quiet --no-cache --no-history -o "$work/project/out" "$work/project/load.md"
proc cat_page_cache -- cat "$data"
proc pandas_read_csv -- "$PYTHON" -c "import pandas; pandas.read_csv('$data')"
proc python_import_pandas -- "$PYTHON" -c "import pandas"
proc quire_process_baseline -- "$bench" read /dev/null
cat "$work/proc.jsonl" >>"$OUT"

# 5. Report.
"$PYTHON" - "$OUT" "$bytes" "$ROWS" "$THREADS" <<'PY'
import json, statistics, sys
path, size, rows, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
inproc, proc = {}, {}
for line in open(path):
    r = json.loads(line)
    if "figure" in r:
        inproc.setdefault(r["figure"], []).append(r)
    else:
        proc[r["name"]] = r
med = lambda k: statistics.median(x["seconds"] for x in inproc[k])
cpu = lambda k: statistics.median(x["cpu_seconds"] for x in inproc[k])
checks = inproc.get("quiet_check", [])
q, q1, raw, pd_ = med("quire_in_process"), med("quire_in_process_1thread"), med("page_cache_read_in_process"), med("pandas_in_process")
column_bytes = inproc["quire_in_process"][0]["column_bytes"]
wall = lambda n: proc[n]["summary"]["wall_s"]["median"]
rss = lambda n: proc[n]["summary"]["maxrss_mib"]["median"]
print(f"file: {rows:,} rows x 20 columns, {size/1e6:.1f} MB; final columns {column_bytes/2**20:.1f} MiB; threads {threads}; load average at the end: {open('/proc/loadavg').read().split()[0]}\n")
print(f"idle checks: {sum(1 for c in checks if c['quiet'])} of {len(checks)} found the machine idle before a measurement\n")
print("| figure | median wall s | MB/s | wall vs pandas | wall vs page-cache read | median CPU s | CPU vs pandas |")
print("|---|---|---|---|---|---|---|")
rows_ = [("Quire CSVReader, in process", "quire_in_process"), ("Quire CSVReader, 1 thread", "quire_in_process_1thread"),
         ("pandas.read_csv (C engine), in process", "pandas_in_process"),
         ("read bytes from page cache (8 MiB blocks), in process", "page_cache_read_in_process")]
for name, key in rows_:
    s = med(key)
    print(f"| {name} | {s:.3f} | {size/1e6/s:.0f} | {pd_/s:.2f}x faster | {s/raw:.1f}x | {cpu(key):.3f} | {cpu('pandas_in_process')/cpu(key):.2f}x less |")
print()
print("| whole process | median wall s | peak RSS MiB | other processes' CPU share (max) |")
print("|---|---|---|---|")
for n in ["quire_load", "quire_run_load_only", "quire_process_baseline", "pandas_read_csv", "python_import_pandas", "cat_page_cache"]:
    print(f"| {n} | {wall(n):.3f} | {rss(n):.0f} | {proc[n]['summary']['foreign_cpu_frac']['max']:.2f} |")
print()
print(f"Quire vs pandas (in process): {pd_/q:.2f}x faster; vs page-cache read: {q/raw:.1f}x its time;"
      f" vs `cat` (whole process): {wall('quire_load')/wall('cat_page_cache'):.1f}x;"
      f" peak RSS / final column bytes: {rss('quire_load')*2**20/column_bytes:.2f}"
      f" ({(rss('quire_load') - rss('quire_process_baseline'))*2**20/column_bytes:.2f} without the process's baseline)")
print(f"Load-only notebook, whole process (`quire run --no-cache`): {wall('pandas_read_csv')/wall('quire_run_load_only'):.2f}x pandas"
      f" (python -c 'import pandas; pandas.read_csv(...)'); peak RSS {rss('quire_run_load_only'):.0f} MiB")
PY
