//! The TypeScript types the UI imports are generated from the Rust types (ts-rs).

#[test]
fn generated_bindings_exist_for_the_ui() {
    // ts-rs writes them when `cargo test` runs its export tests; this checks the result is in place.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/bindings");
    for name in ["Case", "CaseDraft", "CaseFilter", "ErrorPayload", "Taxonomy", "FinancierSummary"] {
        let path = dir.join(format!("{name}.ts"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(text.contains(&format!("export type {name}")), "{name}.ts declares {name}");
    }
}
