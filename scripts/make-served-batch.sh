#!/usr/bin/env bash
# Makes notebooks/data/served-batch.csv, the request log that notebooks/serving-monitor.md loads:
# exports the churn baseline from notebooks/churn-model.md, serves it with `quire serve
# --log-requests`, posts 600 customers of notebooks/data/churn.csv in batches of 50 — shifted as a
# new market would be: monthly charges up 30%, tenure halved, month-to-month contracts more common
# — stops the server (SIGTERM: the log file is finished and renamed to .csv) and copies the file in.
#
#   scripts/make-served-batch.sh            (QUIRE_BIN=path/to/quire to use another build)
#
# The rows posted are the same every time; the `time` and `latency_ms` columns are the run's own.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
if [ -n "${QUIRE_BIN:-}" ]; then
  quire="$QUIRE_BIN"
else
  swift build --product quire >/dev/null 2>&1
  quire="$(swift build --show-bin-path)/quire"
fi
work="$(mktemp -d)"
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$quire" run --quiet --no-history --output "$work/out" notebooks/churn-model.md >/dev/null
"$quire" serve "$work/out/models/churn-baseline.json" --port 0 --log-requests "$work/logs" > "$work/serve.out" &
server=$!
for _ in $(seq 1 100); do grep -q "^listening on " "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
address=$(sed -n 's/^listening on //p' "$work/serve.out")
[ -n "$address" ] || { echo "make-served-batch: the server did not start" >&2; exit 1; }

python3 - "$address" <<'PY'
import csv, json, sys, urllib.request

address = sys.argv[1]
rows = list(csv.DictReader(open("notebooks/data/churn.csv")))
def number(text):
    return None if text == "" else float(text)
shifted = []
for i, row in enumerate(rows[:600]):
    charges = number(row["monthly_charges"])
    contract = row["contract"]
    if contract != "month-to-month" and i % 3 == 0:
        contract = "month-to-month"
    shifted.append({
        "tenure": float(int(number(row["tenure"]) // 2)),
        "monthly_charges": None if charges is None else round(charges * 1.3, 2),
        "contract": contract,
        "payment_method": row["payment_method"],
        "support_calls": number(row["support_calls"]),
        "senior": number(row["senior"]),
    })
for start in range(0, len(shifted), 50):
    body = json.dumps({"rows": shifted[start:start + 50]}).encode()
    request = urllib.request.Request(f"{address}/v1/predict", data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        assert response.status == 200, response.status
PY

kill -TERM "$server"
wait "$server"
server=""
files=("$work"/logs/requests-*.csv)
[ "${#files[@]}" -eq 1 ] && [ -f "${files[0]}" ] || { echo "make-served-batch: expected one finished log file" >&2; exit 1; }
cp "${files[0]}" notebooks/data/served-batch.csv
echo "notebooks/data/served-batch.csv: $(($(wc -l < notebooks/data/served-batch.csv) - 1)) rows from ${files[0]##*/}"
