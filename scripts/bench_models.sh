#!/usr/bin/env bash
# Models side by side with scikit-learn: fit and predict seconds and test quality per algorithm
# on the peer harness's synthetic data (../shared/bench/gen_data.py: cls_100k/cls_1m
# classification, reg_100k regression, and reg_1m made here with its recipe; 20 features).
# Both sides split 80/20 (stratified for classification) and use library defaults; scikit-learn's LogisticRegression gets
# max_iter=1000 as in peers_sklearn.py, and so does Quire.
#
#   scripts/bench_models.sh                 # 100k rows (classification + regression)
#   SIZES="100k 1m" scripts/bench_models.sh  # also 1M rows (slow: forests and trees)
#   THREADS=2 RUNS=3 scripts/bench_models.sh
#   ALGORITHMS="kmeans,knn" scripts/bench_models.sh   # only these (of the task's list)
#   FOREST_TREES=10 SIZES=1m scripts/bench_models.sh  # forests of 10 trees on both sides
#
# Needs a Python with numpy, pandas and scikit-learn. Quire is timed in process by a release
# harness (scripts/bench/ModelBench/main.swift) built in a throw-away package under
# .build/model-bench that points at Sources/QuireEngine, so the benchmark does not depend on
# the rest of the package building. Each algorithm is timed in pairs, interleaved: one Quire fit,
# one scikit-learn fit, RUNS times (A B A B), each in a process of its own; the medians are shown.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$HERE/.." && pwd)"
WORK="${WORK:-$(mktemp -d)}"
SIZES="${SIZES:-100k}"
THREADS="${THREADS:-2}"
RUNS="${RUNS:-3}"
PEERS="${PEERS:-$repo/../shared/bench}"

pkg="$repo/.build/model-bench"
mkdir -p "$pkg/Sources"
# The engine and the modules it depends on, as Package.swift declares them.
for module in QuireEngine QuireSupport CQuireKernels COpenSSL; do
  ln -sfn "$repo/Sources/$module" "$pkg/Sources/$module"
done
ln -sfn "$repo/scripts/bench/ModelBench" "$pkg/Sources/ModelBench"
cat >"$pkg/Package.swift" <<'SWIFT'
// swift-tools-version:6.0
import PackageDescription
let package = Package(name: "ModelBench", targets: [
    .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
    .target(name: "QuireSupport", dependencies: ["COpenSSL"]),
    .target(name: "CQuireKernels"),
    .target(name: "QuireEngine", dependencies: ["QuireSupport", "CQuireKernels"]),
    .executableTarget(name: "ModelBench", dependencies: ["QuireEngine"]),
])
SWIFT
if [ -z "${BENCH_BIN:-}" ]; then
  swift build -c release --package-path "$pkg" >&2
  BENCH_BIN="$(swift build -c release --package-path "$pkg" --show-bin-path)/ModelBench"
fi
mkdir -p "$WORK/data"
cp -r "$PEERS/." "$WORK/peers"
ONLY=""
for size in $SIZES; do ONLY="$ONLY cls_$size reg_$size"; done
for name in $ONLY; do
  [ -s "$WORK/data/$name.csv" ] && continue
  if [ "$name" = reg_1m ]; then
    # The peers' generator has no 1M-row regression file: the same recipe, its own seed.
    ( cd "$WORK/peers" && python3 -c 'import sys, gen_data as g; x, y = g.make_regression(1_000_000, 5); g.write_csv(sys.argv[1], x, y, "%.6f")' "$WORK/data/reg_1m.csv" )
  else
    ( cd "$WORK/peers" && python3 gen_data.py --out "$WORK/data" --only "$name" >&2 )
  fi
done
ls "$WORK/data" >&2

CLS="logistic_regression,decision_tree,random_forest,gradient_boosting,kmeans,knn,gaussian_nb"
REG="linear_regression,ridge,random_forest,gradient_boosting"

run_sklearn() { # file task algorithms
  python3 - "$@" <<'PY'
import json, os, sys, time, statistics
import numpy as np, pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression, LinearRegression, Ridge
from sklearn.tree import DecisionTreeClassifier
from sklearn.ensemble import (RandomForestClassifier, RandomForestRegressor,
                              HistGradientBoostingClassifier, HistGradientBoostingRegressor)
from sklearn.cluster import KMeans
from sklearn.neighbors import KNeighborsClassifier
from sklearn.naive_bayes import GaussianNB
from sklearn.metrics import accuracy_score, r2_score
path, task, algos, runs = sys.argv[1], sys.argv[2], sys.argv[3].split(","), int(sys.argv[4])
d = pd.read_csv(path)
X, y = d.drop(columns="target").to_numpy(), d["target"].to_numpy()
Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.2, random_state=42,
                                      stratify=y if task == "classification" else None)
