#!/usr/bin/env bash
# Runs Tafel's fuzz targets one after another (`make fuzz`; `make fuzz-smoke` for a short run).
#
#   fuzz/run.sh [TARGET...]        every target when none is named
#
# Environment: FUZZ_RUNS (executions per target, default 1000000), FUZZ_JOBS (parallel
# fuzzing processes per target, default 1: the machines have 2 cores), FUZZ_SANITIZER
# (default none, see below).
#
# Each target starts from its committed corpus (fuzz/corpus/<target>/) and its past crashes
# (fuzz/regressions/<target>/) and writes what it finds to a scratch corpus in
# fuzz/target/corpus/<target>/, so the committed corpus only changes through `make fuzz-cmin`.
# Crashes land in fuzz/artifacts/<target>/. Per target the run prints and appends to
# fuzz/target/results.tsv: executions, wall time, peak RSS, crashes.
#
# Sanitizer: Tafel's code forbids `unsafe`, so AddressSanitizer finds nothing in it that the
# panics and overflow checks of this build do not; the C code (SQLCipher) is not instrumented
# by cargo-fuzz either way. Without it the targets run about twice as fast.
set -euo pipefail

cd "$(dirname "$0")"
RUNS=${FUZZ_RUNS:-1000000}
JOBS=${FUZZ_JOBS:-1}
SANITIZER=${FUZZ_SANITIZER:-none}
ALL=(sheet_csv sheet_xlsx register_json amount date rules backup_restore search_query matching_config)
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=("${ALL[@]}")

# The largest input per target: well above its seeds (an XLSX of the example sheet is 24 KB,
# a decrypted backup image 72 KB), small enough to keep each execution fast.
max_len() {
	case "$1" in
		sheet_xlsx) echo 32768 ;;
		backup_restore) echo 81920 ;;
		sheet_csv | register_json) echo 16384 ;;
		matching_config) echo 8192 ;;
		*) echo 4096 ;;
	esac
}

dict() {
	case "$1" in
		sheet_csv) echo dicts/sheet.dict ;;
		sheet_xlsx | search_query) ;;
		*) [ -f "dicts/$1.dict" ] && echo "dicts/$1.dict" ;;
	esac
}

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
cargo +nightly fuzz build -s "$SANITIZER"

mkdir -p target/logs
results=target/results.tsv
[ -f "$results" ] || printf 'date\ttarget\texecutions\twall_s\tpeak_rss_mb\tcrashes\texec_per_s\n' >"$results"
status=0
for target in "${TARGETS[@]}"; do
	work="target/corpus/$target"
	mkdir -p "$work" "artifacts/$target" "regressions/$target"
	log="target/logs/$target.log"
	args=(-runs="$RUNS" -rss_limit_mb=2048 -timeout=10 -max_len="$(max_len "$target")" -print_final_stats=1)
	d=$(dict "$target") && [ -n "$d" ] && args+=(-dict="$d")
	if [ "$JOBS" -gt 1 ]; then
		# Every job runs its share of the executions.
		args=(-runs=$((RUNS / JOBS)) "${args[@]:1}" -jobs="$JOBS" -workers="$JOBS")
	fi
	echo "== $target: $RUNS executions (log: fuzz/$log)"
	crashes_before=$(find "artifacts/$target" -type f | wc -l)
	start=$(date +%s.%N)
	set +e
	/usr/bin/time -f '%M' -o "target/logs/$target.rss" \
		cargo +nightly fuzz run -s "$SANITIZER" "$target" "$work" "corpus/$target" "regressions/$target" -- "${args[@]}" >"$log" 2>&1
	rc=$?
	set -e
	wall=$(echo "$(date +%s.%N) - $start" | bc)
	# libFuzzer's own figures; with -jobs each job writes fuzz-<n>.log in this folder.
	logs=("$log" $(ls fuzz-*.log 2>/dev/null || true))
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "${logs[@]}" | paste -sd+ | bc || true)
	peak=$(sed -n 's/^stat::peak_rss_mb: *//p' "${logs[@]}" | sort -n | tail -1 || true)
	rm -f fuzz-*.log
	crashes=$(($(find "artifacts/$target" -type f | wc -l) - crashes_before))
	rate=$(echo "${execs:-0} / $wall" | bc)
	printf '%s\t%s\t%s\t%.0f\t%s\t%s\t%s\n' "$(date -Iseconds)" "$target" "${execs:-?}" "$wall" "${peak:-?}" "$crashes" "$rate" | tee -a "$results"
	if [ "$rc" -ne 0 ] || [ "$crashes" -gt 0 ]; then
		echo "   $target stopped (exit $rc); see fuzz/$log and fuzz/artifacts/$target/" >&2
		status=1
	fi
done
exit $status
