#![no_main]
//! The structured-rules notation (and its JSON form): parse(to_notation(r)) == r. The invariants are in `tafel::fuzz_checks::rules`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| tafel::fuzz_checks::rules(data));
