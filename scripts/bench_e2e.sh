#!/usr/bin/env bash
# End to end against the Python peers (issue 20): the peers' "equivalent pipeline" (load a
# reference and a current CSV, stratified 80/20 split, logistic regression, accuracy / F1 / ROC AUC,
# per-feature drift of current against reference: PSI over 10 reference-quantile bins and KS) as
# `pipeline.py`, as `pipeline.ipynb` run by papermill, by `jupyter nbconvert --execute --to html`
# and by jupyter-cache, and as a Quire notebook that does the same and renders a report of the same
# kind (prose, a mermaid diagram, the tables). Whole process, release build, wall time, CPU time and
# peak RSS from `wait4` (the peers' proc_bench.py), one warm-up round, then RUNS rounds interleaved
# A B C D … A B C D …, at each size. Prints the medians and the ratios peer / Quire, and first
# checks that Quire's metrics and drift scores agree with pipeline.py's.
#
#   scripts/bench_e2e.sh                        # 100k and 1M rows, RUNS=5
#   SIZES=100k RUNS=1 scripts/bench_e2e.sh      # a smoke run (SIZES: 10k, 100k, 1M)
#   QUIRE_BIN=/path/to/quire scripts/bench_e2e.sh   # a build made already
#
# Figures, per size:
#   cold   quire run --no-cache --quiet           Quire, nothing read from or written to the cache
#          quire run --quiet after rm -rf .quire  Quire with a fresh cache (writes every step's output)
#          python pipeline.py --quiet             the peers' commands, as ../shared/bench/run_peers.sh
#          papermill pipeline.ipynb …             runs them ("cold" = a new process and a new kernel,
#          jupyter nbconvert --to html --execute  page cache warm)
#   warm   quire run --quiet                      every step a cache hit; the report is written again
#          jcache project execute                 jupyter-cache with the notebook cached (nothing runs)
#          jcache notebook merge                  jupyter-cache writing the cached outputs into a notebook
#
# Knobs (environment): RUNS (counted rounds, default 5), SIZES (default "100k 1M"), QUIRE_BIN (a quire
# binary instead of building the release one), PEERS (the peers' harness, default ../shared/bench;
# copied, never written), PEERS_VENV (a venv with the peers' tools to use as it is; by default
# .build/peers-venv is made once from the harness's requirements.lock.txt and made again when that
# file changes), DATA (default .build/peers-data: the CSVs, reused while MANIFEST.json matches them),
# QUIET_TIMEOUT (seconds to wait for an idle machine before each measurement, default 30; 0 = never
# wait), WORK (a directory to work in, default a new temporary one), PREPARE_ONLY=1 (make the venv,
# the data and the notebooks, run pipeline.py once, and stop before timing anything).
#
# The data are the peers' (gen_data.py): cls_100k / cls_100k_current, cls_10k / cls_10k_current, and
# cls_1m. gen_data.py has no shifted 1M-row file; cls_1m_current is made here with its recipe (the
# shifted classification generator, seed 13), as scripts/bench_models.sh makes reg_1m.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
source scripts/lib.sh
repo="$PWD"
runs="${RUNS:-5}"
sizes="${SIZES:-100k 1M}"
peers_src="${PEERS:-$repo/../shared/bench}"
data="${DATA:-$repo/.build/peers-data}"
work="${WORK:-$(mktemp -d)}"
mkdir -p "$work"
work="$(realpath "$work")"
export QUIET_TIMEOUT="${QUIET_TIMEOUT:-30}"
[ -f "$peers_src/pipeline.py" ] || fail "no peers' harness at $peers_src (set PEERS)"
for size in $sizes; do
  case "$size" in 10k | 100k | 1M | 1m) ;; *) fail "unknown size $size in SIZES (10k, 100k or 1M)" ;; esac
done

if [ -n "${QUIRE_BIN:-}" ]; then
  quire="$(realpath "$QUIRE_BIN")"   # another build
else
  ensure_system_packages
  quire="$(build_release_quire 2>/dev/null)"
fi
[ -x "$quire" ] || fail "no quire binary at $quire"

# The peers' tools, in a venv of their own (as the harness's setup.sh --locked makes it).
if [ -n "${PEERS_VENV:-}" ]; then
  venv="$(realpath "$PEERS_VENV")"
  "$venv/bin/python" -c "import papermill, nbconvert, jupyter_cache, sklearn, scipy, pandas" 2>/dev/null \
    || fail "PEERS_VENV=$venv lacks papermill, nbconvert, jupyter-cache or scikit-learn"
