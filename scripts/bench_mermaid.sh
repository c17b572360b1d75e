#!/usr/bin/env bash
# Mermaid rendering benchmark: Quire's native renderer (release build) against the real mermaid
# in headless Chromium (../shared/tools/mermaid-oracle), on generated diagrams.
#
#   scripts/bench_mermaid.sh          # DEV=the project root by default (the package holds mermaid-harness)
#
# Quire: median of 20 renders (parse + layout + SVG) in-process, for 50/100/200/500/1000-node
# flowcharts and a 100-node mindmap. Mermaid: the oracle's per-diagram render time (parse +
# render in the page, browser start-up excluded) for the 200-node flowchart and 100-node mindmap,
# each rendered RENDERS times in one page; the ratio compares the medians of the warm renders.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DEV=${DEV:-$(cd "$(dirname "$0")/.." && pwd)}
ORACLE=${ORACLE:-$ROOT/../shared/tools/mermaid-oracle}
OUT=${OUT:-/tmp/quire-mermaid-bench}
mkdir -p "$OUT"
(cd "$DEV" && swift build -c release --product mermaid-harness >&2)
HARNESS=$DEV/.build/release/mermaid-harness

echo "## Quire (release, in-process, median of 20)"
"$HARNESS" bench | tee "$OUT/quire.tsv"

"$HARNESS" source flowchart 200 > "$OUT/flowchart-200.mmd"
"$HARNESS" source mindmap 100 > "$OUT/mindmap-100.mmd"
echo "## mermaid.js in headless Chromium (oracle, per diagram, start-up excluded)"
# Each diagram RENDERS times (default 6) in one page, so that mermaid's later renders run warm, as
# Quire's median of 20 in one process does; the first render of each is left out.
renders=()
for _ in $(seq "${RENDERS:-6}"); do renders+=("$OUT/flowchart-200.mmd" "$OUT/mindmap-100.mmd"); done
"$ORACLE" --json "${renders[@]}" > "$OUT/oracle.jsonl" 2> "$OUT/oracle.log" || true
python3 - "$OUT" <<'PY'
import json, sys, os
out = sys.argv[1]
quire = {}
for line in open(os.path.join(out, "quire.tsv")):
    name, median, _ = line.split("\t")
    quire[name] = float(median.split("=")[1])
mermaid = {}
for line in open(os.path.join(out, "oracle.jsonl")):
    row = json.loads(line)
    # The oracle names a file's second and later renders NAME-2, NAME-3, …
    name = next((n for n in ("flowchart-200", "mindmap-100") if row.get("name", "").startswith(n)), None)
    if row.get("ok") and name:
        mermaid.setdefault(name, []).append(row["seconds"] * 1000)
for name in ("flowchart-200", "mindmap-100"):
    times = mermaid.get(name, [])
    if len(times) < 2:
        print(f"{name}: mermaid failed, see {out}/oracle.log"); continue
    warm = sorted(times[1:])
    median = warm[len(warm) // 2] if len(warm) % 2 else (warm[len(warm) // 2 - 1] + warm[len(warm) // 2]) / 2
    print(f"{name}: mermaid first render {times[0]:.0f} ms, later renders median {median:.0f} ms (best {warm[0]:.0f});"
          f" Quire median {quire[name]:.2f} ms; ratio (medians, warm) {median / quire[name]:.0f}x")
f = {int(k.split('-')[1]): v for k, v in quire.items() if k.startswith("flowchart-")}
print("growth 50->1000 nodes: x%.1f time for x20 nodes" % (f[1000] / f[50]))
PY
