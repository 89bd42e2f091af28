#![no_main]
//! Amounts as people type them, and parse(format(x)) == x. The invariants are in `tafel::fuzz_checks::amount`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| tafel::fuzz_checks::amount(data));
