#![no_main]
//! matching.toml: refused with the file named, or matching and stacks run within their bounds. The invariants are in `tafel::fuzz_checks::matching_config`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| tafel::fuzz_checks::matching_config(data));
