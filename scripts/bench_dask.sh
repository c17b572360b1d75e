#!/usr/bin/env bash
# Distributed runs, release build:
#   1. a notebook with four independent training steps of about 5 s each: one process running them
#      one after another on one thread (`quire run --jobs 1 --threads 1`) against the Dask adapter
#      with two one-thread workers on 127.0.0.1, whose tasks then run `--threads 1` each (a fresh
#      cache each time), interleaved A B A B, RUNS pairs. The goal: Dask within 1.15 x half the
#      serial time. Then the control: one training alone against two at once as plain `--only`
#      processes, without Dask (how much two trainings slow each other down on this machine).
#   2. the overhead of one `--only` task on a cached input of about 100 MB (hyperfine): `quire run
#      --only STEP --force STEP` for a step that selects one of its 21 columns, and for one that
#      reads them all (a filter that keeps no row); and `quire --version`, the process start.
#
#   RUNS=5 scripts/bench_dask.sh
#   QUIRE_BIN=/path/to/quire RUNS=3 scripts/bench_dask.sh   # a build made already
#
# Needs python3 (the adapter's venv is made as scripts/test.sh makes it) and hyperfine.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
export PATH="/opt/swift/usr/bin:$PATH"
runs="${RUNS:-5}"
ensure_dask_venv
if [ -n "${QUIRE_BIN:-}" ]; then
  quire="$(realpath "$QUIRE_BIN")"   # another build
else
  quire="$(build_release_quire 2>/dev/null)"
fi
repo="$PWD"
python="$repo/.build/dask-venv/bin/python"
dask="$repo/.build/dask-venv/bin/dask"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
touch "$work/quire.yaml"
{
  printf '# Four trainings\n\n```step rows\ngenerate: {kind: classification, n_samples: 60000, n_features: 20, seed: 1}\n```\n'
  for i in 1 2 3 4; do
    printf '\n```step forest%s\ntrain: {data: rows, algorithm: random_forest, target: target, n_estimators: %s, seed: %s}\n```\n' \
      "$i" "${TREES:-40}" "$i"
  done
} > "$work/four.md"
cd "$work"
"$dask" scheduler --host 127.0.0.1 --port 0 --no-dashboard --scheduler-file sched.json >/dev/null 2>&1 &
while [ ! -s sched.json ]; do sleep 0.1; done
for _ in 1 2; do
  "$dask" worker --scheduler-file sched.json --nthreads 1 --no-dashboard \
    --host 127.0.0.1 >/dev/null 2>&1 &
done
address=$("$python" -c 'import json; print(json.load(open("sched.json"))["address"])')
"$python" -c "from distributed import Client; Client('$address').wait_for_workers(2)"
now() { date +%s%N; }
rm -f serial dask
for _ in $(seq "$runs"); do
  rm -rf .quire; start=$(now); "$quire" run --quiet --no-history --jobs 1 --threads 1 four.md; echo $(( ($(now) - start) / 1000000 )) >> serial
  rm -rf .quire; start=$(now)
  "$python" "$repo/integrations/dask/quire_dask.py" four.md --scheduler "$address" --quire "$quire" >/dev/null
  echo $(( ($(now) - start) / 1000000 )) >> dask
done
median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
s=$(median < serial); d=$(median < dask)
echo "four trainings, median of $runs: serial $s ms, Dask with 2 workers $d ms; Dask / (serial / 2) = $(awk "BEGIN {printf \"%.3f\", $d / ($s / 2)}") (goal <= 1.15)"
# The control: what two trainings at once cost on this machine without Dask (two `--only` processes
# from the cache the last Dask run filled), against one alone, interleaved.
rm -f alone pair
for _ in $(seq "$(( runs < 3 ? runs : 3 ))"); do
  start=$(now); "$quire" run four.md --only forest1 --force forest1 --threads 1 --no-history --quiet
  echo $(( ($(now) - start) / 1000000 )) >> alone
  start=$(now)
  "$quire" run four.md --only forest1 --force forest1 --threads 1 --no-history --quiet &
  other=$!
  "$quire" run four.md --only forest2 --force forest2 --threads 1 --no-history --quiet
  wait "$other"   # not a bare `wait`: the scheduler and workers are background jobs too
  echo $(( ($(now) - start) / 1000000 )) >> pair
done
a=$(median < alone); p=$(median < pair)
echo "control, no Dask: one training alone $a ms, two at once $p ms ($(awk "BEGIN {printf \"%.3f\", $p / $a}") x: what two processes cost each other on this machine)"
echo "Dask / (serial / 2 x that): $(awk "BEGIN {printf \"%.3f\", $d / ($s / 2 * $p / $a)}") (what the adapter, the scheduler and a process per step add)"

# 2. --only on a cached ~100 MB frame.
printf '```step rows\ngenerate: {kind: regression, n_samples: 600000, n_features: 20, seed: 1}\n```\n\n```step one\nselect: {from: rows, columns: [target]}\n```\n\n```step none\nfilter: {from: rows, where: "target > 1e300"}\n```\n' > only.md
"$quire" run --quiet --no-history only.md
ls -l .quire/cache >/dev/null
size=$(du -sm .quire/cache | cut -f1)
for command in "run only.md --only one --force one --quiet" "run only.md --only none --force none --quiet" "--version"; do
  printf '%s: ' "quire $command"
  hyperfine -N --warmup 3 --runs 20 --style basic "$quire $command" 2>&1 | grep -E "Time \(mean" | sed 's/^ *//'
done
echo "(the cache holds ${size} MB)"
