#!/usr/bin/env bash
# Benchmark of QuireEngine's drift tests (Drift.compare) on 1,000,000 x 20 reference and current
# frames, all columns, side by side with the equivalent scipy computation, per method:
#   auto (= normalized Wasserstein at this size), ks (asymptotic), psi, jensen_shannon.
# Writes a Markdown table to stdout.
#
#   python3 -m pip install numpy scipy        # once (or PYTHON=/path/to/python)
#   ./scripts/bench_drift.sh                  # RUNS=3 ROWS=1000000 METHODS="auto ks psi jensen_shannon"
#
# Quire is timed in process by a release harness (scripts/bench/DriftBench/main.swift) built in a
# throw-away package under .build/drift-bench that points at Sources/QuireEngine (without the
# model code), so the benchmark does not depend on the rest of the package building. Both sides
# start from columns in memory and include everything (Quire: profiling = sorting, tests; scipy:
# its own sorting inside each call). Quire uses both cores (columns in parallel); scipy one.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
PYTHON="${PYTHON:-python3}"
ROWS="${ROWS:-1000000}"
RUNS="${RUNS:-3}"
METHODS="${METHODS:-auto ks psi jensen_shannon}"
work="${WORK:-$(mktemp -d)}"

"$PYTHON" -c 'import numpy, scipy' 2>/dev/null || { echo "needs numpy and scipy" >&2; exit 1; }

# 1. Data: seeded normal columns; current is shifted and scaled on half of the columns.
if [ ! -s "$work/reference.bin" ]; then
  "$PYTHON" - "$work" "$ROWS" <<'PY'
import sys, numpy as np
work, rows = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(20261201)
loc, scale = rng.uniform(-10, 10, 20), rng.uniform(0.5, 50, 20)
ref = rng.standard_normal((20, rows)) * scale[:, None] + loc[:, None]
shift = np.where(np.arange(20) % 2 == 0, 0.2, 0.0)
cur = rng.standard_normal((20, rows)) * (scale * (1 + shift))[:, None] + (loc + shift * scale)[:, None]
ref.astype("<f8").tofile(f"{work}/reference.bin"); cur.astype("<f8").tofile(f"{work}/current.bin")
PY
fi

# 2. Harness package.
pkg="${BENCH_PACKAGE:-$repo/.build/drift-bench}"
mkdir -p "$pkg/Sources"
ln -sfn "$repo/Sources/QuireEngine" "$pkg/Sources/QuireEngine"
ln -sfn "$repo/scripts/bench/DriftBench" "$pkg/Sources/DriftBench"
cat >"$pkg/Package.swift" <<'SWIFT'
// swift-tools-version:6.0
import PackageDescription
let package = Package(name: "DriftBench", targets: [
    .target(name: "QuireEngine", exclude: ["Model", "Metrics"]),
    .executableTarget(name: "DriftBench", dependencies: ["QuireEngine"]),
])
SWIFT
swift build -c release --package-path "$pkg" >&2
bench="$(swift build -c release --package-path "$pkg" --show-bin-path)/DriftBench"

# 3. scipy: the same computation Evidently performs per column.
cat >"$work/scipy_once.py" <<'PY'
import json, sys, time, numpy as np
from scipy import stats
from scipy.spatial import distance
work, rows, method = sys.argv[1], int(sys.argv[2]), sys.argv[3]
ref = np.fromfile(f"{work}/reference.bin", dtype="<f8").reshape(20, rows)
cur = np.fromfile(f"{work}/current.bin", dtype="<f8").reshape(20, rows)
def binned(r, c):
    edges = np.histogram_bin_edges(np.concatenate([r, c]), bins="sturges")
    return np.histogram(r, edges)[0] / len(r), np.histogram(c, edges)[0] / len(c)
def fill(a):
    m = a[a != 0].min(); a = a.copy(); a[a == 0] = m / 1e6 if m <= 1e-4 else 1e-4; return a
t, c0 = time.perf_counter(), time.process_time()
first = None
for j in range(20):
    r, c = ref[j], cur[j]
    if method in ("auto", "wasserstein"):
        s = stats.wasserstein_distance(r, c) / max(float(np.std(r)), 0.001)
    elif method == "ks":
        s = stats.ks_2samp(r, c).pvalue
    elif method == "psi":
        rp, cp = binned(r, c); rp, cp = fill(rp), fill(cp); s = float(np.sum((rp - cp) * np.log(rp / cp)))
    elif method == "jensen_shannon":
        rp, cp = binned(r, c); s = distance.jensenshannon(rp, cp)
    first = s if first is None else first
print(json.dumps({"seconds": time.perf_counter() - t, "cpu_seconds": time.process_time() - c0, "first": float(first)}))
PY

# 4. Interleaved runs (one warm-up round not recorded).
: >"$work/results.jsonl"
for round in $(seq 0 "$RUNS"); do
  for method in $METHODS; do
    q=$("$bench" "$work/reference.bin" "$work/current.bin" "$ROWS" 20 "$method")
    s=$("$PYTHON" "$work/scipy_once.py" "$work" "$ROWS" "$method")
    if [ "$round" -gt 0 ]; then
      echo "{\"method\":\"$method\",\"quire\":$q,\"scipy\":$s}" >>"$work/results.jsonl"
    fi
  done
done

# 5. Report.
"$PYTHON" - "$work/results.jsonl" "$ROWS" <<'PY'
import json, statistics, sys
rows = int(sys.argv[2])
by = {}
for line in open(sys.argv[1]):
    r = json.loads(line); by.setdefault(r["method"], []).append(r)
print(f"{rows:,} x 20 reference and current, all columns; median of {len(next(iter(by.values())))} runs; load average {open('/proc/loadavg').read().split()[0]}\n")
print("| method | Quire s (CPU s) | scipy s (CPU s) | wall ratio | CPU ratio | first column score Quire / scipy |")
print("|---|---|---|---|---|---|")
for m, rs in by.items():
    med = lambda side, k: statistics.median(r[side][k] for r in rs)
    q, s, qc, sc = med("quire", "seconds"), med("scipy", "seconds"), med("quire", "cpu_seconds"), med("scipy", "cpu_seconds")
    print(f"| {m} | {q:.3f} ({qc:.3f}) | {s:.3f} ({sc:.3f}) | {s/q:.1f}x faster | {sc/qc:.1f}x less | {rs[0]['quire']['first']:.12g} / {rs[0]['scipy']['first']:.12g} |")
PY