else
  venv="$repo/.build/peers-venv"
  if ! { [ -x "$venv/bin/python" ] && cmp -s "$peers_src/requirements.lock.txt" "$venv/requirements.lock.txt" \
    && "$venv/bin/python" -c "import papermill, nbconvert, jupyter_cache, sklearn, scipy, pandas" 2>/dev/null; }; then
    log "installing the peers' tools from PyPI into $venv (requirements.lock.txt)"
    rm -rf "$venv"
    python3 -m venv "$venv" || fail "python3 -m venv failed (apt-get install -y python3-venv)"
    "$venv/bin/python" -m pip install --quiet --upgrade pip
    "$venv/bin/pip" install --quiet -r "$peers_src/requirements.lock.txt" || fail "pip could not install the peers' tools"
    # The kernel spec inside the venv, so papermill, nbconvert and jupyter-cache use this interpreter.
    "$venv/bin/python" -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (bench venv)" >/dev/null
    cp "$peers_src/requirements.lock.txt" "$venv/requirements.lock.txt"
  fi
fi
py="$venv/bin/python"
export PATH="$venv/bin:$PATH"
# As run_peers.sh: old-OpenBLAS pinning slows a current numpy; warnings off.
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
export PYTHONWARNINGS=ignore

# A writable copy of the harness, its data/ the cached CSVs.
rm -rf "$work/peers"
cp -r "$peers_src/." "$work/peers"
chmod -R u+w "$work/peers"
rm -rf "$work/peers/data" "$work/peers/.venv" "$work/peers/results" "$work/peers/out"
mkdir -p "$data" "$work/peers/out" "$work/logs"
ln -s "$data" "$work/peers/data"

# Size → reference and current file names.
ref_name() { case "$1" in 10k) echo cls_10k ;; 100k) echo cls_100k ;; *) echo cls_1m ;; esac; }
cur_name() { case "$1" in 1M | 1m) echo cls_1m_current ;; *) echo "$(ref_name "$1")_current" ;; esac; }
tag() { echo "$1" | tr 'M' 'm'; }

# 1. Data: reuse the cached CSVs while MANIFEST.json (sha256 of every file) matches them.
names=()
for size in $sizes; do names+=("$(ref_name "$size")" "$(cur_name "$size")"); done
data_matches() {
  "$py" - "$data" "$@" <<'PY'
import hashlib, json, os, sys
import numpy
data, names = sys.argv[1], sys.argv[2:]
try:
    manifest = json.load(open(os.path.join(data, "MANIFEST.json")))
except (OSError, ValueError):
    sys.exit(1)
if manifest.get("numpy") != numpy.__version__:
    sys.exit(1)
for name in names:
    entry = manifest["files"].get(name)
    path = os.path.join(data, f"{name}.csv")
    if not entry or not os.path.exists(path) or os.path.getsize(path) != entry["bytes"]:
        sys.exit(1)
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 22), b""):
            h.update(chunk)
    if h.hexdigest() != entry["sha256"]:
        sys.exit(1)
PY
}
if data_matches "${names[@]}"; then
  log "data: reusing $data (MANIFEST.json matches ${names[*]})"
else
  log "data: generating ${names[*]} into $data"
  # gen_data.py's MANIFEST.json lists the files of its --only: name the other sizes' files already
  # there too (it keeps a file that has its row count), so that they stay listed.
  standard=()
  for name in "${names[@]}" cls_10k cls_10k_current cls_100k cls_100k_current cls_1m; do
    case " ${names[*]} " in *" $name "*) ;; *) [ -f "$data/$name.csv" ] || continue ;; esac
    [ "$name" = cls_1m_current ] || [[ " ${standard[*]} " == *" $name "* ]] || standard+=("$name")
  done
  (cd "$work/peers" && "$py" gen_data.py --out "$data" --only "${standard[@]}" >/dev/null)
  if [[ " ${names[*]} " == *" cls_1m_current "* ]] || [ -f "$data/cls_1m_current.csv" ]; then
    # gen_data.py has no shifted 1M-row file: its recipe, shifted, a seed of its own; into its MANIFEST.
    (cd "$work/peers" && "$py" - "$data" <<'PY'
import json, os, sys
import gen_data as g
data = sys.argv[1]
path = os.path.join(data, "cls_1m_current.csv")
if not (os.path.exists(path) and g.count_rows(path) == 1_000_000):  # as gen_data.py keeps its files
    x, y = g.make_classification(1_000_000, 13, shifted=True)
    g.write_csv(path, x, y, "%.6f")
with open(os.path.join(data, "MANIFEST.json")) as f:
    manifest = json.load(f)
manifest["files"]["cls_1m_current"] = {
    "path": "cls_1m_current.csv", "kind": "cls", "rows": 1_000_000, "columns": g.N_FEATURES + 1, "seed": 13,
    "shifted": True, "bytes": os.path.getsize(path), "sha256": g.sha256(path),
    "note": "made by scripts/bench_e2e.sh with gen_data.make_classification (not a gen_data.py file)"}
with open(os.path.join(data, "MANIFEST.json"), "w") as f:
    json.dump(manifest, f, indent=1)
PY
    )
  fi
  data_matches "${names[@]}" || fail "the generated data do not match their MANIFEST.json"
