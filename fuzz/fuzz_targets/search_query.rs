#![no_main]
//! Typed text as an FTS5 query: accepted by SQLite's MATCH on the real indexes. The invariants are in `tafel::fuzz_checks::search_query`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| tafel::fuzz_checks::search_query(data));
