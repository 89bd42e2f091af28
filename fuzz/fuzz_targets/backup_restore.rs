#![no_main]
//! Plain and encrypted backups restored into an empty database: after an error it stays empty. The invariants are in `tafel::fuzz_checks::backup_restore`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| tafel::fuzz_checks::backup_restore(data));
