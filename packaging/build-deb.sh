#!/usr/bin/env bash
# Builds Tafel's .deb with Tauri's bundler (the npm @tauri-apps/cli in ui/, no cargo install):
# the app (/usr/bin/tafel-desktop), its icon in every size of src-tauri/icons, a desktop entry
# (Tafel, Office;Finance, the .tafel file association), and the CLI as /usr/bin/tafel.
#   packaging/build-deb.sh            release build → target/release/bundle/deb/Tafel_<version>_amd64.deb
#   packaging/build-deb.sh --debug    the debug build (what `make test` bundles and checks: quick)
# Expects ui/node_modules and ui/dist (`make ui`); prints the .deb's path last.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

profile=release
cargo_flags=(--release)
tauri_flags=()
if [ "${1:-}" = "--debug" ]; then
  profile=debug
  cargo_flags=()
  tauri_flags=(--debug)
fi

cargo build "${cargo_flags[@]}" -p tafel-cli
cli="$root/target/$profile/tafel"
# The CLI goes in beside the app; the path is this build's, so it is given here rather than in
# tauri.conf.json (which `cargo build` of the shell reads too).
config=$(printf '{"bundle":{"linux":{"deb":{"files":{"/usr/bin/tafel":"%s"}}}}}' "$cli")
rm -rf "$root/target/$profile/bundle/deb"
# The Tauri crate and the built UI are not where the CLI looks by default (a src-tauri folder
# under the UI's): say where they are.
(cd ui && TAURI_APP_PATH="$root/src-tauri" TAURI_FRONTEND_PATH="$root/ui" \
  npx --no-install tauri build "${tauri_flags[@]}" --bundles deb --config "$config" --ci)
ls "$root/target/$profile/bundle/deb/"*.deb
