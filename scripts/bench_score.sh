#!/usr/bin/env bash
# `quire score` against pandas + scikit-learn on the same CSV, each as a whole process:
#
#   quire side:  `quire score bc.json rows.csv -o quire.csv`: reads the CSV (the 30 feature
#                columns it needs; the target column is stepped over), predicts with a logistic
#                regression exported by a small notebook (standardize inside the model), writes
#                the 30 features, `prediction`, `probability_0`, `probability_1`.
#   python side: `python3 peer.py`: imports pandas and scikit-learn, unpickles a fitted
#                StandardScaler + LogisticRegression pipeline (trained before the timing, on the
#                same 569 rows), `pd.read_csv` of the whole file, `predict_proba` on the 30
#                features, the same 33 columns written with `DataFrame.to_csv` (shortest
#                round-trip floats, like Quire's).
#
# The data: ROWS rows (default 1,000,000) drawn with replacement from scikit-learn's breast-cancer
# data (/work/shared/bench/gen_data.py writes it), each value jittered by ±1% and written with 6
# significant digits, plus the target. Runs are interleaved A B A B, RUNS pairs (default 7); it
# prints each side's median wall time, the ratio of the medians, and each side's peak resident
# memory (ru_maxrss of the process, from wait4). It also scores a tenth of the rows, to show that
# `quire score`'s peak memory does not grow with the file (pandas' does).
#
#   RUNS=7 ROWS=1000000 scripts/bench_score.sh            # on a quiet machine
#   QUIRE_BIN=.build/debug/quire ROWS=2000 RUNS=1 scripts/bench_score.sh   # smoke test, no release build
#
# Needs python3 with numpy, pandas and scikit-learn.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
export PATH="/opt/swift/usr/bin:$PATH"
runs="${RUNS:-7}"
rows="${ROWS:-1000000}"
if [ -n "${QUIRE_BIN:-}" ]; then
  quire="$(cd "$(dirname "$QUIRE_BIN")" && pwd)/$(basename "$QUIRE_BIN")"
else
  quire="$(build_release_quire 2>/dev/null)"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The shared bench folder is read-only: work on a copy.
cp -r /work/shared/bench "$work/bench"
rm -rf "$work/bench/.venv" "$work/bench/data"
python3 "$work/bench/gen_data.py" --out "$work/bench/data" --only none >/dev/null 2>&1
mkdir -p "$work/project/data"
cd "$work/project"
touch quire.yaml
cp "$work/bench/data/real/breast_cancer.csv" data/

# The data to score.
python3 - "$rows" <<'PY'
import sys
import numpy as np
import pandas as pd
rows = int(sys.argv[1])
df = pd.read_csv("data/breast_cancer.csv")
rng = np.random.default_rng(2026)
picked = df.iloc[rng.integers(0, len(df), rows)].reset_index(drop=True)
features = [c for c in df.columns if c != "target"]
picked[features] = picked[features] * rng.uniform(0.99, 1.01, (rows, len(features)))
picked.to_csv("rows.csv", index=False, float_format="%.6g", lineterminator="\n")
picked.head(rows // 10).to_csv("rows-tenth.csv", index=False, float_format="%.6g", lineterminator="\n")
PY

# The model: a logistic regression exported by a notebook; the peer's, pickled.
cat > bc.md <<'EOF'
---
title: Breast cancer, exported for scoring
---

```step cells
load: data/breast_cancer.csv
```

```step model
train: {data: cells, algorithm: logistic_regression, target: target, preprocess: [standardize], max_iter: 10000}
```

```step release
export: {model: model, name: bc}
```
EOF
"$quire" run --quiet --no-history bc.md
cp reports/models/bc.json bc.json
python3 - <<'PY'
import pickle
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
df = pd.read_csv("data/breast_cancer.csv")
features = [c for c in df.columns if c != "target"]
model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=10000)).fit(df[features].to_numpy(), df["target"])
with open("peer.pkl", "wb") as f:
    pickle.dump((features, model), f)
PY
cat > peer.py <<'EOF'
import pickle
import sys
import pandas as pd
import sklearn  # noqa: F401  (imported as any scoring script would)
with open("peer.pkl", "rb") as f:
    features, model = pickle.load(f)
df = pd.read_csv(sys.argv[1])
probabilities = model.predict_proba(df[features].to_numpy())
out = df[features].copy()
out["prediction"] = model.classes_[probabilities.argmax(axis=1)]
for index, label in enumerate(model.classes_):
    out[f"probability_{label}"] = probabilities[:, index]
out.to_csv(sys.argv[2], index=False, lineterminator="\n")
EOF

python3 - "$quire" "$runs" "$rows" <<'PY'
import os, statistics, subprocess, sys, time
quire, runs, rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def timed(command):
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    assert status == 0, command
    return time.perf_counter() - start, usage.ru_maxrss / 1024  # seconds, MiB (ru_maxrss is KiB on Linux)
def sides(data):
    return ([quire, "score", "bc.json", data, "-o", "quire.csv"],
            [sys.executable, "peer.py", data, "python.csv"])
a_cmd, b_cmd = sides("rows.csv")
quire_runs, python_runs = [], []
for i in range(runs):
    if i % 2 == 0:
        quire_runs.append(timed(a_cmd)); python_runs.append(timed(b_cmd))
    else:
        python_runs.append(timed(b_cmd)); quire_runs.append(timed(a_cmd))
for name in ("quire.csv", "python.csv"):
    with open(name, "rb") as f:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 22), b""))
    assert lines == rows + 1, (name, lines)
size = os.path.getsize("rows.csv") / 2**20
q = statistics.median(t for t, _ in quire_runs)
p = statistics.median(t for t, _ in python_runs)
print(f"{rows:,} rows ({size:.0f} MiB), {runs} interleaved pairs, median wall time:")
print(f"  quire score:                      {q:.3f} s   peak RSS {max(m for _, m in quire_runs):.0f} MiB")
print(f"  pandas read_csv + sklearn + to_csv: {p:.3f} s   peak RSS {max(m for _, m in python_runs):.0f} MiB")
print(f"  ratio of medians (python / quire): {p / q:.2f}x")
a_cmd, b_cmd = sides("rows-tenth.csv")
tenth_q, tenth_p = timed(a_cmd)[1], timed(b_cmd)[1]
print(f"peak RSS on a tenth of the rows: quire score {tenth_q:.0f} MiB, python {tenth_p:.0f} MiB")
PY