fi
# The same bytes as the peers' recorded run? (baselines-reference.md lists sha256 prefixes.)
"$py" - "$data" "$peers_src/baselines-reference.md" "${names[@]}" <<'PY'
import json, os, re, sys
data, reference, names = sys.argv[1], sys.argv[2], sys.argv[3:]
files = json.load(open(os.path.join(data, "MANIFEST.json")))["files"]
recorded = dict(re.findall(r"^\| (cls_\w+) \| \d+ \| \d+ \| \d+ \| ([0-9a-f]{16}) \|$", open(reference).read(), re.M))
for name in names:
    if name in recorded:
        same = files[name]["sha256"].startswith(recorded[name])
        print(f"data: {name}.csv {files[name]['bytes']:,} B, sha256 {files[name]['sha256'][:16]}"
              f" ({'the same bytes as' if same else 'NOT the same bytes as'} the peers' recorded run)", file=sys.stderr)
    else:
        print(f"data: {name}.csv {files[name]['bytes']:,} B, sha256 {files[name]['sha256'][:16]}", file=sys.stderr)
PY

# 2. Per size: the peers' notebook (the parameters cell names the size's files), a Quire project
#    (its data hard links to the cached CSVs, else copies) and its notebook, pipeline.py's figures.
for size in $sizes; do
  t=$(tag "$size"); ref=$(ref_name "$size"); cur=$(cur_name "$size")
  "$py" - "$work/peers/pipeline.ipynb" "$work/peers/pipeline_$t.ipynb" "$ref" "$cur" <<'PY'
