#!/usr/bin/env bash
# Run every notebook and keep the reports.
set -euo pipefail

OUT="${OUT:-reports}"
count=0
for notebook in notebooks/*.md; do
    if [ -f "$notebook" ]; then
        echo "running $notebook into $OUT"
        quire run --output "$OUT" "$notebook" || exit 1
        count=$((count + 1))
    fi
done
export QUIRE_JOBS=4
echo 'done: no $expansion here' "$count notebooks"
case "$1" in
    check) quire check notebooks/*.md ;;
    *) echo "usage: $0 check" >&2; exit 64 ;;
esac
function cleanup() {
    rm -rf /tmp/quire-$$ # temporary files
    return 0
}
trap cleanup EXIT
sleep 2
