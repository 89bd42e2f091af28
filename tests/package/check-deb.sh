#!/usr/bin/env bash
# Checks a built Tafel .deb as an installation would use it: unpacks it with `dpkg -x` (no
# root, nothing installed on this machine), then
#   - the package names itself and depends on WebKitGTK,
#   - the app, the CLI, the desktop entry and the icons are where a desktop looks for them,
#   - the unpacked CLI runs (version, and a new encrypted database),
#   - the unpacked app starts under Xvfb on a demo database and its window "Tafel" appears.
# Usage: tests/package/check-deb.sh path/to/Tafel_<version>_amd64.deb
# Prints "N passed, 0 failed" at the end; exits non-zero on the first failure.
set -euo pipefail
deb=$(realpath "$1")
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

passed=0
ok() { echo "ok   $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1" >&2; echo "$passed passed, 1 failed"; exit 1; }

# --- the package ------------------------------------------------------------------------
[ "$(dpkg-deb -f "$deb" Package)" = tafel ] || fail "package name is $(dpkg-deb -f "$deb" Package), not tafel"
dpkg-deb -f "$deb" Depends | grep -q libwebkit2gtk-4.1 || fail "does not depend on libwebkit2gtk-4.1: $(dpkg-deb -f "$deb" Depends)"
ok "package tafel $(dpkg-deb -f "$deb" Version), depends on WebKitGTK"

root="$work/root"
dpkg -x "$deb" "$root"
[ -x "$root/usr/bin/tafel-desktop" ] || fail "no /usr/bin/tafel-desktop in the package"
[ -x "$root/usr/bin/tafel" ] || fail "no /usr/bin/tafel (the CLI) in the package"
ok "app and CLI in /usr/bin"

desktop=$(find "$root/usr/share/applications" -name '*.desktop' | head -n 1)
[ -n "$desktop" ] || fail "no desktop entry in /usr/share/applications"
grep -qx 'Name=Tafel' "$desktop" || fail "desktop entry does not name Tafel: $(cat "$desktop")"
grep -q '^Exec=tafel-desktop' "$desktop" || fail "desktop entry does not start tafel-desktop: $(grep ^Exec "$desktop")"
icon=$(sed -n 's/^Icon=//p' "$desktop")
[ -n "$icon" ] || fail "desktop entry has no Icon="
grep -q '^Categories=.*Finance' "$desktop" || fail "desktop entry is not in Finance: $(grep ^Categories "$desktop")"
ok "desktop entry $(basename "$desktop"): Name=Tafel, Exec, Icon=$icon, Finance"

sizes=()
for png in "$root"/usr/share/icons/hicolor/*/apps/"$icon".png; do
  [ -e "$png" ] || fail "no icon $icon.png under /usr/share/icons/hicolor"
  file "$png" | grep -q 'PNG image data' || fail "$png is not a PNG"
  sizes+=("$(basename "$(dirname "$(dirname "$png")")")")
done
printf '%s\n' "${sizes[@]}" | grep -qx '128x128' || fail "no 128x128 icon (has ${sizes[*]})"
ok "icons ${sizes[*]}"

# --- the CLI ----------------------------------------------------------------------------
export TAFEL_KEYCHAIN=off TAFEL_AUTHOR=pakkettest
"$root/usr/bin/tafel" --version | grep -q '^tafel ' || fail "tafel --version printed $("$root/usr/bin/tafel" --version)"
"$root/usr/bin/tafel" --db "$work/cli.db" init >"$work/init.txt" 2>&1 || fail "tafel init failed: $(cat "$work/init.txt")"
[ -s "$work/cli.db" ] || fail "tafel init made no database"
"$root/usr/bin/tafel" --db "$work/cli.db" case list >/dev/null || fail "tafel case list failed on the new database"
ok "the CLI runs: $("$root/usr/bin/tafel" --version), init and case list on a new database"

# --- the app under Xvfb -----------------------------------------------------------------
if [ -z "${DISPLAY:-}" ]; then
  display=120
  while [ -e "/tmp/.X${display}-lock" ]; do display=$((display + 1)); done
  Xvfb ":${display}" -screen 0 1400x900x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
  pids+=($!)
  export DISPLAY=":${display}"
  sleep 1
fi
export WEBKIT_DISABLE_COMPOSITING_MODE=1 LIBGL_ALWAYS_SOFTWARE=1
"$root/usr/bin/tafel-desktop" --db "$work/app.db" --demo >"$work/app.log" 2>&1 &
app=$!
pids+=("$app")
window=""
for _ in $(seq 1 120); do
  kill -0 "$app" 2>/dev/null || fail "the installed app exited: $(cat "$work/app.log")"
  window=$(xdotool search --onlyvisible --pid "$app" --name '^Tafel$' 2>/dev/null | head -n 1 || true)
  [ -n "$window" ] && break
  sleep 0.5
done
[ -n "$window" ] || fail "no window named Tafel from the installed app within 60 s: $(cat "$work/app.log")"
[ "$(readlink -f "/proc/$app/exe")" = "$(readlink -f "$root/usr/bin/tafel-desktop")" ] || fail "the window is not the unpacked app's"
geometry=$(xwininfo -id "$window" | awk '/Width:/ { w = $2 } /Height:/ { h = $2 } END { print w "x" h }')
[ "${geometry%x*}" -ge 900 ] || fail "the window is $geometry, narrower than its minimum 900"
ok "the installed app opened its window Tafel ($geometry) on a demo database"
# The window appears before the database is opened (the page starts while the store opens and
# the demo is written), so the file may come a moment after the window.
for _ in $(seq 1 60); do
  [ -s "$work/app.db" ] && break
  kill -0 "$app" 2>/dev/null || fail "the installed app exited before writing its database: $(cat "$work/app.log")"
  sleep 0.5
done
[ -s "$work/app.db" ] || fail "the app made no database within 30 s of its window: $(cat "$work/app.log")"
if head -c 16 "$work/app.db" | grep -q 'SQLite format 3'; then
  fail "the app's database is plaintext SQLite"
fi
ok "the app wrote its encrypted database"
if [ -n "${TAFEL_SCREENSHOTS:-}" ]; then
  mkdir -p "$TAFEL_SCREENSHOTS"
  sleep 2
  import -window root "$TAFEL_SCREENSHOTS/installed-deb.png"
fi

echo "$passed passed, 0 failed"
