#!/usr/bin/env bash
# Benchmark of `quire run`: a 20-step notebook over a 100 MB CSV and over a 1 GB one, cold (with a
# fresh cache and with --no-cache, interleaved, time and peak RSS) then warm (every step cached),
# whole process, release build; plus planning a generated 2,000-step notebook (`quire check`).
# Needs hyperfine, GNU time and numpy.
#   RUNS=15 COLD_RUNS=3 scripts/bench_run.sh     # QUIRE_BIN=… for a build made already
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_system_packages
command -v hyperfine >/dev/null || fail "install hyperfine: apt-get install -y hyperfine"

work="${WORK:-$(mktemp -d)}"
mkdir -p "$work/small/data" "$work/large/data"
touch "$work/small/quire.yaml" "$work/large/quire.yaml"
python3 - "$work" <<'PY'
import sys, numpy as np, os
work = sys.argv[1]
rng = np.random.default_rng(7)
rows = 500_000
data = rng.normal(size=(rows, 19)).round(6)
label = (data[:, 0] + data[:, 1] > 0).astype(int)
header = ",".join([f"x{i}" for i in range(19)] + ["label"]) + "\n"
body = "".join(",".join(f"{v:.6f}" for v in row) + f",{l}\n" for row, l in zip(data, label))
small = os.path.join(work, "small/data/data.csv")
with open(small, "w") as f:
    f.write(header + body)
with open(os.path.join(work, "large/data/data.csv"), "w") as f:
    f.write(header)
    for _ in range(10):
        f.write(body)
PY
cat > "$work/nb.md" <<'NB'
---
title: Warm-run benchmark
params: {seed: 1}
---
```step raw
load: data/data.csv
```
```step overview
profile: raw
```
```step positive
filter: {from: raw, where: "x0 > 0"}
```
```step negative
filter: {from: raw, where: "x0 <= 0"}
```
```step features
derive: {from: raw, columns: {s01: "x0 + x1", p23: "x2 * x3", r45: "x4 / (abs(x5) + 1)"}}
```
```step narrow
select: {from: features, columns: [s01, p23, r45, label]}
```
```step wide
drop: {from: features, columns: [x10, x11, x12]}
```
```step split
split: {from: narrow, test_size: 0.2, stratify: label, seed: "${params.seed}"}
```
```step train_profile
profile: split.train
```
```step test_profile
profile: split.test
```
```step pos_profile
profile: positive
```
```step neg_profile
profile: negative
```
```step time_split
split: {from: wide, test_size: 0.3, order_by: x9}
```
```step late
profile: time_split.test
```
```step early
profile: time_split.train
```
```step big_values
filter: {from: features, where: "abs(s01) > 2"}
```
```step big_profile
profile: big_values
```
```step synthetic
generate: {kind: classification, n_samples: 1000, n_features: 8, seed: 2}
```
```step synthetic_split
split: {from: synthetic, test_size: 0.25, seed: 3}
```
```step synthetic_profile
profile: synthetic_split.train
```
NB
cp "$work/nb.md" "$work/small/nb.md"
cp "$work/nb.md" "$work/large/nb.md"

if [ -n "${QUIRE_BIN:-}" ]; then
  quire="$(realpath "$QUIRE_BIN")"   # a build made already
else
  quire="$(build_release_quire 2>/dev/null)"
fi
printf 'CSV: %s (small), %s (large)\n' "$(du -h "$work/small/data/data.csv" | cut -f1)" "$(du -h "$work/large/data/data.csv" | cut -f1)"
# Cold runs, interleaved: with a fresh cache, then with --no-cache, COLD_RUNS rounds per size.
# Wall seconds and peak RSS (KiB) from GNU time; the medians, and the caching overhead (cold
# with a cache / --no-cache) and peak RSS / CSV size.
median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
for size in small large; do
  rm -f "$work/cached.txt" "$work/uncached.txt"
  for _ in $(seq "${COLD_RUNS:-3}"); do
    rm -rf "$work/$size/.quire"
    /usr/bin/time -f "%e %M" -a -o "$work/cached.txt" "$quire" run -q --no-history -o "$work/$size/out" "$work/$size/nb.md"
    /usr/bin/time -f "%e %M" -a -o "$work/uncached.txt" "$quire" run -q --no-history --no-cache -o "$work/$size/out" "$work/$size/nb.md"
  done
  csv=$(stat -c %s "$work/$size/data/data.csv")
  c=$(cut -d' ' -f1 < "$work/cached.txt" | median); u=$(cut -d' ' -f1 < "$work/uncached.txt" | median)
  cm=$(cut -d' ' -f2 < "$work/cached.txt" | median); um=$(cut -d' ' -f2 < "$work/uncached.txt" | median)
  awk -v s="$size" -v c="$c" -v u="$u" -v cm="$cm" -v um="$um" -v csv="$csv" 'BEGIN {
    printf "cold (%s, CSV %.0f MiB): with a cache %.2f s, peak %.0f MiB (%.2fx the CSV); --no-cache %.2f s, peak %.0f MiB (%.2fx); caching overhead %.2fx\n",
      s, csv / 1048576, c, cm / 1024, cm * 1024 / csv, u, um / 1024, um * 1024 / csv, c / u }'
done
rm -rf "$work/small/.quire" "$work/large/.quire"
"$quire" run -q -o "$work/small/out" "$work/small/nb.md"
"$quire" run -q -o "$work/large/out" "$work/large/nb.md"
hyperfine --warmup 2 --runs "${RUNS:-20}" -N \
  "$quire run -q -o $work/small/out $work/small/nb.md" \
  "$quire run -q -o $work/large/out $work/large/nb.md"

python3 scripts/make_big_notebook.py 2000 "$work/plan.md"
hyperfine --warmup 2 --runs "${RUNS:-20}" -N "$quire check -q $work/plan.md"
