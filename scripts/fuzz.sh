#!/usr/bin/env bash
# Long fuzzing runs with libFuzzer: builds scripts/fuzz-harness with coverage instrumentation in
# its own scratch directory and runs each target for SECONDS (default 60), from the seed corpus
# the in-test fuzzers use. Crashes land in .build/fuzz/crashes/TARGET/; replay one with
#   swift run fuzz-harness TARGET FILE
# Usage: scripts/fuzz.sh [SECONDS] [TARGET…]   (targets: notebook yaml expression csv mermaid)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(notebook yaml expression csv mermaid)

scratch=.build/fuzz
swift build -c release --scratch-path "$scratch" --product fuzz-harness \
    -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library -Xswiftc -DFUZZING
binary="$scratch/release/fuzz-harness"

seed_dir() {
    local target="$1" dir="$scratch/corpus/$1"
    mkdir -p "$dir"
    case "$target" in
        notebook) cp notebooks/*.md Tests/QuireNotebookTests/Golden/diagnostics/*.md "$dir"/ 2>/dev/null || true ;;
        yaml) for f in Tests/QuireNotebookTests/Golden/diagnostics/*.md; do
                  sed -n '/^```step/,/^```$/p' "$f" | grep -v '^```' > "$dir/$(basename "$f" .md).yaml" || true
              done ;;
        expression) printf '%s' 'x > 1 and not is_missing(city)' > "$dir/a"
                    printf '%s' 'if(x > 0, log(x), -x) % 3 <= round(x, 2)' > "$dir/b"
                    printf '%s' 'city in ["Paris", "Oslo"] or x == -1' > "$dir/c" ;;
        csv) cp Tests/QuireEngineTests/Fixtures/csv/*.csv "$dir"/ 2>/dev/null || true ;;
        mermaid) cp Tests/QuireMermaidTests/Corpus/*.mmd "$dir"/ ;;
    esac
    echo "$dir"
}

for target in "${targets[@]}"; do
    corpus=$(seed_dir "$target")
    crashes="$scratch/crashes/$target"
    mkdir -p "$crashes"
    echo "== $target: ${seconds}s"
    QUIRE_FUZZ_TARGET="$target" "$binary" "$corpus" -max_total_time="$seconds" -max_len=8192 -timeout=10 \
        -rss_limit_mb=4096 -artifact_prefix="$crashes/" -print_final_stats=1 2>&1 \
        | grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE)|==[0-9]+==|invariant broken|Fatal error|ERROR' || true
    echo "   crashes saved: $(find "$crashes" -type f | wc -l)"
done
