#!/usr/bin/env bash
# Checks Quire's mermaid renderer against the real mermaid over the corpus.
#
#   scripts/mermaid_compare.sh            # verdicts + label agreement + side-by-side PNGs
#   NO_PNG=1 scripts/mermaid_compare.sh   # verdicts and labels only (faster)
#
# Runs ../shared/tools/mermaid-oracle (real mermaid.js in headless Chromium, offline) and the
# mermaid-harness executable (QuireMermaid) over Tests/QuireMermaidTests/Corpus/*.mmd, then
# writes Corpus/verdicts.json: per file, mermaid's verdict and message and its node labels, so
# the Swift tests can check agreement without a browser. PNGs (mermaid left, Quire right) go to
# $OUT (default /tmp/quire-mermaid-compare). Build the harness first in the dev package
# (DEV=the project root by default) or set HARNESS to its path.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CORPUS=$ROOT/Tests/QuireMermaidTests/Corpus
ORACLE=${ORACLE:-$ROOT/../shared/tools/mermaid-oracle}
DEV=${DEV:-$(cd "$(dirname "$0")/.." && pwd)}
HARNESS=${HARNESS:-$DEV/.build/debug/mermaid-harness}
OUT=${OUT:-/tmp/quire-mermaid-compare}

[ -x "$HARNESS" ] || (cd "$DEV" && swift build --product mermaid-harness >&2)
rm -rf "$OUT" && mkdir -p "$OUT/quire"
"$HARNESS" render "$OUT/quire" "$CORPUS"/*.mmd > "$OUT/quire.jsonl"
PNG_ARGS=(-o "$OUT/png")
[ -n "${NO_PNG:-}" ] && PNG_ARGS=()
"$ORACLE" --json --model --native "$OUT/quire" "${PNG_ARGS[@]}" "$CORPUS"/*.mmd > "$OUT/oracle.jsonl" 2> "$OUT/oracle.log" || true

python3 - "$OUT" "$CORPUS" <<'PY'
import json, sys, os
out, corpus = sys.argv[1], sys.argv[2]
quire = {}
for line in open(os.path.join(out, "quire.jsonl")):
    row = json.loads(line); quire[row["name"]] = row
verdicts = {}
rows = []
for line in open(os.path.join(out, "oracle.jsonl")):
    row = json.loads(line)
    name = row["name"]
    labels = [l for l in (row.get("labels") or [])]
    verdicts[name] = {
        "mermaid": "ok" if row["ok"] else "error",
        "message": (row.get("error") or "").splitlines()[0:4],
        "type": row.get("type"),
        "labels": labels,
    }
    q = quire.get(name, {})
    qv = "ok" if q.get("ok") else "error"
    native = row.get("native") or {}
    missing = native.get("missing") or []
    rows.append((name, verdicts[name]["mermaid"], qv, missing, q.get("warnings") or []))
with open(os.path.join(corpus, "verdicts.json"), "w") as f:
    json.dump(dict(sorted(verdicts.items())), f, indent=1, ensure_ascii=False, sort_keys=True)
    f.write("\n")
agree = sum(1 for r in rows if r[1] == r[2])
ok_both = [r for r in rows if r[1] == "ok" and r[2] == "ok"]
label_ok = sum(1 for r in ok_both if not r[3])
print(f"{'file':45} mermaid quire  labels")
for name, m, q, missing, warnings in rows:
    flag = "" if m == q else "  <-- differs" + (" (warned)" if warnings else "")
    lab = "-" if not (m == "ok" and q == "ok") else ("all" if not missing else "missing: " + " | ".join(missing))
    print(f"{name:45} {m:7} {q:6} {lab}{flag}")
accepted = sum(1 for r in rows if r[1] == "ok")
print(f"\n{len(rows)} diagrams: mermaid accepts {accepted}, rejects {len(rows)-accepted}; "
      f"verdicts agree on {agree}/{len(rows)}; node labels all present in {label_ok}/{len(ok_both)} drawn by both")
PY
