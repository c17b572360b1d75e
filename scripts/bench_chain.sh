#!/usr/bin/env bash
# Benchmark of long chains: a notebook of N steps where each step reads the one before (a tiny
# `generate`, then cheap `derive` and `select` steps on a 20-row frame, so the engine's work is
# negligible and what is timed is the runner: planning, scheduling, keys, reports, history).
# Cold runs of N=2,500 and N=5,000, whole process, release build, interleaved A B A B over RUNS
# pairs (default 3): once with --no-cache --no-history, once with a fresh cache and a fresh
# history database. Prints the medians and the ratio 5000/2500 against the goal (linear: at most
# 2.1x, issue 20).
#
#   scripts/bench_chain.sh                 # N = 2,500 and 5,000
#   SMALL=1 scripts/bench_chain.sh         # N = 250 and 500, to check the script
#   QUIRE_BIN=/path/to/quire RUNS=5 scripts/bench_chain.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

runs="${RUNS:-3}"
if [ -n "${SMALL:-}" ]; then sizes=(250 500); else sizes=(2500 5000); fi
goal=2.1

if [ -n "${QUIRE_BIN:-}" ]; then
  quire="$QUIRE_BIN"
else
  ensure_system_packages
  log "building the release binary"
  quire="$(build_release_quire 2>/dev/null)"
fi
[ -x "$quire" ] || fail "no quire binary at $quire"

work="${WORK:-$(mktemp -d)}"
mkdir -p "$work"
touch "$work/quire.yaml"

# chain.md with N steps: s0 generates, s(i) reads s(i-1).
make_chain() {
  local n="$1" out="$2"
  python3 - "$n" "$out" <<'PY'
import sys
n, out = int(sys.argv[1]), sys.argv[2]
lines = ["---", f"title: A chain of {n} steps", "---", "", f"# A chain of {n} steps", "",
         "```step s0", "generate: {kind: regression, n_samples: 20, n_features: 2, seed: 1}", "```", ""]
for i in range(1, n):
    lines.append(f"```step s{i}")
    if i % 2:
        lines.append(f'derive: {{from: s{i - 1}, columns: {{x00: "x00 + 1"}}}}')
    else:
        lines.append(f"select: {{from: s{i - 1}, columns: [x00, x01, target]}}")
    lines += ["```", ""]
with open(out, "w") as handle:
    handle.write("\n".join(lines))
PY
}

for n in "${sizes[@]}"; do make_chain "$n" "$work/chain$n.md"; done

# Seconds taken by one cold run of chainN.md in MODE (nocache | fresh), to stdout.
time_run() {
  local n="$1" mode="$2" round="$3" flags=()
  if [ "$mode" = nocache ]; then
    flags=(--no-cache --no-history)
  else
    flags=(--cache-dir "$work/cache-$n-$round" --history-db "$work/history-$n-$round.sqlite")
  fi
  local start end
  start=$(date +%s.%N)
  "$quire" run --quiet "${flags[@]}" -o "$work/out-$n" "$work/chain$n.md" >/dev/null \
    || fail "quire run failed on chain$n.md ($mode)"
  end=$(date +%s.%N)
  rm -rf "$work/cache-$n-$round" "$work/history-$n-$round.sqlite"
  python3 -c "print(f'{$end - $start:.3f}')"
}

results="$work/times.tsv"
: >"$results"
for mode in nocache fresh; do
  for round in $(seq 1 "$runs"); do
    for n in "${sizes[@]}"; do
      t=$(time_run "$n" "$mode" "$round")
      printf '%s\t%s\t%s\n' "$mode" "$n" "$t" >>"$results"
      log "$mode N=$n round $round: $t s"
    done
  done
done

python3 - "$results" "${sizes[0]}" "${sizes[1]}" "$goal" <<'PY'
import statistics, sys
path, small, large, goal = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
times = {}
for line in open(path):
    mode, n, t = line.split()
    times.setdefault((mode, n), []).append(float(t))
labels = {"nocache": "cold, --no-cache --no-history", "fresh": "cold, fresh cache and history"}
print(f"| run | N={small} (median s) | N={large} (median s) | ratio | goal |")
print("|---|---|---|---|---|")
worst = 0.0
for mode in ("nocache", "fresh"):
    a = statistics.median(times[(mode, small)])
    b = statistics.median(times[(mode, large)])
    ratio = b / a if a > 0 else float("inf")
    worst = max(worst, ratio)
    print(f"| {labels[mode]} | {a:.3f} | {b:.3f} | {ratio:.2f}x | <= {goal}x |")
print("goal met" if worst <= goal else "goal NOT met")
PY
