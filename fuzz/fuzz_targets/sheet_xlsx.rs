#![no_main]
//! An XLSX case or register sheet: reading, mapping, validation and the import previews.
//!
//! calamine parses the workbook; Tafel reads it inside `catch_unwind` and reports a panic
//! there as an unreadable file (`sheet_unreadable`). libFuzzer's panic hook would abort on
//! such a caught panic, so here a panic in a dependency (a crate from the registry) is
//! reported once per place and left to Tafel's handling; a panic in Tafel's own code still
//! aborts, as does any panic that escapes.

use std::collections::HashSet;
use std::sync::{Mutex, Once};

static HOOK: Once = Once::new();
static SEEN: Mutex<Option<HashSet<String>>> = Mutex::new(None);

fn tolerate_dependency_panics() {
    let abort = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let Some(location) = info.location().filter(|l| l.file().contains("/.cargo/registry/")) else {
            return abort(info);
        };
        let place = format!("{}:{}", location.file(), location.line());
        let mut seen = SEEN.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if seen.get_or_insert_with(HashSet::new).insert(place.clone()) {
            eprintln!("tafel-fuzz: a dependency panicked at {place} (Tafel refuses the file): {info}");
        }
    }));
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    HOOK.call_once(tolerate_dependency_panics);
    tafel::fuzz_checks::sheet_xlsx(data);
});
