#!/usr/bin/env bash
# Compares Quire's prose HTML with the live cmark-gfm (Debian's `cmark-gfm`, installed with apt-get
# when missing): writes the conformance corpus with cmark-gfm's current output into a temporary
# file (scripts/gfm-corpus.py) and runs the Swift comparison on it (GFMConformanceTests, which
# otherwise reads the committed copy). Needs the tests built (`swift build --build-tests`).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

if ! command -v cmark-gfm >/dev/null; then
  log "installing cmark-gfm (the oracle for GitHub-style prose)"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || fail "cmark-gfm is missing; install it as root: apt-get install -y cmark-gfm"
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y --no-install-recommends cmark-gfm >/dev/null 2>&1 \
    || { $sudo apt-get update >/dev/null && $sudo apt-get install -y --no-install-recommends cmark-gfm >/dev/null; } \
    || fail "could not install cmark-gfm with apt-get"
fi
corpus="$(mktemp)"
trap 'rm -f "$corpus"' EXIT
python3 scripts/gfm-corpus.py --output "$corpus"
QUIRE_GFM_CORPUS="$corpus" swift test --skip-build --filter GFMConformanceTests
# The committed corpus is what cmark-gfm prints today: regenerate it when this differs.
if ! cmp -s "$corpus" Tests/QuireNotebookTests/Golden/gfm-corpus.json; then
  fail "Tests/QuireNotebookTests/Golden/gfm-corpus.json is not what cmark-gfm prints; run python3 scripts/gfm-corpus.py and commit it"
fi
