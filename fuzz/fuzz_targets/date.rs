#![no_main]
//! Dates as people type them, and every date Tafel writes read back as itself. The invariants are in `tafel::fuzz_checks::date`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| tafel::fuzz_checks::date(data));