import json, sys
src, dst, ref, cur = sys.argv[1:]
nb = json.load(open(src))
cell = next(c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", []))
text = "".join(cell["source"])
assert 'REF = "data/cls_100k.csv"' in text and 'CUR = "data/cls_100k_current.csv"' in text
text = text.replace('"data/cls_100k.csv"', f'"data/{ref}.csv"').replace('"data/cls_100k_current.csv"', f'"data/{cur}.csv"')
cell["source"] = text.splitlines(keepends=True)
json.dump(nb, open(dst, "w"), indent=1)
PY
  project="$work/quire-$t"
  mkdir -p "$project/data"
  touch "$project/quire.yaml"
  for pair in "reference:$ref" "current:$cur"; do
    rm -f "$project/data/${pair%%:*}.csv"
    ln "$data/${pair#*:}.csv" "$project/data/${pair%%:*}.csv" 2>/dev/null || cp "$data/${pair#*:}.csv" "$project/data/${pair%%:*}.csv"
  done
  features="[$(printf 'x%02d, ' $(seq 0 19) | sed 's/, $//')]"
  cat >"$project/e2e.md" <<NB
---
title: "Drift and model report: reference vs current"
---

# Drift and model report: reference vs current

This notebook loads a reference dataset, trains a logistic-regression classifier on a stratified
80/20 split, evaluates it, and measures per-feature data drift of a *current* dataset against the
reference (PSI over 10 reference-quantile bins, and the two-sample Kolmogorov-Smirnov statistic).

\`\`\`mermaid
flowchart LR
    A[Load reference CSV] --> B[Stratified 80/20 split]
    B --> C[Train logistic regression]
    C --> D[Evaluate: accuracy, F1, ROC AUC]
    A --> E[Drift vs current CSV: PSI + KS]
    F[Load current CSV] --> E
    D --> R[Report]
    E --> R
\`\`\`

## 1. Load the data

\`\`\`step ref
load: data/reference.csv
\`\`\`

\`\`\`step cur
load: data/current.csv
\`\`\`

## 2. Split and train

Stratified 80/20 split on the target; logistic regression with L-BFGS, C = 1.0.

\`\`\`step split
split: {from: ref, test_size: 0.2, stratify: target, seed: 42}
\`\`\`

\`\`\`step model
train: {data: split.train, algorithm: logistic_regression, target: target, C: 1.0, max_iter: 1000}
\`\`\`

## 3. Evaluate

\`\`\`step quality
evaluate: {model: model, data: split.test}
\`\`\`

## 4. Data drift

PSI uses 10 bins whose edges are the reference deciles. A feature is flagged when PSI > 0.1 or
the KS p-value < 0.01.

\`\`\`step psi
drift: {reference: ref, current: cur, include: $features, method: psi, binning: quantile, bins: 10, threshold: 0.1}
\`\`\`

\`\`\`step ks
drift: {reference: ref, current: cur, include: $features, method: ks, threshold: 0.01}
\`\`\`

## 5. Summary

{{ psi.drifted }} of 20 features drifted by PSI, {{ ks.drifted }} by KS. On the test split the model
has accuracy {{ quality.accuracy | .4f }}, F1 {{ quality.f1 | .4f }} and ROC AUC {{ quality.roc_auc | .4f }}.
NB
  (cd "$work/peers" && "$py" pipeline.py --quiet --ref "data/$ref.csv" --cur "data/$cur.csv" --json "$work/pipeline_$t.json")
done

if [ -n "${PREPARE_ONLY:-}" ]; then
  echo "prepared in $work (data, the peers' notebooks, the Quire projects, pipeline.py's figures); nothing timed" >&2
  exit 0
fi

# 3. Timed runs: each one a process of its own through proc_bench.py (wall, CPU, peak RSS by wait4),
#    after a wait for an idle machine (machine_load.py). Round 0 is the warm-up and is not kept.
results="$work/results.jsonl"
: >"$results"
: >"$work/quiet.jsonl"
measure() { # round name dir [--prepare CMD] -- command…
  local round="$1" name="$2" dir="$3" out="$results"
  shift 3
  [ "$round" -gt 0 ] || out="$work/warmup.jsonl"
  "$py" "$work/peers/machine_load.py" --label "$name" >>"$work/quiet.jsonl" 2>/dev/null
  (cd "$dir" && "$py" "$work/peers/proc_bench.py" --name "$name" --runs 1 --warmup 0 --out "$out" \
    --log "$work/logs/$name.log" "$@") 2>&1 | sed "s/^/round $round: /" >&2 || true
}
for round in $(seq 0 "$runs"); do
  [ "$round" -gt 0 ] || log "warm-up round (not kept)"
  [ "$round" -eq 0 ] || log "round $round of $runs"
  for size in $sizes; do
    t=$(tag "$size"); ref=$(ref_name "$size"); cur=$(cur_name "$size"); project="$work/quire-$t"; peers="$work/peers"
    measure "$round" "quire_cold_nocache_$t" "$project" -- "$quire" run --no-cache --quiet e2e.md
    measure "$round" "quire_cold_fresh_cache_$t" "$project" --prepare "rm -rf .quire" -- "$quire" run --quiet e2e.md
    measure "$round" "pipeline_py_$t" "$peers" -- python pipeline.py --quiet --ref "data/$ref.csv" --cur "data/$cur.csv"
    measure "$round" "papermill_$t" "$peers" -- \
      papermill "pipeline_$t.ipynb" "out/papermill_$t.ipynb" --cwd . -k python3 --no-progress-bar
    measure "$round" "nbconvert_$t" "$peers" -- \
      jupyter nbconvert --to html --execute "pipeline_$t.ipynb" --output-dir out --output "nbconvert_executed_$t"
    # Warm: Quire's cache is full after the fresh-cache run; jupyter-cache's is filled once (untimed).
    measure "$round" "quire_warm_$t" "$project" -- "$quire" run --quiet e2e.md
    if [ "$round" -eq 0 ]; then
      (cd "$peers" && rm -rf "out/jcache_$t" && echo y | jcache notebook -p "out/jcache_$t" add "pipeline_$t.ipynb" >/dev/null \
        && jcache project -p "out/jcache_$t" execute -t 600 >"$work/logs/jcache_fill_$t.log" 2>&1)
    fi
    measure "$round" "jcache_execute_cached_$t" "$peers" -- jcache project -p "out/jcache_$t" execute -t 600
    measure "$round" "jcache_merge_cached_$t" "$peers" -- jcache notebook -p "out/jcache_$t" merge 1 "out/jcache_merged_$t.ipynb"
  done
done

# 4. Did every run do what it should? Quire's warm run: every step a hit; jupyter-cache: nothing executed.
for size in $sizes; do
  t=$(tag "$size")
  "$py" - "$work/quire-$t/reports/e2e.json" "$t" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
n, cached = len(s["steps"]), s["counts"]["cached"]
print(f"check {sys.argv[2]}: Quire's last warm run took {cached} of {n} steps from the cache"
      f"{'' if cached == n else ' — NOT a warm run'}", file=sys.stderr)
PY
  executed=$(grep -c '^Executing: ' "$work/logs/jcache_execute_cached_$t.log" || true)
  echo "check $t: jupyter-cache's timed runs executed $executed notebooks$([ "$executed" = 0 ] || echo ' — NOT warm runs')" >&2
done

# 5. Quire's figures against pipeline.py's, then the timings.
"$py" - "$work" "$results" "$work/quiet.jsonl" "$sizes" "$runs" <<'PY'
import json, statistics, sys
work, results, quiet, sizes, runs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].split(), int(sys.argv[5])
TOL_MODEL = 0.01   # different split implementations: different test rows (SE of accuracy ~0.003 at 20k)
TOL_DRIFT = 1e-6   # the same rows on both sides: PSI and KS D should agree to rounding

all_agree = True
for size in sizes:
    t = size.replace("M", "m")
    py = json.load(open(f"{work}/pipeline_{t}.json"))
    q = json.load(open(f"{work}/quire-{t}/reports/e2e.json"))
    steps = {s["id"]: s for s in q["steps"]}
    print(f"\n## {size}: Quire against pipeline.py\n")
    print("Model metrics, each on its own stratified 20 % test split (the splits differ: scikit-learn's")
    print("random_state=42 is not Quire's seed 42):\n")
    print("| metric | pipeline.py | Quire | difference | agree (within %g) |" % TOL_MODEL)
    print("|---|---|---|---|---|")
    for m in ("accuracy", "f1", "roc_auc"):
        a, b = py["metrics"][m], steps["quality"].get("metrics", {}).get(m)
        ok = b is not None and abs(a - b) <= TOL_MODEL
        all_agree &= ok
        print(f"| {m} | {a:.6f} | {'-' if b is None else f'{b:.6f}'} | {'-' if b is None else f'{b - a:+.4f}'} | {'yes' if ok else 'NO'} |")
    psi = {r["subject"]: r for r in steps["psi"].get("monitor", [])}
    ks = {r["subject"]: r for r in steps["ks"].get("monitor", [])}
    print("\nDrift of the current file against the whole reference file (the same rows on both sides):\n")
    print("| feature | PSI pipeline.py | PSI Quire | KS D pipeline.py | KS D Quire | flagged pipeline.py / Quire |")
    print("|---|---|---|---|---|---|")
    worst = {"PSI": 0.0, "KS D": 0.0}
    for col, d in py["drift"].items():
        qp, qk = psi.get(col, {}).get("value"), ks.get(col, {}).get("statistic")
        for name, a, b in (("PSI", d["psi"], qp), ("KS D", d["ks"], qk)):
            worst[name] = max(worst[name], float("inf") if b is None else abs(a - b))
        flag_py = d["psi"] > 0.1 or d["ks_pvalue"] < 0.01
        flag_q = psi.get(col, {}).get("status") == "alert" or ks.get(col, {}).get("status") == "alert"
        all_agree &= flag_py == flag_q
        f = lambda v: "-" if v is None else f"{v:.6f}"
        print(f"| {col} | {d['psi']:.6f} | {f(qp)} | {d['ks']:.6f} | {f(qk)} | {'yes' if flag_py else 'no'} / {'yes' if flag_q else 'no'} |")
    ok = worst["PSI"] <= TOL_DRIFT and worst["KS D"] <= TOL_DRIFT
    all_agree &= ok
    print(f"\nlargest difference: PSI {worst['PSI']:.2g}, KS D {worst['KS D']:.2g}"
          f" ({'within' if ok else 'NOT within'} {TOL_DRIFT:g})")
print(f"\nQuire's metrics and drift scores {'agree' if all_agree else 'DO NOT agree'} with pipeline.py's"
      f" (model metrics within {TOL_MODEL}, PSI and KS D within {TOL_DRIFT:g})")

by = {}
for line in open(results):
    r = json.loads(line)
    by.setdefault(r["name"], []).extend(r["all"])
failed = sorted(n for n, rs in by.items() if any(r["rc"] != 0 for r in rs))
checks = [json.loads(l) for l in open(quiet)]
med = lambda name, k: statistics.median(r[k] for r in by[name])
LABELS = [
    ("quire_cold_nocache", "cold", "`quire run --no-cache --quiet`"),
    ("quire_cold_fresh_cache", "cold", "`rm -rf .quire; quire run --quiet` (fresh cache)"),
    ("pipeline_py", "cold", "`python pipeline.py --quiet`"),
    ("papermill", "cold", "`papermill pipeline.ipynb …`"),
    ("nbconvert", "cold", "`jupyter nbconvert --to html --execute pipeline.ipynb`"),
    ("quire_warm", "warm", "`quire run --quiet` (every step cached)"),
    ("jcache_execute_cached", "warm", "`jcache project execute` (cached: nothing runs)"),
    ("jcache_merge_cached", "warm", "`jcache notebook merge` (cached outputs into a notebook)"),
]
print(f"\n## Timings: whole process, medians of {runs} interleaved rounds (after one warm-up round)\n")
print(f"Idle checks before the measurements: {sum(c['quiet'] for c in checks)} of {len(checks)} found the machine idle;"
      f" load average now {open('/proc/loadavg').read().split()[0]}.")
print("\n| size | run | command | wall s min / **median** / max | CPU s | peak RSS MiB | foreign CPU (max) | × Quire |")
print("|---|---|---|---|---|---|---|---|")
for size in sizes:
    t = size.replace("M", "m")
    for key, kind, label in LABELS:
        name = f"{key}_{t}"
        if name not in by:
            continue
        walls = [r["wall_s"] for r in by[name]]
        base = f"quire_cold_nocache_{t}" if kind == "cold" else f"quire_warm_{t}"
        ratio = med(name, "wall_s") / med(base, "wall_s")
        print(f"| {size} | {kind} | {label} | {min(walls):.3f} / **{statistics.median(walls):.3f}** / {max(walls):.3f} |"
              f" {med(name, 'cpu_s'):.2f} | {med(name, 'maxrss_mib'):.0f} | {max(r['foreign_cpu_frac'] for r in by[name]):.2f} |"
              f" {ratio:.2f}× |")
print()
for size in sizes:
    t = size.replace("M", "m")
    r = lambda peer, base: med(f"{peer}_{t}", "wall_s") / med(f"{base}_{t}", "wall_s")
    print(f"cold end-to-end {size}: {r('pipeline_py', 'quire_cold_nocache'):.1f}× pipeline.py,"
          f" {r('papermill', 'quire_cold_nocache'):.1f}× papermill, {r('nbconvert', 'quire_cold_nocache'):.1f}× nbconvert"
          f" (Quire --no-cache {med(f'quire_cold_nocache_{t}', 'wall_s'):.2f} s)")
    print(f"cold end-to-end {size}, Quire with a fresh cache: {r('pipeline_py', 'quire_cold_fresh_cache'):.1f}× pipeline.py,"
          f" {r('papermill', 'quire_cold_fresh_cache'):.1f}× papermill, {r('nbconvert', 'quire_cold_fresh_cache'):.1f}× nbconvert"
          f" (Quire {med(f'quire_cold_fresh_cache_{t}', 'wall_s'):.2f} s)")
    print(f"warm {size}: {r('jcache_execute_cached', 'quire_warm'):.1f}× jupyter-cache (execute),"
          f" {r('jcache_merge_cached', 'quire_warm'):.1f}× jupyter-cache (merge)"
          f" (Quire warm {med(f'quire_warm_{t}', 'wall_s') * 1000:.0f} ms)")
print("\n(N× = the peer's median wall time / Quire's: above 1, Quire is faster.)")
if failed:
    print(f"\nFAILED (non-zero exit status, see {work}/logs): {', '.join(failed)}")
    sys.exit(1)
PY
case "$quire" in
  */debug/*) echo "NOTE: $quire is a debug build: its times say nothing about Quire's speed (use a release build)" ;;
esac
echo "raw figures: $results; logs: $work/logs; reports: $work/quire-*/reports, $work/peers/out" >&2
