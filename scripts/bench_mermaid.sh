#!/usr/bin/env bash
# Mermaid rendering benchmark: Quire's native renderer (release build) against the real mermaid
# in headless Chromium (../shared/tools/mermaid-oracle), on generated diagrams.
#
#   scripts/bench_mermaid.sh          # DEV=the project root by default (the package holds mermaid-harness)
#
# Quire: median of 20 renders (parse + layout + SVG) in-process, for 50/100/200/500/1000-node
# flowcharts and a 100-node mindmap. Mermaid: the oracle's per-diagram render time (parse +
# render in the page, browser start-up excluded) for the 200-node flowchart and 100-node mindmap.
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
"$ORACLE" --json "$OUT/flowchart-200.mmd" "$OUT/mindmap-100.mmd" "$OUT/flowchart-200.mmd" "$OUT/mindmap-100.mmd" \
  > "$OUT/oracle.jsonl" 2> "$OUT/oracle.log" || true
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
    if row.get("ok"):
        mermaid.setdefault(row["name"], []).append(row["seconds"] * 1000)
for name in ("flowchart-200", "mindmap-100"):
    times = sorted(mermaid.get(name, []))
    if not times:
        print(f"{name}: mermaid failed, see {out}/oracle.log"); continue
    best = times[0]
    print(f"{name}: mermaid {best:.0f} ms, Quire {quire[name]:.2f} ms, ratio {best / quire[name]:.0f}x")
f = {int(k.split('-')[1]): v for k, v in quire.items() if k.startswith("flowchart-")}
print("growth 50->1000 nodes: x%.1f time for x20 nodes" % (f[1000] / f[50]))
PY
