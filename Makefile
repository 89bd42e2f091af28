# Tafel: two entry points for a fresh Debian/Ubuntu machine.
#   make run   installs what is missing, builds, and opens the app on a demo database
#   make test  installs what is missing and runs every test (Rust with a throw-away PostgreSQL for
#              the table hub, UI, end-to-end under Xvfb, the .deb unpacked and started)
#   make package builds the .deb (app, icon, desktop entry, the CLI): target/release/bundle/deb/
#   make crash-test kills a writer 200 times at random moments and checks what survived
#   make bench installs what the comparisons need, runs every benchmark in release (the real app
#              window under Xvfb too) and rewrites the README's performance table from that run
#   make fuzz  runs every fuzz target to 1,000,000 executions on nightly (cargo-fuzz); not in make test

SHELL := /bin/bash
.DEFAULT_GOAL := run

ROOT := $(CURDIR)
TOOLS := $(ROOT)/.tools
DEMO_DB ?= $(ROOT)/.demo/tafel-demo.db
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian packages the build and the tests need (Tauri/WebKitGTK, SQLCipher's OpenSSL, Xvfb, WebKitWebDriver).
APT_PACKAGES := build-essential pkg-config file curl libssl-dev libdbus-1-dev \
	libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev librsvg2-dev \
	libayatana-appindicator3-dev libxdo-dev \
	webkit2gtk-driver xvfb xauth x11-utils xdotool imagemagick fonts-dejavu-core poppler-utils \
	xserver-xorg-core xserver-xorg-video-dummy x11-xserver-utils openbox

.PHONY: package package-test fuzz fuzz-deps fuzz-smoke fuzz-cmin fuzz-seeds bench bench-deps crash-test run test deps system-deps ui-deps ui e2e-deps app demo-db check-tools e2e rust-test ui-test clean-demo

## --- set-up ---------------------------------------------------------------

check-tools:
	@command -v cargo >/dev/null || { echo "Rust ontbreekt: installeer rustup (https://rustup.rs) en draai opnieuw."; exit 1; }

system-deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if ! command -v node >/dev/null || ! command -v npm >/dev/null; then missing="$$missing nodejs npm"; fi; \
	if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then missing="$$missing python3-venv python3-pip"; fi; \
	if [ -n "$$missing" ]; then \
		echo "Debian-pakketten installeren:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

ui-deps: system-deps
	@# npm ci refuses the lockfile here (other platforms' optional packages are missing from the registry);
	@# npm install honours the lockfile without changing it.
	@if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then \
		cd ui && npm install --no-audit --no-fund; fi

deps: check-tools system-deps ui-deps

ui: ui-deps
	cd ui && npm run build

app: deps ui
	cargo build --workspace --all-targets

## --- make run -------------------------------------------------------------

demo-db: app
	@mkdir -p $(dir $(DEMO_DB))
	@if [ ! -e "$(DEMO_DB)" ]; then TAFEL_KEYCHAIN=off target/debug/tafel --db "$(DEMO_DB)" demo; fi

run: demo-db
	TAFEL_KEYCHAIN=off TAFEL_AUTHOR="$${TAFEL_AUTHOR:-Marieke Jansen}" target/debug/tafel-desktop --db "$(DEMO_DB)"

clean-demo:
	rm -f $(DEMO_DB) $(DEMO_DB).key $(DEMO_DB)-wal $(DEMO_DB)-shm

## --- make test ------------------------------------------------------------

e2e-deps: system-deps
	@if [ ! -x $(TOOLS)/bin/tauri-driver ]; then cargo install tauri-driver --locked --root $(TOOLS); fi
	@if [ ! -x tests/e2e/.venv/bin/pytest ]; then \
		python3 -m venv tests/e2e/.venv && tests/e2e/.venv/bin/pip install -q -r tests/e2e/requirements.txt; fi

# The table hub's tests need a real PostgreSQL: tests/pg/with-postgres.sh installs Debian's
# postgresql when missing, starts a throw-away cluster (TLS, passwords) on TAFEL_PG_PORT (55460)
# and hands its URL to the tests as TAFEL_TEST_PG; without a server the run fails.
rust-test: app
	tests/pg/with-postgres.sh cargo test --workspace
	@# The TypeScript types are generated from Rust by the tests above; committed copies must match.
	@git diff --exit-code --stat -- ui/src/lib/bindings || { echo "ui/src/lib/bindings is stale: commit the regenerated files"; exit 1; }

ui-test: ui-deps
	cd ui && npm run check && npm test

# The hub's end-to-end test (tests/e2e/test_hub.py) syncs two app instances through PostgreSQL.
e2e: app e2e-deps
	tests/pg/with-postgres.sh tests/e2e/run.sh

# The debug build bundled as a .deb, unpacked and started under Xvfb (the release .deb is `make package`).
package-test: app ui
	packaging/build-deb.sh --debug
	tests/package/check-deb.sh target/debug/bundle/deb/*.deb

test: rust-test ui-test e2e package-test

## --- make package ---------------------------------------------------------

# Tauri's bundler from the npm @tauri-apps/cli in ui/ (no cargo install); .deb only: an AppImage
# downloads its runtime while building. The README says what macOS and Windows builds need.
package: deps ui
	packaging/build-deb.sh

## --- make crash-test -------------------------------------------------------

# 200 SIGKILLs of a writer at random moments, each followed by the full check (make test runs 20).
crash-test: app
	TAFEL_CRASH_TRIALS=200 cargo test --test integration crash_trials -- --nocapture

## --- make bench -----------------------------------------------------------

# Headless Chromium is the PDF benchmark's comparison (Debian's package; nothing downloaded by hand).
bench-deps: check-tools system-deps
	@command -v chromium >/dev/null || { echo "Debian-pakket installeren: chromium"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium; }

bench: bench-deps ui-deps e2e-deps
	benches/run.sh --readme

## --- make fuzz ------------------------------------------------------------

# Every fuzz target (fuzz/fuzz_targets/) to FUZZ_RUNS executions, one after another with one job
# (FUZZ_JOBS), within 2 GiB and 10 s per input; a crash stops its target and lands in
# fuzz/artifacts/<target>/. fuzz/run.sh prints executions, time and peak memory per target.
# FUZZ_TARGETS="sheet_csv rules" runs some. Needs nightly; not part of make test, where
# cargo test replays the corpora and past crashes instead (tests/integration/fuzz_corpora.rs).
FUZZ_RUNS ?= 1000000
FUZZ_TARGETS ?=

fuzz-deps: check-tools
	@rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz

fuzz: fuzz-deps
	FUZZ_RUNS=$(FUZZ_RUNS) fuzz/run.sh $(FUZZ_TARGETS)

# A quick pass over every target (about a minute each at most).
fuzz-smoke: fuzz-deps
	FUZZ_RUNS=20000 fuzz/run.sh $(FUZZ_TARGETS)

# Minimises what a run found (cargo fuzz cmin on fuzz/target/corpus/<target>/) and merges the
# inputs that add coverage into the committed corpus, which keeps its seeds.
fuzz-cmin: fuzz-deps
	@cd fuzz && for t in $(or $(FUZZ_TARGETS),$$(ls fuzz_targets | sed 's/\.rs$$//')); do \
		[ -d target/corpus/$$t ] && [ -n "$$(ls -A target/corpus/$$t)" ] || continue; \
		cargo +nightly fuzz cmin -s none $$t target/corpus/$$t && \
		cargo +nightly fuzz run -s none $$t corpus/$$t target/corpus/$$t -- -merge=1; \
	done; du -sh corpus

# Rewrites the seed files the corpora started from (fuzz/corpus/<target>/seed-*).
fuzz-seeds: check-tools
	cargo test --test integration fuzz_seeds -- --ignored
