#![no_main]
//! A register file in JSON: reading, mapping, validation and the register import preview. The invariants are in `tafel::fuzz_checks::register_json`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| tafel::fuzz_checks::register_json(data));
