#!/usr/bin/env bash
# Runs every benchmark in release and prints one table of their figures (benches/table.py);
# with --readme the README's performance section is rewritten from this run.
# `make bench` installs what the comparisons need (Debian's chromium; tauri-driver and the e2e
# venv for the app benchmark) and calls this. `app` is the real window under Xvfb against an
# empty Tauri window (benches/app); the others are `cargo bench` targets.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

readme=()
benches=(case_log import matching pdf sync hub dossier app)
for arg in "$@"; do
  case "$arg" in
    --readme) readme=(--readme README.md) ;;
    *) benches=("$arg") ;;
  esac
done

out="$root/target/bench"
mkdir -p "$out"
results="$out/results.jsonl"
: >"$results"
export TAFEL_BENCH_RESULTS="$results"

load() { cut -d' ' -f1 /proc/loadavg; }

cargo bench --no-run 2>&1 | tail -n 3
if [[ " ${benches[*]} " == *" app "* ]]; then
  (cd ui && npm run build >/dev/null)
  cargo build --release -p tafel-desktop -p tafel-cli -p tafel-empty-window 2>&1 | tail -n 2
  cargo build --release -p tafel --example make_example_sheet 2>&1 | tail -n 2
fi
# Figures taken right after a build are not a quiet machine's: wait (up to two minutes) until
# the one-minute load average has come down.
for _ in $(seq 1 24); do
  awk -v l="$(load)" 'BEGIN { exit !(l < 0.5) }' && break
  sleep 5
done
load_before=$(load)

for bench in "${benches[@]}"; do
  if [ "$bench" = app ]; then
    echo "== benches/app/run.sh"
    TAFEL_BENCH_NO_BUILD=1 benches/app/run.sh
  elif [ "$bench" = hub ]; then
    # The hub's benchmark needs a PostgreSQL server: a throw-away one, as the tests use.
    echo "== cargo bench --bench hub"
    tests/pg/with-postgres.sh cargo bench --quiet --bench hub
  else
    echo "== cargo bench --bench $bench"
    cargo bench --quiet --bench "$bench"
  fi
done

load_after=$(load)
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
memory=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
os=$(. /etc/os-release 2>/dev/null && echo "${PRETTY_NAME:-Linux}")
python3 - "$out/machine.json" <<EOF
import json, sys
json.dump({"date": "$(date -u +%Y-%m-%d)", "cores": $(nproc), "cpu": """$cpu""".strip() or "unknown CPU",
           "memory": "$memory", "os": """$os""".strip(), "load_before": $load_before, "load_after": $load_after},
          open(sys.argv[1], "w"))
EOF
echo
python3 benches/table.py "$results" "$out/machine.json" "${readme[@]}"
