#!/usr/bin/env bash
# The run history's cost, release build, whole process:
#   1. what recording adds to a run: a warm run (every step cached) of notebooks/churn-model.md
#      with and without --no-history, interleaved A B A B, RUNS pairs; once with --reproducible,
#      which records but reads and draws no trends (the recording alone), once without (recording,
#      plus the report's trends);
#   2. `quire history` over 10,000 recorded runs (the first run's rows copied 9,999 times, with
#      Python's sqlite3), with the default --limit 20, --metric, and every run as --json.
#
#   RUNS=30 scripts/bench_history.sh
#
# Needs hyperfine (apt-get install -y hyperfine) and python3. Prints one line per measure; the
# differences and medians are the figures, on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
runs="${RUNS:-30}"
swift build -c release --product quire >/dev/null 2>&1
quire="$(swift build -c release --show-bin-path)/quire"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
touch "$work/quire.yaml"
cp -r notebooks "$work/"
cd "$work"
"$quire" run --quiet --no-history notebooks/churn-model.md   # fills the cache: every later run is warm

median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
now() { date +%s%N; }
ms() { echo "$(( $1 / 1000 )).$(( ($1 % 1000 + 1000) % 1000 / 100 ))"; }
for mode in --reproducible ""; do
  rm -f off on
  for _ in $(seq "$runs"); do
    start=$(now); "$quire" run --quiet $mode --no-history notebooks/churn-model.md; echo $(( ($(now) - start) / 1000 )) >> off
    start=$(now); "$quire" run --quiet $mode notebooks/churn-model.md; echo $(( ($(now) - start) / 1000 )) >> on
  done
  off=$(median < off); on=$(median < on)
  echo "warm run ${mode:-with trends}, median of $runs: --no-history $(ms "$off") ms, recorded $(ms "$on") ms, difference $(ms $((on - off))) ms"
done

python3 - .quire/history.sqlite <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
first = db.execute("SELECT min(id) FROM run").fetchone()[0]
columns = [c[1] for c in db.execute("PRAGMA table_info(run)") if c[1] != "id"]
have = db.execute("SELECT count(*) FROM run").fetchone()[0]
for _ in range(10_000 - have):
    cursor = db.execute(f"INSERT INTO run ({','.join(columns)}) SELECT {','.join(columns)} FROM run WHERE id = ?", (first,))
    new = cursor.lastrowid
    for table in ("param", "file", "step", "metric", "monitor"):
        cols = [c[1] for c in db.execute(f"PRAGMA table_info({table})") if c[1] != "run_id"]
        db.execute(f"INSERT INTO {table} (run_id,{','.join(cols)}) SELECT ?,{','.join(cols)} FROM {table} WHERE run_id = ?", (new, first))
db.commit()
print("history:", db.execute("SELECT count(*) FROM run").fetchone()[0], "runs,",
      db.execute("SELECT count(*) FROM metric").fetchone()[0], "metric rows")
PY
hyperfine -N --warmup 3 --runs "$runs" --style basic \
  "$quire history notebooks/churn-model.md" \
  "$quire history notebooks/churn-model.md --metric log_loss --limit 100" \
  "$quire history" \
  "$quire history notebooks/churn-model.md --json --limit 0" 2>&1 | grep -E "^Benchmark|Time \(mean"
