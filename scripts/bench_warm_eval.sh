#!/usr/bin/env bash
# Warm re-runs of a notebook that evaluates a model, at 100k and 1M rows (issue 20, item 4): is a
# warm run flat in the rows evaluated? A classification CSV per size (written by Quire's own
# `generate` and `write`), then a notebook load → split → train → evaluate run cold once per size,
# then RUNS warm re-runs per size, interleaved (100k, 1M, 100k, 1M, …). Prints the medians, the
# ratio 1M / 100k against the goal (1.2), and the sizes of the evaluation's cache entry and object
# and of the report at both sizes. Whole process, release build.
#
#   scripts/bench_warm_eval.sh            # 100,000 and 1,000,000 rows, RUNS=5
#   SMALL=1 scripts/bench_warm_eval.sh    # 1,000 and 10,000 rows: checks the script, measures nothing
#
# Knobs (environment): RUNS (warm pairs, default 5), WORK (a directory to work in, default a new
# temporary one), QUIRE_BIN (a quire binary to use instead of building the release one).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

runs="${RUNS:-5}"
if [ -n "${SMALL:-}" ]; then sizes=(1000 10000); else sizes=(100000 1000000); fi
work="${WORK:-$(mktemp -d)}"
if [ -n "${QUIRE_BIN:-}" ]; then
  quire="$QUIRE_BIN"
else
  ensure_system_packages
  quire="$(build_release_quire 2>/dev/null)"
fi
[ -x "$quire" ] || fail "no quire binary at $quire"

# Milliseconds a command takes, as a whole process.
elapsed_ms() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}

median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

for n in "${sizes[@]}"; do
  dir="$work/$n"
  mkdir -p "$dir/data"
  touch "$dir/quire.yaml"
  if [ ! -s "$dir/data/cls.csv" ]; then
    log "writing a classification CSV of $n rows"
    cat >"$dir/make.md" <<NB
---
title: Data for the warm evaluate benchmark
---
\`\`\`step rows
generate: {kind: classification, n_samples: $n, n_features: 20, n_informative: 6, flip_y: 0.05, seed: 1}
\`\`\`
\`\`\`step csv
write: {from: rows, path: cls.csv}
\`\`\`
NB
    "$quire" run -q --no-cache -o "$dir/made" "$dir/make.md"
    mv "$dir/made/cls.csv" "$dir/data/cls.csv"
    rm -rf "$dir/made" "$dir/make.md"
  fi
  cat >"$dir/eval.md" <<'NB'
---
title: Warm evaluate benchmark
---
```step data
load: data/cls.csv
```
```step split
split: {from: data, test_size: 0.2, stratify: target, seed: 1}
```
```step model
train: {data: split.train, target: target, algorithm: logistic_regression}
```
```step quality
evaluate: {model: model, data: split.test}
```
NB
  rm -rf "$dir/.quire" "$dir/out"
  printf 'cold run, %s rows: %s ms\n' "$n" "$(elapsed_ms "$quire" run -q -o "$dir/out" "$dir/eval.md")"
done

declare -A times
for _ in $(seq "$runs"); do
  for n in "${sizes[@]}"; do
    times[$n]="${times[$n]:-} $(elapsed_ms "$quire" run -q -o "$work/$n/out" "$work/$n/eval.md")"
  done
done

small="${sizes[0]}"
large="${sizes[1]}"
# shellcheck disable=SC2086
small_ms=$(median ${times[$small]})
# shellcheck disable=SC2086
large_ms=$(median ${times[$large]})
for n in "${sizes[@]}"; do
  # shellcheck disable=SC2086
  printf 'warm run, %s rows: median %s ms of %s runs (%s)\n' "$n" "$(median ${times[$n]})" "$runs" "${times[$n]# }"
done
awk -v s="$small_ms" -v l="$large_ms" -v a="$small" -v b="$large" \
  'BEGIN { printf "warm %s / %s rows: %.2fx (goal: at most 1.2x)\n", b, a, (s > 0 ? l / s : 0) }'

for n in "${sizes[@]}"; do
  python3 - "$work/$n" "$n" <<'PY'
import glob, json, os, sys
root, rows = sys.argv[1], sys.argv[2]
for path in glob.glob(os.path.join(root, ".quire/cache/entries/*/*.json")):
    with open(path) as f:
        entry = json.load(f)
    if entry.get("op") != "evaluate":
        continue
    output = entry["outputs"]["metrics"]
    curves = output.get("kindSummary", {}).get("content", {})
    points = {
        name: sum(len(c.get(axis, [])) for c in (curves.get(name) or {}).values())
        for name, axis in (("rocCurves", "falsePositiveRate"), ("precisionRecallCurves", "recall"))
    }
    print(
        f"{rows} rows: evaluation cache entry {os.path.getsize(path):,} B, object {output['byteCount']:,} B, "
        f"ROC points {points['rocCurves']}, PR points {points['precisionRecallCurves']}, "
        f"report {os.path.getsize(os.path.join(root, 'out/eval.html')):,} B"
    )
PY
done