make = {
 "logistic_regression": lambda: LogisticRegression(max_iter=1000),
 "decision_tree": lambda: DecisionTreeClassifier(random_state=0),
 "random_forest": lambda: (RandomForestClassifier if task == "classification" else RandomForestRegressor)(
     random_state=0, n_estimators=int(os.environ.get("FOREST_TREES", "100"))),
 "gradient_boosting": lambda: (HistGradientBoostingClassifier if task == "classification" else HistGradientBoostingRegressor)(random_state=0),
 "kmeans": lambda: KMeans(n_clusters=8, random_state=0),
 "knn": lambda: KNeighborsClassifier(),
 "gaussian_nb": lambda: GaussianNB(),
 "linear_regression": lambda: LinearRegression(),
 "ridge": lambda: Ridge(alpha=1.0),
}
for a in algos:
    fits, preds = [], []
    for _ in range(runs):
        m = make[a]()
        t = time.perf_counter(); (m.fit(Xtr) if a == "kmeans" else m.fit(Xtr, ytr)); fits.append(time.perf_counter() - t)
        t = time.perf_counter(); p = m.predict(Xte); preds.append(time.perf_counter() - t)
    rec = {"algorithm": a, "fit_s": statistics.median(fits), "predict_s": statistics.median(preds)}
    if a == "kmeans": rec["inertia_train"] = float(m.inertia_)
    elif task == "classification": rec["accuracy"] = float(accuracy_score(yte, p))
    else: rec["r2"] = float(r2_score(yte, p))
    print(json.dumps(rec), flush=True)
PY
}

echo "| data | algorithm | Quire fit s | sklearn fit s | fit ratio (sklearn/Quire) | Quire predict s | sklearn predict s | Quire quality | sklearn quality |"
echo "|---|---|---|---|---|---|---|---|---|"
for size in $SIZES; do
  for kind in cls reg; do
    file="$WORK/data/${kind}_${size}.csv"
    [ -f "$file" ] || continue
    if [ "$kind" = cls ]; then task=classification; algos=$CLS; else task=regression; algos=$REG; fi
    if [ -n "${ALGORITHMS:-}" ]; then
      algos=$(tr ',' '\n' <<<"$algos" | grep -Fx -f <(tr ',' '\n' <<<"$ALGORITHMS") | paste -sd, -) || continue
    fi
    # kNN on 1M rows is skipped on both sides (brute force, 200k × 800k distances).
    [ "$size" = 1m ] && algos="${algos/,knn/}"
    : > "$WORK/quire_${kind}_${size}.jsonl"
    : > "$WORK/sklearn_${kind}_${size}.jsonl"
    for algorithm in ${algos//,/ }; do
      for _ in $(seq "$RUNS"); do
        "$BENCH_BIN" "$file" "$task" "$THREADS" "$algorithm" 1 >> "$WORK/quire_${kind}_${size}.jsonl"
        run_sklearn "$file" "$task" "$algorithm" 1 >> "$WORK/sklearn_${kind}_${size}.jsonl"
      done
    done
    python3 - "$WORK/quire_${kind}_${size}.jsonl" "$WORK/sklearn_${kind}_${size}.jsonl" "${kind}_${size}" <<'PY'
import json, statistics, sys
def medians(path):
    runs = {}
    for r in map(json.loads, open(path)):
        runs.setdefault(r["algorithm"], []).append(r)
    out = {}
    for a, rs in runs.items():
        out[a] = dict(rs[-1], fit_s=statistics.median(r["fit_s"] for r in rs),
                      predict_s=statistics.median(r["predict_s"] for r in rs))
    return out
q = medians(sys.argv[1])
s = medians(sys.argv[2])
def quality(r):
    for k in ("accuracy", "r2", "inertia_train"):
        if k in r: return f"{k} {r[k]:.4g}"
    return ""
for a, qr in q.items():
    sr = s[a]
    print(f"| {sys.argv[3]} | {a} | {qr['fit_s']:.3g} | {sr['fit_s']:.3g} | **{sr['fit_s'] / qr['fit_s']:.2f}×** | "
          f"{qr['predict_s']:.3g} | {sr['predict_s']:.3g} | {quality(qr)} | {quality(sr)} |")
PY
  done
done
echo "(work dir: $WORK)" >&2
