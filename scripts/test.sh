#!/usr/bin/env bash
# Runs every test: the lint (swift-format, strict: no force unwraps or force try, documented
# public declarations) and the architecture check, the Swift test suites (unit, golden,
# end-to-end CLI), then checks that the committed reports/ are what the current code renders from
# notebooks/, and opens them in Chromium.
# `scripts/test.sh --quick` runs the lint, the architecture check and the Swift suites not tagged
# slow, nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

quick=false
[ "${1:-}" = "--quick" ] && quick=true

ensure_system_packages
export_commit
log "swift format lint --strict"
bash scripts/format.sh --check
log "imports, Package.swift and docs/architecture.md agree"
python3 scripts/check-architecture.py

if $quick; then
  # Swift 6.3's `swift test` cannot skip by tag yet (`--skip tag:slow` arrives later), so the
  # suites tagged `.slow` are found in the sources and skipped by name.
  slow="$(perl -0777 -ne 'while (/\.tags\(\.slow\)\)\s*struct (\w+)/g) { print "$1\n" }' Tests/*/*.swift | sort -u | paste -sd'|')"
  log "swift test (quick: skipping the suites tagged slow: ${slow//|/, })"
  swift build --build-tests
  swift test --skip-build --parallel --skip "\.($slow)/"
  exit 0
fi
ensure_test_packages
log "swift test"
swift build --build-tests
swift test --skip-build --parallel
log "prose against the live cmark-gfm (tables, strikethrough, autolinks, task lists)"
bash scripts/gfm-live.sh

log "reports/ is up to date"
bin="$(swift build --show-bin-path)/quire"
fresh="$(mktemp -d)"
trap 'rm -rf "$fresh"' EXIT
"$bin" run --quiet --reproducible --output "$fresh" notebooks/*.md
# The JSON summaries are compared too: they are the lock --frozen checks (the .prom is not committed).
if ! diff -r -x "*.prom" "$fresh" reports >/dev/null; then
  diff -r "$fresh" reports | head -40 || true
  fail "reports/ differs from what notebooks/ render to; run ./scripts/run.sh and commit reports/"
fi
log "reports in a real browser (headless Chromium): examples and a hostile notebook"
project="$fresh/browser"
mkdir -p "$project"
cp Tests/Browser/hostile.md Tests/Browser/hostile.csv Tests/Browser/dot.png Tests/Browser/raw-html.md \
  Tests/Browser/charts.md Tests/Browser/prose-gfm.md "$project/"
touch "$project/quire.yaml"
# The hostile notebook has a failing step on purpose (exit 1); anything else is a failure.
set +e
"$bin" run --quiet --no-cache --output "$project/out" "$project/hostile.md" "$project/charts.md" \
  "$project/prose-gfm.md" notebooks/*.md 2>/dev/null
status=$?
set -e
[ "$status" -le 1 ] || fail "quire run on the browser corpus exited $status"
# Raw HTML kept by --allow-raw-html passes the sanitizer: nothing may navigate, run or load.
"$bin" run --quiet --no-cache --allow-raw-html --output "$project/out" "$project/raw-html.md" 2>/dev/null ||
  fail "quire run --allow-raw-html on raw-html.md failed"
/usr/bin/python3 Tests/Browser/browser_test.py "${SCREENSHOTS:-$fresh/screenshots}" "$project"/out/*.html
log "Dask: the example notebooks through a real scheduler and two workers (integrations/dask)"
ensure_dask_venv
.build/dask-venv/bin/python integrations/dask/test_quire_dask.py "$bin" .
log "all tests passed"
