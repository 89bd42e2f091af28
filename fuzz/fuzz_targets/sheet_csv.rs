#![no_main]
//! A CSV case or register sheet: reading, mapping, validation, the import previews, the CSV export read back. The invariants are in `tafel::fuzz_checks::sheet_csv`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| tafel::fuzz_checks::sheet_csv(data));
