#!/usr/bin/env bash
# `quire serve` against its peer (scikit-learn behind FastAPI and uvicorn, ../shared/bench), release
# build, on loopback, in one run:
#   1. single-row POSTs, wrk -t2 -c16, ROUNDS rounds of DURATION each, interleaved: the peer with
#      1 uvicorn worker, with 2, then quire serve (requests/s and the p50/p90/p99 latency);
#   2. batches of 1,000 rows per request, the same way (rows/s = requests/s × 1,000), as objects
#      (`{"rows": [{…}, …]}`, the body the peer takes too) and, for quire serve alone, as columns
#      (`{"columns": {"mean radius": […], …}}`, a third of the bytes; the peer takes no columns);
#   3. quire serve's resident memory (VmRSS from /proc) every second over a 60-second single-row load.
# The model is a logistic regression on the breast-cancer features, standardised, trained by Quire on
# the same CSV the peer reads.
#
#   ROUNDS=3 DURATION=10s BENCH_DIR=/tmp/quire-serve-bench scripts/bench_serve.sh
#   SMOKE=1 scripts/bench_serve.sh     # 2-second rounds, one of each: checks the script, not the figures
#   QUIRE_BIN=.build/debug/quire SMOKE=1 scripts/bench_serve.sh   # the same without a release build
#
# Needs wrk (apt-get install -y wrk), curl and python3; the peer's venv is made by its setup.sh.
# Run it on a quiet machine: the figures are the machine's as much as the server's.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
export PATH="/opt/swift/usr/bin:$PATH"
rounds="${ROUNDS:-3}"
duration="${DURATION:-10s}"
load_seconds="${LOAD_SECONDS:-60}"
if [ -n "${SMOKE:-}" ]; then rounds=1; duration=2s; load_seconds=3; fi
bench="${BENCH_DIR:-/tmp/quire-serve-bench}"
command -v wrk >/dev/null || { echo "bench_serve: wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }

if [ -n "${QUIRE_BIN:-}" ]; then
  quire="$QUIRE_BIN"   # another build (a debug one, for a smoke check)
else
  quire="$(build_release_quire 2>/dev/null)"
fi

# The peer's folder, copied somewhere writable (its venv and data are made there once).
if [ ! -d "$bench" ]; then cp -r ../shared/bench "$bench" 2>/dev/null || cp -r /work/shared/bench "$bench"; fi
(
  cd "$bench"
  [ -x .venv/bin/python ] || ./setup.sh --locked >/dev/null
  . .venv/bin/activate
  python -c "import fastapi, uvicorn" 2>/dev/null || python -m pip install -q fastapi uvicorn
  [ -f data/real/breast_cancer.csv ] || python gen_data.py --out data --only none >/dev/null
)
py="$bench/.venv/bin/python"
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Quire's model: the same data, standardised logistic regression, exported.
cp "$bench/data/real/breast_cancer.csv" "$work/breast_cancer.csv"
features=$("$py" -c "
import csv
print(', '.join('\"%s\"' % c for c in next(csv.reader(open('$work/breast_cancer.csv'))) if c != 'target'))")
cat > "$work/bc.md" <<NOTEBOOK
# Breast cancer, for bench_serve.sh

\`\`\`step data
load: breast_cancer.csv
\`\`\`

\`\`\`step model
train: {data: data, algorithm: logistic_regression, target: target, features: [$features], preprocess: [standardize], max_iter: 10000}
\`\`\`

\`\`\`step release
export: {model: model, name: bc}
\`\`\`
NOTEBOOK
(cd "$work" && "$quire" run --quiet --no-history --output out bc.md >/dev/null)
model="$work/out/models/bc.json"

# Request bodies: one row, and 1,000 rows (the data's rows repeated), the numbers as the CSV has them.
"$py" - "$work" <<'PY'
import csv, json, sys
work = sys.argv[1]
rows = list(csv.DictReader(open(f"{work}/breast_cancer.csv")))
for r in rows:
    r.pop("target")
def body(n):
    return json.dumps({"rows": [{k: float(v) for k, v in rows[i % len(rows)].items()} for i in range(n)]})
def columns(n):
    return json.dumps({"columns": {k: [float(rows[i % len(rows)][k]) for i in range(n)] for k in rows[0]}})
for name, text in (("one", body(1)), ("batch", body(1000)), ("columns", columns(1000))):
    with open(f"{work}/{name}.json", "w") as f:
        f.write(text)
    with open(f"{work}/{name}.lua", "w") as f:
        f.write('wrk.method="POST"\nwrk.headers["Content-Type"]="application/json"\n')
        f.write('local f = io.open("%s/%s.json"); wrk.body = f:read("*a"); f:close()\n' % (work, name))
PY

# The three servers, up at once on free ports (the machine may run other servers); each is loaded in turn.
read -r p1 p2 p3 < <("$py" -c "
import socket
socks = [socket.socket() for _ in range(3)]
for s in socks: s.bind(('127.0.0.1', 0))
print(*[s.getsockname()[1] for s in socks])")
(cd "$bench" && exec "$py" serve_peer.py --port $p1 --workers 1) >"$work/peer1.log" 2>&1 & pids+=($!)
(cd "$bench" && exec "$py" serve_peer.py --port $p2 --workers 2) >"$work/peer2.log" 2>&1 & pids+=($!)
"$quire" serve "$model" --port $p3 > "$work/serve.out" 2> "$work/serve.err" & quire_pid=$!
pids+=($quire_pid)
for url in http://127.0.0.1:$p1/healthz http://127.0.0.1:$p2/healthz http://127.0.0.1:$p3/readyz; do
  for _ in $(seq 1 750); do curl -fs "$url" >/dev/null && break; sleep 0.2; done
  curl -fs "$url" >/dev/null || { echo "bench_serve: $url did not come up" >&2; tail -n 5 "$work"/*.log "$work/serve.err" >&2; exit 1; }
done
# Every server answers the bodies before anything is timed.
for target in $p1/predict $p2/predict $p3/v1/predict; do
  for name in one batch $([ "$target" = "$p3/v1/predict" ] && echo columns); do
    curl -fs -H 'Content-Type: application/json' --data-binary @"$work/$name.json" "http://127.0.0.1:$target" >/dev/null \
      || { echo "bench_serve: POST $name to $target failed" >&2; exit 1; }
  done
done

measure() {  # label url lua rows-per-request
  local out rps
  out=$(wrk -t2 -c16 -d"$duration" --latency -s "$3" "$2")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  printf '%-34s %10s req/s %12s rows/s  p50 %-9s p90 %-9s p99 %-9s%s\n' "$1" "$rps" \
    "$(awk -v r="$rps" -v n="$4" 'BEGIN {printf "%.0f", r * n}')" \
    "$(awk '$1 == "50%" {print $2}' <<<"$out")" "$(awk '$1 == "90%" {print $2}' <<<"$out")" \
    "$(awk '$1 == "99%" {print $2}' <<<"$out")" \
    "$(grep -q 'Non-2xx' <<<"$out" && echo "  (non-2xx answers!)" || true)"
}

echo "== wrk -t2 -c16 -d$duration, $rounds round(s), interleaved ($(nproc) cores)"
for round in $(seq 1 "$rounds"); do
  for name in one batch; do
    rows=1; [ "$name" = batch ] && rows=1000
    measure "round $round $name: peer, 1 worker" http://127.0.0.1:$p1/predict "$work/$name.lua" $rows
    measure "round $round $name: peer, 2 workers" http://127.0.0.1:$p2/predict "$work/$name.lua" $rows
    measure "round $round $name: quire serve" http://127.0.0.1:$p3/v1/predict "$work/$name.lua" $rows
  done
  measure "round $round batch as columns: quire serve" http://127.0.0.1:$p3/v1/predict "$work/columns.lua" 1000
done

echo "== quire serve's memory over ${load_seconds}s of single-row load (VmRSS, KiB)"
wrk -t2 -c16 -d"${load_seconds}s" -s "$work/one.lua" http://127.0.0.1:$p3/v1/predict >/dev/null & wrk_pid=$!
samples=()
for _ in $(seq 1 "$load_seconds"); do
  samples+=("$(awk '/VmRSS/ {print $2}' "/proc/$quire_pid/status")")
  sleep 1
done
wait "$wrk_pid" || true
printf '%s\n' "${samples[@]}" | awk '
  NR == 1 {first = $1; min = $1; max = $1}
  {last = $1; if ($1 < min) min = $1; if ($1 > max) max = $1}
  END {printf "rss first %d  last %d  min %d  max %d  (samples %d)\n", first, last, min, max, NR}'
