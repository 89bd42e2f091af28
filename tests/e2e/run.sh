#!/usr/bin/env bash
# Runs the end-to-end tests: Xvfb + tauri-driver (+ WebKitWebDriver) + selenium/pytest.
# Expects the debug app built (target/debug/tafel-desktop), tauri-driver in .tools/bin
# and the Python venv in tests/e2e/.venv (the Makefile's `test` target provides all three).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

# TAFEL_APP: another build of the app (e.g. target/release/tafel-desktop) instead of the debug one.
export TAFEL_APP="${TAFEL_APP:-$root/target/debug/tafel-desktop}"
export TAFEL_DB_KEY="5a1e2e00c0ffee00aa55aa55aa55aa55aa55aa55aa55aa55aa55aa55aa55aa55"
export TAFEL_KEYCHAIN=off
export TAFEL_AUTHOR="e2e"
export TAFEL_SCREENSHOTS="$root/target/e2e-screenshots"
# WebKit in a container without GPU: software rendering, no sandbox helpers.
export WEBKIT_DISABLE_COMPOSITING_MODE=1
export LIBGL_ALWAYS_SOFTWARE=1

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

if [ -z "${DISPLAY:-}" ]; then
  display=99
  while [ -e "/tmp/.X${display}-lock" ]; do display=$((display + 1)); done
  Xvfb ":${display}" -screen 0 1400x900x24 -nolisten tcp >/tmp/tafel-xvfb.log 2>&1 &
  pids+=($!)
  export DISPLAY=":${display}"
  sleep 1
fi

# TAFEL_E2E_PORT lets two runs share a machine (each its own tauri-driver and WebKitWebDriver).
port="${TAFEL_E2E_PORT:-4444}"
export TAURI_DRIVER_URL="http://127.0.0.1:${port}"
"$root/.tools/bin/tauri-driver" --port "$port" --native-port "$((port + 1))" >"/tmp/tafel-tauri-driver-${port}.log" 2>&1 &
pids+=($!)
# tauri-driver listens at once; the WebKitWebDriver it starts (the next port) a moment later.
for listening in "$port" "$((port + 1))"; do
  for _ in $(seq 1 50); do
    (exec 3<>/dev/tcp/127.0.0.1/"$listening") 2>/dev/null && break
    sleep 0.2
  done
done

"$root/tests/e2e/.venv/bin/python" -m pytest -v -p no:cacheprovider "$root/tests/e2e" "$@"
