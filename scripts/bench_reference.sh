#!/usr/bin/env bash
# Benchmark of drift reference profiles: `quire reference` exact against `--compact` on a CSV of
# ROWS × 10 numeric columns (seeded normal values, 6 decimals: 5M rows ≈ 500 MB), interleaved,
# time, peak RSS and file size; then a `drift` notebook (ks and wasserstein on every column,
# --no-cache) against each profile and against the data itself, and a check that every compact
# row's value_range holds the exact row's value. Whole process, release build. Needs GNU time
# and numpy.
#   RUNS=3 ROWS=5000000 scripts/bench_reference.sh     # QUIRE_BIN=… for a build made already
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_system_packages
[ -x /usr/bin/time ] || fail "install GNU time: apt-get install -y time"

runs="${RUNS:-3}"
rows="${ROWS:-5000000}"
quire="${QUIRE_BIN:-}"
if [ -z "$quire" ]; then
    build_release_quire
    quire="$PWD/.build/x86_64-unknown-linux-gnu/release/quire"
fi
work="${WORK:-$(mktemp -d)}"
mkdir -p "$work/data" "$work/refs"
touch "$work/quire.yaml"
if [ ! -s "$work/data/reference-$rows.csv" ]; then
    python3 - "$work/data" "$rows" <<'PY'
import sys, numpy as np
directory, rows = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(11)
header = ",".join(f"x{i}" for i in range(10)) + "\n"
def write(path, n, shift):
    with open(path, "w") as f:
        f.write(header)
        for start in range(0, n, 500_000):
            block = rng.normal(loc=shift, size=(min(500_000, n - start), 10))
            f.write("".join(",".join(f"{v:.6f}" for v in row) + "\n" for row in block))
write(f"{directory}/reference-{rows}.csv", rows, 0.0)
write(f"{directory}/current-{rows}.csv", max(rows // 10, 1000), 0.01)
PY
fi
cp "$work/data/reference-$rows.csv" "$work/data/reference.csv"
cp "$work/data/current-$rows.csv" "$work/data/current.csv"

cat > "$work/drift.md" <<'NB'
```step current
load: data/current.csv
```
```step ks
drift: {REFERENCE, current: current, method: ks}
```
```step distance
drift: {REFERENCE, current: current, method: wasserstein}
```
NB
sed 's|REFERENCE|reference_profile: refs/exact.json|' "$work/drift.md" > "$work/exact.md"
sed 's|REFERENCE|reference_profile: refs/compact.json|' "$work/drift.md" > "$work/compact.md"
{ printf '```step reference\nload: data/reference.csv\n```\n'; sed 's|REFERENCE|reference: reference|' "$work/drift.md"; } \
    > "$work/data.md"

# One timed command: "seconds peak_kib".
timed() {
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > /dev/null
    cat "$work/time.txt"
}
: > "$work/results.txt"
for run in $(seq "$runs"); do
    echo "make exact $(cd "$work" && timed "$quire" reference data/reference.csv -o refs/exact.json)" >> "$work/results.txt"
    echo "make compact $(cd "$work" && timed "$quire" reference data/reference.csv -o refs/compact.json --compact)" >> "$work/results.txt"
done
for run in $(seq "$runs"); do
    for kind in exact compact data; do
        echo "drift $kind $(cd "$work" && timed "$quire" run --quiet --no-cache --output "out-$kind" "$kind.md")" \
            >> "$work/results.txt"
    done
done
echo "size exact $(stat -c %s "$work/refs/exact.json")" >> "$work/results.txt"
echo "size compact $(stat -c %s "$work/refs/compact.json")" >> "$work/results.txt"
echo "size csv $(stat -c %s "$work/data/reference.csv")" >> "$work/results.txt"

python3 - "$work" "$rows" <<'PY'
import json, statistics, sys
work, rows = sys.argv[1], int(sys.argv[2])
by = {}
for line in open(f"{work}/results.txt"):
    what, kind, *figures = line.split()
    by.setdefault((what, kind), []).append([float(x) for x in figures])
def median(what, kind, index=0):
    return statistics.median(x[index] for x in by[(what, kind)])
size = {kind: by[("size", kind)][0][0] for kind in ("exact", "compact", "csv")}
print(f"{rows:,} rows x 10 columns, CSV {size['csv'] / 1e6:.0f} MB; median of {len(by[('make', 'exact')])} interleaved runs; "
      f"load average {open('/proc/loadavg').read().split()[0]}\n")
print("| | exact profile | compact (10,000 points) | exact ÷ compact |")
print("|---|---|---|---|")
print(f"| file | {size['exact'] / 1e6:.1f} MB | {size['compact'] / 1e6:.2f} MB | {size['exact'] / size['compact']:.0f}× |")
for label, what in (("`quire reference`", "make"), ("drift (ks + wasserstein), `--no-cache`", "drift")):
    e, c = median(what, "exact"), median(what, "compact")
    er, cr = median(what, "exact", 1) / 1024, median(what, "compact", 1) / 1024
    print(f"| {label}: time | {e:.2f} s | {c:.2f} s | {e / c:.2f}× |")
    print(f"| {label}: peak RSS | {er:,.0f} MiB | {cr:,.0f} MiB | {er / cr:.2f}× |")
print(f"\ndrift against the data itself (loads the CSV): {median('drift', 'data'):.2f} s, "
      f"{median('drift', 'data', 1) / 1024:,.0f} MiB")

# Every compact row's value_range holds the exact profile's value; both profiles' exact rows agree
# with the data's.
def rows_of(kind):
    summary = json.load(open(f"{work}/out-{kind}/{kind}.json"))
    return {(step["id"], row["subject"]): row for step in summary["steps"] for row in step.get("monitor") or []
            if row["subject"] != "dataset"}
exact, compact, data = rows_of("exact"), rows_of("compact"), rows_of("data")
widest = {"ks": 0.0, "wasserstein": 0.0}
for key, row in exact.items():
    assert row["value"] == data[key]["value"], (key, row["value"], data[key]["value"])
    low, high = compact[key]["value_range"]
    assert low <= row["value"] <= high, (key, row["value"], low, high)
    widest[row["test"]] = max(widest[row["test"]], high - low)
print(f"every compact row's value_range holds the exact value ({len(exact)} rows); widest: "
      f"p-value {widest['ks']:.3g}, normalised Wasserstein {widest['wasserstein']:.3g}")
PY
