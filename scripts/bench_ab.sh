#!/usr/bin/env bash
# Two revisions side by side: a clean debug build of each, timed (wall and CPU), and a release
# build of each running one notebook with --no-cache, interleaved A B A B, on this machine.
#
#   scripts/bench_ab.sh REV_A REV_B [NOTEBOOK] [RUNS]
#
# NOTEBOOK defaults to scripts/bench/ab/kernels.md (generate 200k rows, logistic regression,
# a 40-tree forest and boosting trained side by side, evaluation, drift). BUILDS=0 skips the clean
# debug builds. Prints one line per build and run, then the ratios of the medians (B / A). Run it
# on a quiet machine: the ratio, not the seconds, is the figure.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
a="${1:?REV_A}"; b="${2:?REV_B}"
notebook="$(realpath "${3:-scripts/bench/ab/kernels.md}")"
runs="${4:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for side in a b; do
  rev=$([ "$side" = a ] && echo "$a" || echo "$b")
  mkdir -p "$work/$side"
  git archive "$rev" | tar -x -C "$work/$side"
done
median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }

if [ "${BUILDS:-1}" != 0 ]; then
  for round in 1 2; do
    for side in a b; do
      (cd "$work/$side" && rm -rf .build && swift package resolve >/dev/null 2>&1)
      start=$(date +%s.%N)
      (cd "$work/$side" && /usr/bin/time -f "%U %S" -o "$work/cpu" swift build >/dev/null 2>&1)
      wall=$(echo "$(date +%s.%N) - $start" | bc)
      cpu=$(awk '{print $1 + $2}' "$work/cpu")
      echo "clean debug build $side: wall ${wall} s, cpu ${cpu} s"
      echo "$wall" >> "$work/build-$side"
    done
  done
fi

for side in a b; do
  (cd "$work/$side" && swift build -c release --product quire >/dev/null 2>&1)
done
project="$work/project"
mkdir -p "$project"
touch "$project/quire.yaml"
cp "$notebook" "$project/"
name="$(basename "$notebook")"
for round in $(seq "$runs"); do
  for side in a b; do
    start=$(date +%s.%N)
    "$work/$side/.build/release/quire" run --quiet --no-cache --output "$project/out-$side" "$project/$name"
    wall=$(echo "$(date +%s.%N) - $start" | bc)
    echo "run $side: ${wall} s"
    echo "$wall" >> "$work/run-$side"
  done
done
if [ -f "$work/build-a" ]; then
  echo "clean debug build, B/A: $(echo "$(median < "$work/build-b") / $(median < "$work/build-a")" | bc -l | cut -c1-5)"
fi
echo "run, B/A: $(echo "$(median < "$work/run-b") / $(median < "$work/run-a")" | bc -l | cut -c1-5)"
cmp -s "$project/out-a/${name%.md}.json" "$project/out-b/${name%.md}.json" ||
  echo "note: the JSON summaries differ (durations always do; compare the digests)"
