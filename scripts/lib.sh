# Shared by the scripts in this folder.

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
fail() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Debian packages Quire needs to build: cmark's, libcrypto's and SQLite's C libraries and headers,
# and libcurl's, which the release build's static FoundationNetworking (`quire push`) links against.
ensure_system_packages() {
  if pkg-config --exists libcmark libcrypto sqlite3 libcurl 2>/dev/null; then return 0; fi
  log "installing libcmark-dev, libssl-dev, libsqlite3-dev and libcurl4-openssl-dev"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || fail "libcmark-dev, libssl-dev, libsqlite3-dev or libcurl4-openssl-dev is missing; install them as root: apt-get install -y libcmark-dev libssl-dev libsqlite3-dev libcurl4-openssl-dev"
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y --no-install-recommends libcmark-dev libssl-dev libsqlite3-dev libcurl4-openssl-dev pkg-config >/dev/null 2>&1 \
    || { $sudo apt-get update >/dev/null && $sudo apt-get install -y --no-install-recommends libcmark-dev libssl-dev libsqlite3-dev libcurl4-openssl-dev pkg-config >/dev/null; } \
    || fail "could not install libcmark-dev, libssl-dev, libsqlite3-dev and libcurl4-openssl-dev with apt-get"
  pkg-config --exists libcmark libcrypto sqlite3 libcurl || fail "libcmark-dev, libssl-dev, libsqlite3-dev and libcurl4-openssl-dev installed but pkg-config cannot find libcmark, libcrypto, sqlite3 or libcurl"
}

# Builds quire for release as the container image does (deploy/Dockerfile): the Swift runtime and
# Foundation linked into the binary, which starts a process in about 12 ms instead of 20. The
# build's output goes to stderr; prints the binary's path.
build_release_quire() {
  ensure_system_packages
  swift build -c release --product quire --static-swift-stdlib >&2
  echo "$(swift build -c release --show-bin-path)/quire"
}

# Test tools: headless Chromium, its driver, Selenium and the report's first font (browser tests);
# promtool and a Pushgateway (metrics tests); curl (docs/serving.md's examples, run by ServeCLITests).
ensure_test_packages() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && /usr/bin/python3 -c "import selenium" 2>/dev/null \
    && [ -d /usr/share/fonts/truetype/liberation ] && [ -x /usr/bin/promtool ] && [ -x /usr/bin/prometheus-pushgateway ] \
    && /usr/bin/python3 -c "import jsonschema" 2>/dev/null && [ -x /usr/bin/curl ]; then
    return 0
  fi
  log "installing chromium, chromium-driver, python3-selenium, fonts-liberation, prometheus, prometheus-pushgateway, python3-jsonschema, curl"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || fail "the tests need chromium chromium-driver python3-selenium fonts-liberation prometheus prometheus-pushgateway python3-jsonschema curl; install them as root"
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  local packages=(chromium chromium-driver python3-selenium fonts-liberation prometheus prometheus-pushgateway python3-jsonschema curl)
  $sudo apt-get install -y --no-install-recommends "${packages[@]}" >/dev/null 2>&1 \
    || { $sudo apt-get update >/dev/null && $sudo apt-get install -y --no-install-recommends "${packages[@]}" >/dev/null; } \
    || fail "could not install the test packages with apt-get"
}

# The Dask adapter's test needs dask.distributed from PyPI, in a virtual environment of its own
# (.build/dask-venv, out of git), at the version integrations/dask/requirements.txt pins.
ensure_dask_venv() {
  local venv=.build/dask-venv
  if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "import distributed" 2>/dev/null \
    && cmp -s integrations/dask/requirements.txt "$venv/requirements.txt"; then
    return 0
  fi
  log "installing dask.distributed from PyPI into $venv"
  rm -rf "$venv"
  if ! python3 -m venv "$venv" >/dev/null 2>&1; then
    # Debian's python3 makes virtual environments only with python3-venv.
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get install -y --no-install-recommends python3-venv >/dev/null 2>&1 || true
    rm -rf "$venv"
    python3 -m venv "$venv" || fail "python3 -m venv failed (apt-get install -y python3-venv)"
  fi
  "$venv/bin/pip" install --quiet -r integrations/dask/requirements.txt || fail "pip could not install dask.distributed"
  cp integrations/dask/requirements.txt "$venv/requirements.txt"
}

command -v swift >/dev/null || fail "swift is not on PATH (Swift 6 toolchain needed, e.g. /opt/swift/usr/bin)"

# The commit `quire --version` names (Package.swift reads QUIRE_COMMIT): 12 hex digits of HEAD,
# with `-dirty` when tracked files differ from it; nothing outside a git checkout.
export_commit() {
  local commit
  commit="$(git rev-parse --short=12 HEAD 2>/dev/null)" || return 0
  git diff --quiet HEAD -- 2>/dev/null || commit="$commit-dirty"
  export QUIRE_COMMIT="$commit"
}
