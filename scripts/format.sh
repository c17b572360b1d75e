#!/usr/bin/env bash
# Formats the Swift sources in place with swift-format (.swift-format), then lints them.
# `scripts/format.sh --check` only lints and fails on findings.
set -euo pipefail
cd "$(dirname "$0")/.."
paths=(Package.swift Sources Tests)
if [ "${1:-}" != "--check" ]; then
  swift format format --in-place --recursive --parallel "${paths[@]}"
fi
swift format lint --strict --recursive --parallel "${paths[@]}"
