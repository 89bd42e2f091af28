# Tafel: two entry points for a fresh Debian/Ubuntu machine.
#   make run   installs what is missing, builds, and opens the app on a demo database
#   make test  installs what is missing and runs every test (Rust, UI, end-to-end under Xvfb)
#   make crash-test kills a writer 200 times at random moments and checks what survived
#   make bench installs what the comparisons need, runs every benchmark in release and rewrites
#              the README's performance table from that run

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
	webkit2gtk-driver xvfb xauth x11-utils xdotool imagemagick fonts-dejavu-core poppler-utils

.PHONY: bench bench-deps crash-test run test deps system-deps ui-deps ui e2e-deps app demo-db check-tools e2e rust-test ui-test clean-demo

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

rust-test: app
	cargo test --workspace
	@# The TypeScript types are generated from Rust by the tests above; committed copies must match.
	@git diff --exit-code --stat -- ui/src/lib/bindings || { echo "ui/src/lib/bindings is stale: commit the regenerated files"; exit 1; }

ui-test: ui-deps
	cd ui && npm run check && npm test

e2e: app e2e-deps
	tests/e2e/run.sh

test: rust-test ui-test e2e

## --- make crash-test -------------------------------------------------------

# 200 SIGKILLs of a writer at random moments, each followed by the full check (make test runs 20).
crash-test: app
	TAFEL_CRASH_TRIALS=200 cargo test --test integration crash_trials -- --nocapture

## --- make bench -----------------------------------------------------------

# Headless Chromium is the PDF benchmark's comparison (Debian's package; nothing downloaded by hand).
bench-deps: check-tools system-deps
	@command -v chromium >/dev/null || { echo "Debian-pakket installeren: chromium"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium; }

bench: bench-deps
	benches/run.sh --readme
