#!/usr/bin/env bash
# The app benchmark (benches/app/bench.py): builds Tafel, its CLI and the empty Tauri window in
# release, makes the demo database and a 100,000-case one (the demo plus the example sheet's
# columns at 100,000 rows, imported through the CLI; kept in target/bench/app and made again
# when the CLI changed), starts Xvfb and tauri-driver, and times both windows.
# Called by benches/run.sh (`make bench`, or `benches/run.sh app`); needs the Debian packages,
# tauri-driver in .tools/bin and the e2e venv that `make e2e-deps` installs.
#   TAFEL_BENCH_RUNS   launches per window (5)
#   TAFEL_BENCH_CASES  cases of the large database (100000)
#   TAFEL_BENCH_PORT   tauri-driver's port (4444; WebKitWebDriver's is the next one)
#   TAFEL_BENCH_PROFILE=debug  times the debug builds instead (to try the harness; not figures)
#   TAFEL_BENCH_DISPLAY        an X display to use instead of a new Xvfb
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

runs="${TAFEL_BENCH_RUNS:-5}"
cases="${TAFEL_BENCH_CASES:-100000}"
port="${TAFEL_BENCH_PORT:-4444}"
out="$root/target/bench/app"
mkdir -p "$out"

if [ "${TAFEL_BENCH_NO_BUILD:-}" != 1 ]; then
  (cd ui && npm run build >/dev/null)
  cargo build --release -p tafel-desktop -p tafel-cli -p tafel-empty-window 2>&1 | tail -n 2
  cargo build --release -p tafel --example make_example_sheet 2>&1 | tail -n 2
fi
profile="${TAFEL_BENCH_PROFILE:-release}"
# Cargo's target directory (CARGO_TARGET_DIR when set, as cargo itself reads it).
built="${CARGO_TARGET_DIR:-$root/target}/$profile"
app="$built/tafel-desktop"
empty="$built/tafel-empty-window"
cli="$built/tafel"

export TAFEL_DB_KEY="0b5e55ed0b5e55ed0b5e55ed0b5e55ed0b5e55ed0b5e55ed0b5e55ed0b5e55ed"
export TAFEL_KEYCHAIN=off
export TAFEL_AUTHOR="bench"
# As the e2e tests run WebKit here: software rendering, no compositing.
export WEBKIT_DISABLE_COMPOSITING_MODE=1
export LIBGL_ALWAYS_SOFTWARE=1

# A database is made again when the CLI that made it is newer (a schema may have changed).
fresh() { [ -e "$1" ] && [ "$1" -nt "$cli" ]; }
demo="$out/demo.db"
large="$out/cases-$cases.db"
if ! fresh "$demo"; then
  rm -f "$demo" "$demo"-wal "$demo"-shm
  "$cli" --db "$demo" demo >/dev/null
fi
if ! fresh "$large"; then
  rm -f "$large" "$large"-wal "$large"-shm
  echo "making a database of the demo and $cases imported cases ..."
  "$built/examples/make_example_sheet" "$out" "$cases" >/dev/null
  "$cli" --db "$large" demo >/dev/null
  "$cli" --db "$large" import "$out/casussen-$cases.csv" >/dev/null || [ $? = 2 ]
  rm -f "$out/casussen-$cases.csv"
fi

# The automatic backup (20 s after start, then daily) would copy the whole database in the
# middle of the first launch's searches: the benchmark times the window, so it is off here.
for db in "$demo" "$large"; do "$cli" --db "$db" settings set backup.every_hours 0 >/dev/null; done

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT
if [ -z "${TAFEL_BENCH_DISPLAY:-}" ]; then
  display=99
  while [ -e "/tmp/.X${display}-lock" ]; do display=$((display + 1)); done
  Xvfb ":${display}" -screen 0 1400x900x24 -nolisten tcp >"$out/xvfb.log" 2>&1 &
  pids+=($!)
  export DISPLAY=":${display}"
  sleep 1
else
  export DISPLAY="${TAFEL_BENCH_DISPLAY}"
fi
"$root/.tools/bin/tauri-driver" --port "$port" --native-port "$((port + 1))" >"$out/tauri-driver.log" 2>&1 &
pids+=($!)
# tauri-driver listens at once; the WebKitWebDriver it starts (the next port) a moment later.
for listening in "$port" "$((port + 1))"; do
  for _ in $(seq 1 50); do
    (exec 3<>/dev/tcp/127.0.0.1/"$listening") 2>/dev/null && break
    sleep 0.2
  done
done

"$root/tests/e2e/.venv/bin/python" "$root/benches/app/bench.py" --driver "http://127.0.0.1:$port" \
  --app "$app" --empty "$empty" --runs "$runs" --db "the demo=$demo" \
  --db "$(echo "$cases" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta') cases=$large"
