#!/usr/bin/env bash
# Benchmark of `quire check` on a generated 5,000-step notebook (about 1 MB), release build,
# side by side with cmark's own command-line tool (parse + HTML render) on the same file.
# Needs hyperfine and cmark (apt-get install -y hyperfine cmark). Results go to stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_system_packages
command -v hyperfine >/dev/null && command -v cmark >/dev/null \
  || fail "install the benchmark tools: apt-get install -y hyperfine cmark"

steps="${STEPS:-5000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 scripts/make_big_notebook.py "$steps" "$work/big.md"
quire="$(build_release_quire 2>/dev/null)"
"$quire" check --quiet "$work/big.md"

printf 'notebook: %s steps, %s bytes\n' "$steps" "$(wc -c <"$work/big.md")"
hyperfine --warmup 3 --runs "${RUNS:-20}" -N \
  "cmark $work/big.md" \
  "$quire check --quiet $work/big.md" \
  "$quire run --quiet -o $work/out $work/big.md"

for cmd in "cmark $work/big.md" "$quire check --quiet $work/big.md" "$quire run --quiet -o $work/out $work/big.md"; do
  rss=$( { /usr/bin/time -f '%M' $cmd >/dev/null; } 2>&1 | tail -1)
  printf 'peak RSS %8s KiB  %s\n' "$rss" "${cmd/$work\//}"
done
