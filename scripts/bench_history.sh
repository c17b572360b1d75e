#!/usr/bin/env bash
# The run history's cost, release build, whole process:
#   1. what recording adds to a run: a warm run (every step cached) of notebooks/churn-model.md
#      with and without --no-history, interleaved A B A B, RUNS pairs, wall and CPU time; once with
#      --reproducible, which records but reads and draws no trends (the recording alone), once
#      without (recording, plus the report's trends);
#   2. `quire history` over 10,000 recorded runs (the first run's rows copied 9,999 times, with
#      Python's sqlite3), with the default --limit 20, --metric, and every run as --json.
#
#   RUNS=30 scripts/bench_history.sh
#
# Needs hyperfine (apt-get install -y hyperfine), git and python3. Prints one line per measure; the
# differences and medians are the figures, on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
export PATH="/opt/swift/usr/bin:$PATH"
runs="${RUNS:-30}"
quire="$(build_release_quire 2>/dev/null)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
touch "$work/quire.yaml"
cp -r notebooks "$work/"
cd "$work"
# A repository, as a project is: the run asks git for the commit and whether files changed.
git init -q && git add -A && git -c user.name=bench -c user.email=bench@example.com commit -qm bench
"$quire" run --quiet --no-history notebooks/churn-model.md   # fills the cache: every later run is warm

# A B A B …: without the history, then recorded (the order flips every pair). Wall time, and the
# CPU time of the process and its children (git), as the median of the pairs' differences.
python3 - "$quire" "$runs" <<'PY'
import os, statistics, subprocess, sys, time
quire, runs = sys.argv[1], int(sys.argv[2])
def timed(command):
    start = time.perf_counter()
    child = subprocess.Popen(command)
    _, status, usage = os.wait4(child.pid, 0)
    assert status == 0, command
    return (time.perf_counter() - start) * 1000, (usage.ru_utime + usage.ru_stime) * 1000
for mode in (["--reproducible"], []):
    off = [quire, "run", "--quiet", *mode, "--no-history", "notebooks/churn-model.md"]
    on = [quire, "run", "--quiet", *mode, "notebooks/churn-model.md"]
    pairs = []
    for i in range(runs):
        first, second = (off, on) if i % 2 == 0 else (on, off)
        a, b = timed(first), timed(second)
        pairs.append((a, b) if i % 2 == 0 else (b, a))
    name = "--reproducible (recording alone)" if mode else "with trends"
    for k, what in ((0, "wall"), (1, "CPU")):
        d = sorted(b[k] - a[k] for a, b in pairs)
        print(f"warm run {name}, {what}, {runs} pairs: --no-history {statistics.median(a[k] for a, _ in pairs):.1f} ms,"
              f" recorded {statistics.median(b[k] for _, b in pairs):.1f} ms; difference median {statistics.median(d):+.1f} ms"
              f" (quartiles {d[len(d) // 4]:+.1f} .. {d[3 * len(d) // 4]:+.1f})")
PY

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
