#!/usr/bin/env bash
# The main job: install what is missing, build Quire (release), and run every example notebook
# in notebooks/ into reports/. Safe to run again; it only installs what is not there.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_system_packages
export_commit
log "building quire (release, the Swift runtime linked in as the container image has it)"
bin="$(build_release_quire)"
log "running notebooks/*.md into reports/"
"$bin" run --reproducible --output reports notebooks/*.md
log "done: open reports/*.html in a browser"
